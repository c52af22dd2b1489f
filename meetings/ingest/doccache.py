"""Per-Doc caches the extraction steps share: token positions, the text, topic hits.

Everything cached lives in ``doc.user_data`` under keys starting ``diplomacy_``, so
that ``clear_caches`` can drop it before a Doc is serialized or reused.
"""

from __future__ import annotations

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
