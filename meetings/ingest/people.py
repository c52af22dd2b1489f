"""The people an article names (its officials), with the title, organization and country
the article gives them, merged over all their mentions."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from meetings.countries import country_code
from meetings.ingest import patterns as P
from meetings.ingest.components import DESCRIPTORS, NOT_OFFICIALS, TITLED
from meetings.ingest.doccache import positions, sent_span, sentence_of
from meetings.ingest.person_names import is_place, read_name
from meetings.ingest.records import KnownOfficial, Lexicon, OfficialRecord, Span
from meetings.services.identity import same_official

_LOWER_WORDS = frozenset({"of", "for", "and", "the", "on", "to", "in"})
_POSSESSIVE = ("'s", "’s", "'")
_QUALIFIERS = frozenset(
    {
        "senior",
        "top",
        "former",
        "outgoing",
        "incoming",
        "then",
        "acting",
        "visiting",
        "new",
        "veteran",
        "retired",
        "high-ranking",
        "ranking",
    }
)


@dataclass(frozen=True, slots=True)
class Descriptor:
    """What a descriptor says about a person."""

    title: str = ""
    organization: str = ""
    country: str = ""


def parse_descriptor(tokens: list[str] | tuple[str, ...]) -> Descriptor:
    """Split descriptor words into title, organization and country.

    ["U.S.", "Secretary", "of", "State"] -> ("Secretary of State", "", "US");
    ["Chinese", "Communist", "Party", "International", "Liaison", "Department",
    "Minister"] -> ("Minister", "Chinese Communist ... Department", "CN").
    """
    return _parse(tuple(tokens))


@functools.lru_cache(maxsize=8192)
def _parse(tokens: tuple[str, ...]) -> Descriptor:
    # "the" stays after a preposition inside the title ("Chairperson of the African Union
    # Commission", "Minister in the Presidency"), as written.
    words = [
        w
        for i, w in enumerate(tokens)
        if w.lower() not in P.HONORIFICS
        and (
            w.lower() not in ("the", "a")
            or w.lower() == "the" and i > 0 and tokens[i - 1].lower() in ("of", "in", "for")
        )
    ]
    # Leading lower-case qualifiers before a country ("senior Chinese official") are dropped.
    lead = 0
    while lead < len(words) - 1 and words[lead].islower() and words[lead] in _QUALIFIERS:
        lead += 1
    if lead and words[lead][:1].isupper():
        words = words[lead:]
    if not words:
        return Descriptor()
    # Country: a leading country word or possessive ("U.S.", "Chinese", "China's",
    # "South Korean"), tried longest first.
    country = ""
    country_len = 0
    possessive = False
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        chunk = words[:n]
        poss = len(chunk) > 1 and chunk[-1] in _POSSESSIVE
        text = " ".join(chunk[:-1] if poss else chunk)
        if text and text[0].isupper():
            code = country_code(text)
            if code:
                country, country_len, possessive = code, n, poss
                break
    rest = words[country_len:]
    if rest and rest[0] in _POSSESSIVE:
        rest = rest[1:]
        possessive = True
    # Title: back from the end over heads, "of X" objects and modifiers; stop at an
    # organization noun or at a capitalized word that is not a title word.
    head_at = next((i for i, w in enumerate(rest) if _is_head(w)), -1)
    if head_at < 0:
        return Descriptor("", _org(words[:country_len], rest, possessive), country)
    start = head_at
    # the title runs to the end (it may contain "of State", "-General")
    while start > 0:
        w = rest[start - 1]
        low = w.lower()
        if low in P.ORG_NOUNS and w[:1].isupper():
            break
        if low in P.TITLE_MODIFIERS or low in P.TITLE_HEADS or w in ("-", "‑"):
            start -= 1
            continue
        break
    title_words = rest[start:]
    # "Foreign Minister Prince": a rank of nobility after the office is not part of it.
    for i in range(head_at - start + 1, len(title_words)):
        if title_words[i].lower() in P.NOBLE_RANKS:
            title_words = title_words[:i]
            break
    org_words = rest[:start]
    # "White House" inside the modifiers of a lower-case title ("White House deputy...")
    org = _org(words[:country_len], org_words, possessive)
    weak = all(
        w.lower() in P.WEAK_HEADS or w.lower() in P.TITLE_MODIFIERS for w in title_words
    ) and any(w.lower() in P.WEAK_HEADS for w in title_words)
    # "North Korean leader Kim Jong Un", "junta leader": a description, not an office
    # (unlike "Supreme Leader" or "Majority Leader").
    weak = weak or title_words[-1:] == ["leader"]
    title = "" if weak else _title_case(title_words)
    if (
        org_words
        and org_words[-1].lower() in P.ORG_IN_TITLE
        or (org_words and " ".join(org_words).lower() in P.ORG_IN_TITLE)
    ):
        title = f"{' '.join(org_words)} {title}".strip() if title else ""
    if not country and org:
        country = P.ORG_COUNTRY.get(org.lower(), "") or _org_country(org)
    if not country and "of" in words[:-1]:
        # "President of Angola", "Minister of Foreign Affairs of Cuba".
        at = len(words) - 1 - words[::-1].index("of")
        country = country_code(" ".join(words[at + 1 :]))
    return Descriptor(title, org, country)


def _org(country_words: list[str], org_words: list[str], possessive: bool) -> str:
    if not org_words:
        return ""
    if country_words and not possessive and any(w.lower() in P.ORG_NOUNS for w in org_words):
        # "Chinese Communist Party ..." keeps its adjective; "U.S. Commerce" would not.
        org_words = country_words + org_words
    return _join(org_words)


@functools.lru_cache(maxsize=1024)
def _org_country(org: str) -> str:
    low = org.lower()
    for key, code in P.ORG_COUNTRY.items():
        if key in low:
            return code
    first = org.split()[0]
    return country_code(first) if first[:1].isupper() else ""


def _is_head(word: str) -> bool:
    low = word.lower()
    return low in P.TITLE_HEADS or low in P.WEAK_HEADS or low in P.PLURAL_HEADS


def _join(words: list[str]) -> str:
    text = " ".join(words)
    return text.replace(" - ", "-").replace(" ‑ ", "-").replace(" ’s", "’s").replace(" 's", "'s")


def _title_case(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in _LOWER_WORDS:
            out.append(low)
        elif w.isupper() and len(w) > 1 or any(c.isupper() for c in w[1:]):
            out.append(w)  # acronyms and names as written: "NATO", "McDonald"
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return _join(out)


# ---------------------------------------------------------------------------


@dataclass
class _Person:
    name: str
    first: int  # char offset of the first mention, for ordering
    title: str = ""
    organization: str = ""
    country: str = ""
    aliases: dict[str, None] = field(default_factory=dict)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    evidence: dict[tuple[int, int], None] = field(default_factory=dict)
    titled: bool = False
    known: bool = False


def find_officials(doc: Doc, *, lexicon: Lexicon | None = None) -> list[OfficialRecord]:
    """People the article names, with title, organization and country, mentions merged."""
    return find_people(doc, lexicon=lexicon)[0]


def find_people(
    doc: Doc, *, lexicon: Lexicon | None = None
) -> tuple[list[OfficialRecord], list[OfficialRecord]]:
    """(officials, untitled): the people the article gives an office or the lexicon knows,
    and the other people it names ("Xi Jinping" alone), who become officials only when
    a rule finds them acting as one (meeting an official)."""
    lexicon = lexicon or Lexicon()
    rejected = {r.casefold() for r in lexicon.rejected_people}
    not_people = {s.text.casefold() for s in doc.spans.get(NOT_OFFICIALS, [])}
    noise_tokens = set()
    for s in doc.spans.get("diplomacy_noise", []):
        noise_tokens.update(range(s.start, s.end))

    descriptors = list(doc.spans.get(DESCRIPTORS, []))
    titled = list(doc.spans.get(TITLED, []))
    info_at: dict[tuple[int, int], Descriptor] = {}
    weak_at: set[tuple[int, int]] = set()
    for desc, name in zip(descriptors, titled, strict=False):
        d = parse_descriptor([t.text for t in desc])
        d = _of_country(doc, name, d)
        if desc.label_ == "WEAK":
            weak_at.add((name.start, name.end))
            d = Descriptor("", d.organization, d.country)  # a description, not a title
        info_at[(name.start, name.end)] = d

    mentions: list[SpacySpan] = [
        _trimmed(e) for e in doc.ents if e.label_ == "PERSON" and e.start not in noise_tokens
    ]
    known = _known_mentions(doc, lexicon)
    known_by_span = {(s.start, s.end): k for s, k in known}
    in_mentions = {i for m in mentions for i in range(m.start, m.end)}
    for s, _ in known:
        if not any(i in in_mentions for i in range(s.start, s.end)):
            mentions.append(s)
    mentions.sort(key=lambda m: m.start)

    people: dict[str, _Person] = {}
    order: list[str] = []

    # Full names first (multi-word or titled); single words then attach to them.
    def clean(m: SpacySpan) -> str:
        text = m.text.strip()
        for suffix in _POSSESSIVE:
            if text.endswith(suffix):
                text = text[: -len(suffix)].rstrip()
        return text

    singles: list[SpacySpan] = []
    for m in mentions:
        text = clean(m)
        if not text or text.casefold() in rejected or text.casefold() in not_people:
            continue
        if text.casefold() in P.NEWS_AGENCIES or _not_a_person(text):
            continue
        if m.end < len(doc) and doc[m.end].lower_ in _NAMED_PLACES:
            continue  # "the official Dr John Langalibalele Dube residence": a building
        if len(text) < 2 or (m.start, m.end) not in info_at and (
            is_place(text) or text.casefold() in P.HONORIFICS or text.casefold() in P.TITLE_HEADS
        ):
            continue  # NER's "Tajik", "Sri Lanka", "Majesty" or "President": not a name
        key_span = (m.start, m.end)
        k = known_by_span.get(key_span)
        if k is not None:
            name = k.name
        elif len(text.split()) > 1:
            name = text
        else:
            singles.append(m)
            continue
        _add(people, order, name, m, info_at.get(key_span), key_span in weak_at, k)

    _merge_prefixes(people, order)

    # "Xi Jinping met ..." where NER saw only the later "Xi": the full name written
    # elsewhere is the person's name.
    fuller = _fuller_forms(doc, singles, mentions, noise_tokens)
    for m, span in fuller:
        if clean(span).casefold() not in rejected and not _not_a_person(clean(span)):
            _add(people, order, clean(span), span, info_at.get((m.start, m.end)), False, None)
    by_word: dict[str, list[str]] = {}
    for name in order:
        for word in dict.fromkeys(_word_key(w) for w in name.split()):
            by_word.setdefault(word, []).append(name)
    # "President Joko Widodo (Jokowi)": the word in brackets is the person's alias.
    bracketed = _bracketed_aliases(doc, people, order)
    for word, name in bracketed.items():
        by_word[_word_key(word)] = [name]
    for m in singles:
        text = clean(m)
        target = _resolve_single(text, by_word, people) or text
        key_span = (m.start, m.end)
        _add(people, order, target, m, info_at.get(key_span), key_span in weak_at, None)

    # Words of a name used alone ("Blinken", "Liu") where NER saw no person.
    covered = {i for m in mentions for i in range(m.start, m.end)} | noise_tokens
    covered.update(i for _, span in fuller for i in range(span.start, span.end))
    parts: dict[str, str | None] = {}
    for name in order:
        for part in name.split():
            if (
                len(part) > 1
                and part[0].isupper()
                and part not in P.ROMAN_NUMERALS
                and part.lower() not in P.NAME_PARTICLES
            ):
                parts[part] = None if part in parts and parts[part] != name else name
    parts.update(bracketed)
    wanted = {get_string_id(p) for p, n in parts.items() if n is not None}
    if wanted:
        for i, orth in enumerate(doc.to_array("ORTH").tolist()):
            if orth not in wanted:
                continue
            text = doc[i].text
            if i not in covered and text.casefold() not in rejected and not is_place(text):
                _add(people, order, parts[text], doc[i : i + 1], None, False, None)
    _merge_variants(people, order)
    # Order by first mention, whatever pass found the person.
    order.sort(key=lambda n: people[n].first)
    _role_mentions(doc, people, order, info_at)
    order.sort(key=lambda n: people[n].first)  # a holder named late is first mentioned early

    # Lexicon fallbacks for title/country/organization.
    known_names = {k.name: k for k in lexicon.officials}
    records: list[OfficialRecord] = []
    untitled: list[OfficialRecord] = []
    for name in order:
        p = people[name]
        k = known_names.get(name)
        if k is not None:
            p.known = True
            p.title = p.title or k.title
            p.organization = p.organization or k.organization
            p.country = p.country or k.country
        if name.casefold() in rejected:
            continue
        # A person the article names without any office is not (yet) an official.
        into = records if p.titled or p.known or p.title else untitled
        into.append(
            OfficialRecord(
                name=name,
                title=p.title,
                organization=p.organization,
                country=p.country,
                aliases=tuple(a for a in p.aliases if a != name),
                mentions=tuple(Span(s, e) for s, e in p.mentions),
                evidence=tuple(Span(s, e) for s, e in sorted(p.evidence)),
            )
        )
    return records, untitled


# Words after a name that make it the name of a place: "the Dube residence".
_NAMED_PLACES = frozenset({"residence", "airport", "stadium", "hall", "palace", "building"})


def _not_a_person(text: str) -> bool:
    """Media, networks, seats of government, facilities and contractions ("I'm") that
    NER read as a person."""
    low = text.casefold()
    if low in P.NOT_PERSON_NAMES or low.split()[-1] in P.FACILITY_WORDS:
        return True
    if low in P.MEETING_NOUNS or low[:-1] in P.MEETING_NOUNS:
        return True  # "the upcoming extraordinary Summits": NER's person
    return low[:2] in ("i'", "i’", "i‘")


def _trimmed(span: SpacySpan) -> SpacySpan:
    """A person entity without the headline words NER ran into ("Xi Jinping Meet")."""
    end = span.end
    while (
        end - span.start > 1
        and span.doc[end - 1].is_title
        and span.doc[end - 1].lower_ in P.NOT_NAME_WORDS
    ):
        end -= 1
    return span if end == span.end else span.doc[span.start : end]


def _fuller_forms(doc: Doc, singles, mentions, noise_tokens) -> list:
    """(single mention, fuller span): where a one-word name NER found ("Xi") is written
    elsewhere with more name words after it ("Xi Jinping") that NER did not tag."""
    covered = {i for m in mentions for i in range(m.start, m.end)} | noise_tokens
    words = {m.text for m in singles if m.text[:1].isupper()}
    if not words:
        return []
    wanted = {get_string_id(w) for w in words}
    by_text = {m.text: m for m in singles}
    out = []
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):
        if orth not in wanted or i in covered:
            continue
        end = read_name(doc, i, True)
        if end - i >= 2 and not any(j in covered for j in range(i, end)):
            out.append((by_text[doc[i].text], doc[i:end]))
    return out


def _bracketed_aliases(doc: Doc, people: dict, order: list[str]) -> dict[str, str]:
    """One capitalized word in brackets right after a full name: that person's alias."""
    out: dict[str, str] = {}
    ends = {}
    for name in order:
        for _start, end in people[name].mentions:
            ends[end] = name
    for i in positions(doc, _OPEN_BRACKET, "ORTH"):
        if i == 0 or i + 2 >= len(doc) or doc[i + 2].text != ")":
            continue
        before = doc[i - 1]
        word = doc[i + 1]
        name = ends.get(before.idx + len(before.text))
        if name and word.is_title and word.is_alpha and len(name.split()) > 1:
            out[word.text] = name
    return out


_OPEN_BRACKET = frozenset({"("})


def _role_mentions(doc: Doc, people: dict, order: list[str], info_at: dict) -> None:
    """'the Secretary' (capitalized, no name after it) is the official with that office
    named most often before it (the first named of those named equally often): the person the
    article is about ("the King received ..." after King Abdullah, who received, and King
    Salman, who sent a letter); a mention of that person, though not an alias."""
    titled_tokens = {i for s, e in info_at for i in range(s, e)}
    # One pass in text order: for each title word, the person whose mention of all
    # those with that word in their title came last.
    events = sorted((s, name) for name in order for s, _ in people[name].mentions)
    words = {name: set(people[name].title.lower().replace("-", " ").split()) for name in order}
    # Title word -> ((mentions, -first), name) of its best holder so far: kept as counts
    # grow, so each role mention costs the same however many holders there are.
    latest: dict[str, tuple[tuple[int, int], str]] = {}
    counts: dict[str, int] = {}
    # Role phrase -> ("the" token, head token, title) of its mentions held by nobody yet.
    unheld: dict[str, list[tuple[int, int, str]]] = {}
    k = 0
    for i in positions(doc, P.TITLE_HEADS):
        tok = doc[i]
        # "the Prime Minister", "the Foreign Minister": capitalized modifiers first.
        j = i - 1
        while j > 0 and i - j <= 2 and doc[j].is_title and doc[j].lower_ in P.TITLE_MODIFIERS:
            j -= 1
        if j < 0 or doc[j].lower_ != "the" or not tok.text[:1].isupper():
            continue
        role = [doc[x].lower_ for x in range(j + 1, i + 1)]
        if i + 1 < len(doc) and (i + 1 in titled_tokens or doc[i + 1].ent_type_ == "PERSON"):
            continue
        if i + 1 < len(doc) and doc[i + 1].lower_ == "of":
            continue  # "the President of Burundi, X": an office of its own, maybe a new holder
        if i + 2 < len(doc) and doc[i + 1].text == "," and doc[i + 2].ent_type_ == "PERSON":
            continue  # "The Prime Minister, Justin Trudeau, announced": the name's descriptor
        while k < len(events) and events[k][0] < tok.idx:
            _count_holder(latest, counts, words, people[events[k][1]])
            k += 1
        held = latest.get(role[-1])
        if not held or not (set(role) <= words[held[1]] or words[held[1]] <= set(role)):
            unheld.setdefault(" ".join(role), []).append((j, i, _role_title(doc, j + 1, i)))
            continue
        best = people[held[1]]
        start = doc[j].idx
        best.mentions.append((start, tok.idx + len(tok.text)))
        best.mentions.sort()
        _count_holder(latest, counts, words, best)
        best.evidence[sent_span(sentence_of(doc, i))] = None
    for roles in unheld.values():
        _later_holder(doc, people, order, roles)


def _count_holder(latest: dict, counts: dict, words: dict, p: _Person) -> None:
    """One more mention of ``p``: the best holder of each of its title words, updated."""
    counts[p.name] = counts.get(p.name, 0) + 1
    score = (counts[p.name], -p.first)
    for word in words[p.name]:
        best = latest.get(word)
        if best is None or score > best[0] or best[1] == p.name:
            latest[word] = (score, p.name)


def _role_title(doc: Doc, start: int, head: int) -> str:
    """The office a role phrase names, with its hyphenated parts: "Secretary-General"."""
    j = head
    while j + 2 < len(doc) and doc[j + 1].text in ("-", "‑") and doc[j + 2].is_title:
        j += 2
    return doc[start : j + 1].text


def _later_holder(
    doc: Doc, people: dict, order: list[str], roles: list[tuple[int, int, str]]
) -> None:
    """'The Secretary-General met ...' long before 'Mr. Guterres' is named: the office
    with no holder named before it is the first person named after it with no office of
    their own, called by an honorific ("Mr.", "Ms."), as readouts name their subject."""
    first = doc[roles[0][1]].idx
    holder = next(
        (
            people[n]
            for n in sorted(order, key=lambda n: people[n].first)
            if people[n].first > first
            and not people[n].title
            and not people[n].titled
            and any(_after_honorific(doc, s) for s, _ in people[n].mentions)
        ),
        None,
    )
    if holder is None:
        return
    holder.title = roles[0][2]
    holder.titled = True
    for the, i, _ in roles:
        holder.mentions.append((doc[the].idx, doc[i].idx + len(doc[i].text)))
        holder.evidence[sent_span(sentence_of(doc, i))] = None
    holder.mentions.sort()
    holder.first = min(holder.first, holder.mentions[0][0])


_MISTER = frozenset({"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "madam"})


def _after_honorific(doc: Doc, char: int) -> bool:
    """Whether the mention starting at character ``char`` follows "Mr.", "Ms." ..."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in _MISTER


def untitled_people(doc: Doc, officials: list[OfficialRecord]) -> list[str]:
    """Names of people in the doc that are not officials (credits, bylines, the untitled)."""
    names = {o.name for o in officials} | {a for o in officials for a in o.aliases}
    words = {w for n in names for w in n.split()}
    out: dict[str, None] = {}
    for s in doc.spans.get(NOT_OFFICIALS, []):
        out[s.text] = None
    for e in doc.ents:
        if e.label_ == "PERSON" and e.text not in names and e.text not in words:
            out[e.text] = None
    return list(out)


def _of_country(doc: Doc, name: SpacySpan, d: Descriptor) -> Descriptor:
    """'King Abdullah II of Jordan', 'President Xi Jinping of China': country after 'of'."""
    if d.country or name.end + 1 >= len(doc) or doc[name.end].lower_ != "of":
        return d
    j = name.end + 1
    if doc[j].lower_ == "the":
        j += 1
    end = j
    while end < len(doc) and end - j < 4 and doc[end].text[:1].isupper():
        end += 1
    if end == j:
        return d
    code = country_code(doc[j:end].text)
    if not code:
        return d
    return Descriptor(d.title, d.organization, code)


def _add(people, order, name, m, info, weak, known) -> None:
    p = people.get(name)
    if p is None:
        p = _Person(name=name, first=m.start_char)
        people[name] = p
        order.append(name)
    p.first = min(p.first, m.start_char)
    text = m.text
    for suffix in _POSSESSIVE:
        if text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
    if text != name:
        p.aliases[text] = None
    p.mentions.append((m.start_char, m.end_char))
    p.evidence[sent_span(sentence_of(m.doc, m.start))] = None
    if info is not None:
        p.titled = True  # even "senior official Liu": the article calls them an official
        if not p.title and info.title:
            p.title = info.title
            p.organization = p.organization or info.organization
        elif info.organization and not p.organization and not p.title:
            p.organization = info.organization
        if not p.country and info.country:
            p.country = info.country
    if known is not None:
        p.known = True


def _merge_prefixes(people: dict[str, _Person], order: list[str]) -> None:
    """ "Abiy Ahmed" and "Abiy Ahmed Ali", "de la Fuente" and "Juan Ramón de la Fuente",
    "Yusuf Tuggar" and "Yusuf Maitama Tuggar": a name of two or more words that starts
    or ends exactly one longer name, or has its first and last word, is that person's
    shorter form."""
    multi = [n for n in order if len(n.split()) > 1]
    if len(multi) < 2:
        return
    for short in sorted(multi, key=lambda n: len(n.split())):
        words = short.split()
        k = len(words)
        longer = [
            n
            for n in multi
            if n != short
            and n in people
            and len(n.split()) > k
            and (
                n.split()[:k] == words
                or n.split()[-k:] == words
                # "Yusuf Tuggar" / "Yusuf Maitama Tuggar": a middle name left out
                or k == 2 and n.split()[0] == words[0] and n.split()[-1] == words[-1]
            )
        ]
        if len(longer) != 1 or short not in people:
            continue
        _absorb_person(people[longer[0]], people.pop(short))
        order.remove(short)


def _merge_variants(people: dict[str, _Person], order: list[str]) -> None:
    """Spellings of one name in one text ("Vladimir Medinsky" / "Vladimir Medinskiy",
    "Johannis" / "Klaus Iohannis", "Al Sisi" / "Abdel-Fattah el-Sisi"): one person,
    under the fullest form (then the most mentioned, then the first). Identity's
    ``same_official`` decides, so people sharing a family name stay apart; a one-word
    form joins only when exactly one fuller name matches it."""
    if len(order) < 2:
        return

    def rank(name: str) -> tuple:
        # Hyphenated parts count: "Abdel-Fattah el-Sisi" is fuller than "Al Sisi".
        words = [
            w for w in name.replace("-", " ").split()
            if w.lower().rstrip(".") not in P.HONORIFICS
        ]
        return (-len(words), -len(people[name].mentions), people[name].first)

    # Only names whose last words are one edit apart can be spellings of one name: a
    # last word and its one-letter deletions index them, so the work stays linear.
    near: dict[str, set[str]] = {}
    for name in order:
        for key in _deletions(_word_key(name.split()[-1])):
            near.setdefault(key, set()).add(name)
    # Full names first, then one-word forms (which need a single fuller match left).
    for name in sorted(order, key=lambda n: (len(n.split()) > 1, rank(n)), reverse=True):
        if name not in people:
            continue
        p = people[name]
        close = {n for key in _deletions(_word_key(name.split()[-1])) for n in near.get(key, ())}
        others = [
            n for n in sorted((n for n in close if n in people), key=lambda n: people[n].first)
            if n != name and rank(n) < rank(name)
            and same_official(name, n, country_a=p.country, country_b=people[n].country)
        ]
        if len(name.split()) == 1:
            others = [n for n in others if len(n.split()) > 1]  # "el-Sisi" is no fuller name
            if len(others) != 1:
                continue
        elif not others:
            continue
        target = min(others, key=rank)
        _absorb_person(people[target], people.pop(name))
        order.remove(name)


def _deletions(word: str) -> set[str]:
    """A word and every form of it with one letter left out."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _absorb_person(q: _Person, p: _Person) -> None:
    """Fold person ``p`` (a shorter form of the name) into ``q``."""
    q.first = min(q.first, p.first)
    q.aliases[p.name] = None
    for a in p.aliases:
        if a != q.name:
            q.aliases[a] = None
    q.mentions = sorted(set(q.mentions) | set(p.mentions))
    q.evidence.update(p.evidence)
    if not q.title and p.title:
        q.title, q.organization = p.title, q.organization or p.organization
    q.organization = q.organization or p.organization
    q.country = q.country or p.country
    q.titled = q.titled or p.titled
    q.known = q.known or p.known


def _word_key(word: str) -> str:
    """A name word as compared alone: "El-Sisi", "al-Sisi" and "Sisi" are one word."""
    low = word.casefold()
    head, dash, rest = low.partition("-")
    return rest if dash and head in _ARTICLES and rest else low


_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "ul"})


def _resolve_single(
    text: str, by_word: dict[str, list[str]], people: dict[str, _Person] | None = None
) -> str | None:
    """'Blinken' -> 'Antony Blinken' when exactly one full name found has that word, or
    exactly one of those named with an office ("Lula": the president, not his wife)."""
    hits = [n for n in by_word.get(_word_key(text), ()) if n != text]
    if len(hits) == 1:
        return hits[0]
    if people is not None and len(hits) > 1:
        titled = [n for n in hits if n in people and (people[n].titled or people[n].known)]
        if len(titled) == 1:
            return titled[0]
    return None


_MATCHERS: dict[tuple[int, int], tuple[PhraseMatcher, dict[str, KnownOfficial]]] = {}


def _known_mentions(doc: Doc, lexicon: Lexicon) -> list[tuple[SpacySpan, KnownOfficial]]:
    """Mentions of officials the lexicon knows (names and accepted aliases)."""
    if not lexicon.officials:
        return []
    key = (id(doc.vocab), hash(lexicon.officials))
    cached = _MATCHERS.get(key)
    if cached is None:
        matcher = PhraseMatcher(doc.vocab)
        by_key: dict[str, KnownOfficial] = {}
        tokenizer = _tokenizer()
        family = _family_names(lexicon.officials)
        for i, k in enumerate(lexicon.officials):
            label = f"KNOWN_{i}"
            by_key[label] = k
            forms = [f for f in (k.name, *k.aliases) if f.strip()]
            # Match on ORTH hashes, which do not depend on the vocab that made them.
            matcher.add(label, [tokenizer(f) for f in forms])
            if i in family and family[i] not in forms:
                by_key[f"FAMILY_{i}"] = k
                matcher.add(f"FAMILY_{i}", [tokenizer(family[i])])
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        cached = _MATCHERS[key] = (matcher, by_key)
    matcher, by_key = cached
    spans = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        tok = doc[start]
        if label.startswith("FAMILY_") and not (
            tok.ent_type_ == "PERSON" or tok.ent_type_ == "" and (
                not tok.is_sent_start
                or end < len(doc) and (doc[end].tag_.startswith("VB") or doc[end].tag_ == "POS")
            )
        ):
            # A family name alone: where NER saw a person, mid-sentence, or as the subject
            # of a sentence ("Lavrov held talks"; not "Rice prices rose").
            continue
        spans.append((doc[start:end], by_key[label]))
    # Longest match wins where matches overlap.
    spans.sort(key=lambda s: (s[0].start, -len(s[0])))
    out: list[tuple[SpacySpan, KnownOfficial]] = []
    last_end = -1
    for s, k in spans:
        if s.start >= last_end:
            out.append((s, k))
            last_end = s.end
    return out


def _family_names(known: tuple[KnownOfficial, ...]) -> dict[int, str]:
    """Index -> family name, for the known officials whose last name word no other known
    official shares ("Lavrov" for Sergey Lavrov, not "Wang"): a later "Lavrov" alone,
    with no title, is that person. Short words and office words are left out."""
    words: dict[str, list[int]] = {}
    for i, k in enumerate(known):
        parts = k.name.split()
        if len(parts) < 2:
            continue
        last = parts[-1]
        if len(last) >= 4 and last[0].isupper() and last.lower() not in P.TITLE_HEADS:
            words.setdefault(last, []).append(i)
    return {ids[0]: w for w, ids in words.items() if len(ids) == 1}


@functools.cache
def _tokenizer():
    """English tokenizer for lexicon phrases (same rules as the article's)."""
    import spacy

    return spacy.blank("en").tokenizer
