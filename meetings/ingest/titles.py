"""Title reading: "U.S. Secretary of State Antony Blinken", "China's commerce minister,
Wang Wentao", "Wang Yi, China's foreign minister", "senior official Liu Jianchao".

Each reader returns the descriptor span and the name span it describes, or None.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from meetings.ingest import patterns as P
from meetings.ingest.person_names import (
    first_name_head,
    is_cap,
    is_country,
    is_place,
    name_token,
    read_name,
)


def _extend_title_right(doc: Doc, head: int) -> int:
    """Index after the title that starts its head at ``head`` ("Secretary of State")."""
    n = len(doc)
    j = head + 1
    while j < n:
        tok = doc[j]
        if tok.lower_ in P.NOBLE_RANKS and j > head:
            break  # "Foreign Minister Prince Saud": the prince is not part of the office
        if first_name_head(doc, j, after_office=True):
            break  # "Foreign Minister Amir Khan Muttaqi": a given name
        if tok.lower_ in P.TITLE_HEADS and is_cap(tok) == is_cap(doc[head]):
            j += 1
            continue
        if (
            tok.text in ("-", "‑")
            and j + 1 < n
            and (doc[j + 1].lower_ in P.TITLE_HEADS or doc[j + 1].lower_ in ("elect", "designate"))
        ):
            j += 2
            continue
        if tok.lower_ in ("of", "for") and j + 1 < n:
            k = j + 1
            while (
                k < n
                and _portfolio_word(doc[k].lower_)
                and (doc[k].lower_ != "and" or k + 1 < n and _portfolio_word(doc[k + 1].lower_))
            ):
                if doc[k].lower_ == "the" and k != j + 1:
                    break
                k += 1
            if k > j + 1 and doc[k - 1].lower_ not in ("the", "and"):
                j = k
                continue
            # "Special Representative for Syria Lakhdar Brahimi": a country, then a name;
            # "the President of Angola, João Lourenço": a country, then a comma.
            k = j + 1 + (doc[j + 1].lower_ == "the")
            # Up to the official long form: "the Federal Republic of Nigeria".
            for width in (6, 5, 4, 3, 2, 1):
                end = k + width
                if (
                    end < n
                    and is_cap(doc[k])
                    and is_cap(doc[end - 1])
                    and all(is_cap(t) or t.lower_ in ("of", "the", "'s") for t in doc[k:end])
                    and (name_token(doc[end]) or doc[end].text == ",")
                    and is_country(doc[k:end].text)
                ):
                    return end
            # "Minister of State for African Affairs": a portfolio of capitalized words.
            k = j + 1
            while k < n and k - j <= 3 and is_cap(doc[k]) and doc[k].lower_ != "affairs":
                k += 1
            if k < n and k > j + 1 and doc[k].lower_ == "affairs":
                j = k + 1
                continue
        if (
            tok.lower_ == "in"
            and j + 2 < n
            and doc[j + 1].lower_ == "the"
            and is_cap(doc[j + 2])
            and (doc[j + 2].lower_ in P.ORG_NOUNS or doc[j + 2].lower_ == "presidency")
        ):
            return j + 3  # "Minister in the Presidency", "Minister in the Cabinet Office"
        if tok.lower_ == "to" and doc[head].lower_ in _POSTED_HEADS and j + 1 < n:
            # "ambassador to China", "envoy to the UN": where the office is posted.
            k = j + 1 + (doc[j + 1].lower_ == "the")
            for width in (3, 2, 1):
                end = k + width
                if end <= n and all(is_cap(t) for t in doc[k:end]) and (
                    is_country(doc[k:end].text) or doc[k:end].text.lower() in P.ORG_IN_TITLE
                ):
                    return end
        break
    return j


def _portfolio_word(low: str) -> bool:
    return low in P.OFFICE_OBJECTS or low in P.PORTFOLIO_WORDS


_POSTED_HEADS = frozenset({"ambassador", "envoy", "representative", "consul", "delegate"})


def _extend_organization(doc: Doc, end: int) -> int:
    """After a title that follows a name: "director of the GRU", "head at the IAEA"."""
    n = len(doc)
    if end >= n or doc[end].lower_ not in ("of", "at"):
        return end
    k = end + 1 + (end + 1 < n and doc[end + 1].lower_ == "the")
    j = k
    while j < n and j - k < 6 and (is_cap(doc[j]) or doc[j].lower_ in ("of", "for", "and")):
        j += 1
    while j > k and not is_cap(doc[j - 1]):
        j -= 1  # the organization ends on one of its own words, not on "of"
    return j if j > k else end



def _walk_left(doc: Doc, start: int, floor: int) -> int:
    """First token of the descriptor that ends just before ``start``."""
    i = start
    while i > floor and start - i < 10:
        tok = doc[i - 1]
        low = tok.lower_
        if tok.is_space or "\n" in tok.whitespace_:
            break
        if low in ("'s", "’s", "'"):
            if i - 2 >= floor and is_cap(doc[i - 2]):
                i -= 1
                continue
            break
        if tok.is_punct:
            break
        if (
            low == "and"
            and i - 2 >= floor
            and doc[i - 2].lower_ in P.TITLE_HEADS
            and is_cap(doc[i - 2]) == is_cap(doc[start])
        ):
            # "State Councilor and Foreign Minister Wang Yi": one person, two offices.
            i -= 1
            continue
        if low in P.DESCRIPTOR_STOPS and not (i < start and low == "of"):
            break
        if low in P.TITLE_MODIFIERS or low in P.HONORIFICS or low in P.TITLE_HEADS:
            i -= 1
            continue
        if is_cap(tok) and low not in _DATE_WORDS:
            if tok.ent_type_ in ("PERSON", "DATE", "TIME") and tok.ent_type_:
                break
            i -= 1
            continue
        break
    # The descriptor never starts with "of".
    while i < start and doc[i].lower_ == "of":
        i += 1
    return i


_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december today yesterday".split()
)


def _ent_end(doc: Doc, i: int) -> int:
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return j


def _sent_floor(starts: list[int], i: int) -> int:
    """First token of the sentence holding token i (``starts``: sentence_starts)."""
    return starts[max(bisect.bisect_right(starts, i) - 1, 0)]


def title_before(doc: Doc, head: int, has_ner: bool, starts: list[int]) -> tuple[Span, Span] | None:
    """'[country] [org] TITLE Name': the descriptor stands right before the name."""
    tok = doc[head]
    if first_name_head(
        doc, head, after_office=head > 0 and doc[head - 1].lower_ in P.TITLE_HEADS
    ):
        return None
    title_end = _extend_title_right(doc, head)
    name_start = title_end
    if (
        name_start + 2 < len(doc)
        and doc[name_start].text == "("
        and doc[name_start + 2].text == ")"
        and doc[name_start + 1].is_upper
    ):
        name_start += 3  # "National Security Advisor (NSA) Ajit Doval"
    # Honorifics between title and name ("King His Majesty" is rare; "President Dr. X").
    while name_start < len(doc) and (
        doc[name_start].lower_ in P.HONORIFICS
        or doc[name_start].lower_ in P.NOBLE_RANKS
        and name_start > head + 1
        or doc[name_start].text in ("'", "’")
        and doc[name_start - 1].lower_ in P.HONORIFICS  # "Dato' Saifuddin"
    ):
        name_start += 1
    name_end = read_name(doc, name_start, has_ner)
    if name_end == name_start:
        return None
    if not is_cap(tok):
        # Lower-case titles ("adviser Jon Finer") need NER's word when NER ran.
        if has_ner and doc[name_start].ent_type_ not in ("PERSON", ""):
            return None
    if (
        has_ner
        and doc[name_start].ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC")
        and doc[name_start].ent_iob_ == "B"
        and _ent_end(doc, name_start) > name_end
    ):
        # "President Obama Foundation"? NER reads a longer non-person name: trust it
        # only if it does not end inside our name.
        return None
    floor = _sent_floor(starts, head)
    start = _walk_left(doc, head, floor)
    label = "WEAK" if tok.lower_ in P.WEAK_HEADS else "BEFORE"
    return Span(doc, start, title_end, label=label), Span(doc, name_start, name_end, label="PERSON")


def title_apposition(
    doc: Doc, head: int, has_ner: bool, starts: list[int]
) -> tuple[Span, Span] | None:
    """ "China's commerce minister, Wang Wentao": descriptor, comma, name."""
    title_end = _extend_title_right(doc, head)
    if title_end < len(doc) and doc[title_end].text != ",":
        # "The Chairperson of the African Union Commission, Moussa Faki Mahamat,"
        title_end = _extend_organization(doc, title_end)
    if title_end + 1 >= len(doc) or doc[title_end].text != ",":
        return None
    name_start = title_end + 1
    name_end = read_name(doc, name_start, has_ner)
    if name_end == name_start:
        return None
    if has_ner and doc[name_start].ent_type_ != "PERSON" and not _closed_name(
        doc, name_start, name_end
    ):
        return None
    if name_end < len(doc) and not (
        doc[name_end].is_punct
        or doc[name_end].lower_ in ("and", "who", "said", "says", "after")
        or doc[name_end].lower_ in _VERBS_AFTER_APPOSITION
    ):
        return None
    floor = _sent_floor(starts, head)
    start = _walk_left(doc, head, floor)
    label = "WEAK" if doc[head].lower_ in P.WEAK_HEADS else "BEFORE"
    return Span(doc, start, title_end, label=label), Span(doc, name_start, name_end, label="PERSON")


def _closed_name(doc: Doc, start: int, end: int) -> bool:
    """ "The Chairperson of the Commission, Moussa Faki Mahamat, concluded": two or more
    capitalized name words closed by a comma after an office, which NER read as an
    organization; no organization word among them."""
    return (
        end - start >= 2
        and end < len(doc)
        and doc[end].text == ","
        and all(
            t.is_alpha and t.is_title and t.lower_ not in P.ORG_NOUNS for t in doc[start:end]
        )
    )


def title_list(
    doc: Doc, head: int, has_ner: bool, starts: list[int]
) -> list[tuple[Span, Span]]:
    """ "ministers Naledi Pandor, Thandi Modise and Bheki Cele": a plural office, then a
    list of two or more names, each holding it."""
    names: list[Span] = []
    n = len(doc)
    # "The ministers, A, B and C": with an article and a comma the office describes
    # them (they are officials), it is not a title written before their names.
    described = head + 1 < n and doc[head + 1].text == "," and head > 0 and doc[
        head - 1
    ].lower_ in ("the", "two", "three", "four", "five")
    i = head + 1 + described
    while i < n:
        end = read_name(doc, i, has_ner)
        if end == i or has_ner and doc[i].ent_type_ not in ("PERSON", "ORG", ""):
            break  # NER often reads the first name of a list as an ORG
        names.append(Span(doc, i, end, label="PERSON"))
        if end < n and doc[end].text == "," and end + 1 < n and doc[end + 1].lower_ == "and":
            i = end + 2
        elif end < n and doc[end].text in (",", "and"):
            i = end + 1
        else:
            break
    if len(names) < 2 or has_ner and not any(doc[m.start].ent_type_ == "PERSON" for m in names):
        return []
    start = _walk_left(doc, head, _sent_floor(starts, head))
    desc = Span(doc, start, head + 1, label="WEAK" if described else "BEFORE")
    return [(desc, name) for name in names]


# "Afghanistan's foreign minister, Amir Khan Muttaqi is expected to ...": the closing
# comma of the apposition is often left out before the verb.
_VERBS_AFTER_APPOSITION = frozenset(
    "is was will would has had met meets told added also arrived visited held".split()
)


def title_after(doc: Doc, ent: Span) -> tuple[Span, Span] | None:
    """ "Wang Yi, China's foreign minister," : name, comma, descriptor."""
    i = ent.end
    n = len(doc)
    # "Wang Yi, China's foreign minister", or "when Stephen Harper was prime minister".
    if i + 1 >= n or doc[i].text != "," and doc[i].lower_ not in ("was", "is", "as"):
        return None
    j = i + 1
    if doc[j].lower_ == "then":
        j += 1
    start = j
    if doc[j].lower_ in ("the", "a"):
        j += 1
    while j < n and j - start < 10:
        tok = doc[j]
        if tok.lower_ in P.TITLE_HEADS or tok.lower_ in P.WEAK_HEADS:
            end = _extend_organization(doc, _extend_title_right(doc, j))
            if end < n and not (doc[end].is_punct or doc[end].lower_ in ("and", "who", "said")):
                # "President Donald Trump's new secretary of state": that head was
                # another person's; read on.
                j = max(end, j + 1)
                continue
            label = "WEAK" if tok.lower_ in P.WEAK_HEADS else "AFTER"
            return Span(doc, start, end, label=label), ent
        if tok.is_punct and tok.lower_ not in ("'s", "’s") or tok.is_space:
            return None
        if tok.lower_ in ("'s", "’s") and j > start and doc[j - 1].ent_type_ == "PERSON":
            start = j + 1  # "Trump's new secretary of state": the office is what follows
            j += 1
            continue
        if (
            tok.lower_ in ("'s", "’s")
            or tok.lower_ in P.TITLE_MODIFIERS
            or tok.lower_ in _QUALIFIERS
            or is_cap(tok)
        ):
            j += 1
            continue
        return None
    return None


_QUALIFIERS = frozenset({"new", "former", "then", "longtime", "veteran", "newly", "appointed"})


def relabel_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """A one-word GPE/ORG/NORP that is part of a person's name in this doc is that person."""
    parts: set[str] = set()
    for e in ents:
        if e.label_ == "PERSON" and len(e) > 1:
            parts.update(t.text for t in e if is_cap(t))
    if not parts:
        return ents
    out = []
    changed = False
    for e in ents:
        if (
            e.label_ in ("GPE", "ORG", "NORP", "LOC", "FAC")
            and len(e) == 1
            and e.text in parts
            and not is_place(e.text)
        ):
            out.append(Span(doc, e.start, e.end, label="PERSON"))
            changed = True
        else:
            out.append(e)
    return out if changed else ents

