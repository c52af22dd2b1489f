"""The project's spaCy components: line breaks, credits/bylines/datelines, titles.

They are registered factories with a version suffix so that spaCy can rebuild them in
worker processes (``nlp.pipe(n_process=...)``) and so that a change of rules is
visible in the pipeline's config. They only use orthographic token attributes, so
they run on ``spacy.blank("en")`` as well as on the statistical pipeline.

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

import numpy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from meetings.ingest import patterns as P
from meetings.ingest.doccache import positions, sentence_starts
from meetings.ingest.titles import (
    relabel_surnames,
    title_after,
    title_apposition,
    title_before,
    title_list,
)

NOISE = "diplomacy_noise"
NOT_OFFICIALS = "diplomacy_not_officials"
DESCRIPTORS = "diplomacy_descriptors"
TITLED = "diplomacy_titled"

DASHES = ["-", "–", "—", "--"]
_AGENCIES = sorted(P.CREDIT_AGENCIES)


# ---------------------------------------------------------------------------
# Line breaks: a caption or credit line is its own sentence.


_ABBREVIATIONS = frozenset({"u.s.", "u.k.", "u.n.", "e.u.", "u.a.e."})
# SENT_START arrays are uint64: "not a sentence start" (-1) is stored wrapped around.
_NOT_START = numpy.uint64(2**64 - 1)


@Language.component("diplomacy_lines_v1")
def lines_component(doc: Doc) -> Doc:
    """Start a sentence after every line break."""
    n = len(doc)
    if not n:
        return doc
    # Set through one array: each ``token.is_sent_start = ...`` scans the whole doc for
    # parses (has_annotation), which is quadratic over the lines of a long text.
    starts = doc.to_array("SENT_START")
    for i in line_starts(doc):
        if i > 0:
            starts[i] = 1
    for i in positions(doc, _ABBREVIATIONS, cache=False):
        j = i + 1
        if j < n and (doc[j].lower_ in P.TITLE_HEADS or doc[j].lower_ in P.TITLE_MODIFIERS):
            # "U.S. Secretary of State": the abbreviation's dot ends no sentence here.
            starts[j] = _NOT_START
    for i in positions(doc, _TITLE_DOTS, cache=False):
        # "Hon. Molly Phee", "Dr. Ana Kovac": an honorific's dot ends no sentence.
        j = i + 1 if doc[i].text.endswith(".") else i + 2
        if (
            j < n
            and (j == i + 1 or doc[i + 1].text == "." and not doc[i].whitespace_)
            and doc[j].is_title
            and "\n" not in doc[j - 1].whitespace_
        ):
            starts[j] = _NOT_START
    doc.from_array(["SENT_START"], starts)
    return doc


# Honorifics and ranks written with a dot before a name.
_TITLE_DOTS = frozenset(
    f"{w}{dot}" for w in ("hon", "dr", "mr", "mrs", "ms", "prof", "gen", "lt", "col", "sen",
                          "rep", "amb", "gov", "h.e") for dot in ("", ".")
)


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
        starts = sentence_starts(doc, cache=False)
        for head in positions(doc, self.heads, cache=False):
            if head in noise_tokens:
                continue
            found = title_before(doc, head, has_ner, starts)
            if found is None:
                found = title_apposition(doc, head, has_ner, starts)
            if found is None:
                continue
            desc, name = found
            key = (name.start, name.end)
            old = pairs.get(key)
            if old is None or len(desc) > len(old[0]):
                pairs[key] = (desc, name)
        for head in positions(doc, P.PLURAL_HEADS, cache=False):
            if head in noise_tokens:
                continue
            for desc, name in title_list(doc, head, has_ner, starts):
                pairs.setdefault((name.start, name.end), (desc, name))
        if has_ner:
            for ent in doc.ents:
                if ent.label_ == "PERSON" and (ent.start, ent.end) not in pairs:
                    found = title_after(doc, ent)
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
        ents = relabel_surnames(doc, ents)
        doc.set_ents(ents)
        return doc

