"""Per-Doc caches the extraction steps share: token positions, the text, topic hits.

Everything cached lives in ``doc.user_data`` under keys starting ``diplomacy_``, so
that ``clear_caches`` can drop it before a Doc is serialized or reused.
"""

from __future__ import annotations

import bisect
import functools

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span


@functools.cache
def _hashes(words: frozenset[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


def positions(
    doc: Doc, words: frozenset[str], attr: str = "LOWER", *, cache: bool = True
) -> list[int]:
    """Indices of the tokens whose lower-cased (or ``attr``) form is in ``words``.

    One pass over the attribute array instead of a Matcher or token objects. The
    array and the result are kept in ``user_data`` for the steps after the pipeline
    (``cache=False`` inside components, so docs stay small between processes). The
    result is shared: callers must not change it.
    """
    found_key = ("diplomacy_positions", attr, words)
    if cache and (found := doc.user_data.get(found_key)) is not None:
        return found  # the same words are looked up once per mention: once per Doc
    key = ("diplomacy_attr", attr)
    values = doc.user_data.get(key) if cache else None
    if values is None or len(values) != len(doc):
        values = doc.to_array(attr).tolist()
        if cache:
            doc.user_data[key] = values
    wanted = _hashes(words)
    found = [i for i, v in enumerate(values) if v in wanted]
    if cache:
        doc.user_data[found_key] = found
    return found


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
    hits = topic_hits(doc, matcher)
    key = ("diplomacy_topic_starts", id(matcher))
    starts = doc.user_data.get(key)
    if starts is None:
        starts = doc.user_data[key] = [h.start for h in hits]
    # Bisect to the first hit at ``start``: a scan of every hit per call would make
    # many meetings in one long text quadratic.
    out: dict[str, None] = {}
    for k in range(bisect.bisect_left(starts, start), len(hits)):
        h = hits[k]
        if h.start >= end:
            break
        if h.end <= end:
            out[h.name] = None
    return list(out)


def sentence_starts(doc: Doc, *, cache: bool = True) -> list[int]:
    """Index of the first token of every sentence, in order (``[0]`` without sentences).

    spaCy's ``token.sent`` walks back to the sentence start on every call, which is
    quadratic over one long sentence; lookups through this list are a bisect.
    """
    key = "diplomacy_sent_starts"
    starts = doc.user_data.get(key) if cache else None
    if starts is None:
        if len(doc) and doc.has_annotation("SENT_START"):
            flags = doc.to_array("SENT_START").tolist()
            starts = [0] + [i for i in range(1, len(flags)) if flags[i] == 1]
        else:
            starts = [0]
        if cache:
            doc.user_data[key] = starts
    return starts


def sentence_bounds(starts: list[int], i: int, n: int) -> tuple[int, int]:
    """Token range [start, end) of the sentence holding token ``i``, given ``starts``."""
    k = bisect.bisect_right(starts, i) - 1
    return starts[max(k, 0)], starts[k + 1] if k + 1 < len(starts) else n


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (the whole doc when it has no sentences)."""
    start, end = sentence_bounds(sentence_starts(doc), i, len(doc))
    return doc[start:end]


def entities(doc: Doc, labels: frozenset[str]) -> list[Span]:
    """The doc's entities with one of ``labels``, in order, computed once per Doc."""
    key = ("diplomacy_ents", labels)
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = [e for e in doc.ents if e.label_ in labels]
    return found


def entities_between(doc: Doc, labels: frozenset[str], start: int, end: int) -> list[Span]:
    """Entities with one of ``labels`` lying inside tokens [start, end).

    ``doc[start:end].ents`` scans every entity of the doc on each call.
    """
    found = entities(doc, labels)
    key = ("diplomacy_ent_starts", labels)
    starts = doc.user_data.get(key)
    if starts is None:
        starts = doc.user_data[key] = [e.start for e in found]
    out = []
    for k in range(bisect.bisect_left(starts, start), len(found)):
        e = found[k]
        if e.start >= end:
            break
        if e.end <= end:
            out.append(e)
    return out


def has_annotation(doc: Doc, attr: str) -> bool:
    """``doc.has_annotation(attr)`` once per Doc: without the annotation it scans every
    token, on every call."""
    key = ("diplomacy_has", attr)
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = doc.has_annotation(attr)
    return found
