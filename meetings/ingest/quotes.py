"""Quote marks: which marks open and close a quote, within a sentence or over paragraphs.

Curly, straight, single, guillemets and low-high marks; a straight mark opens or closes
by the spaces around it. Over a whole text, a quote left open at a line break goes on
when the next paragraph opens with a mark (the wire convention for long quotes) and ends
at the break otherwise, so an unbalanced mark never swallows the rest of an article.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

OPEN_QUOTES = {"“", '"', "‘", "«", "„"}
CLOSE_QUOTES = {"”", '"', "’", "»"}
QUOTES = OPEN_QUOTES | CLOSE_QUOTES


@dataclass(slots=True)
class Quote:
    """A quote found over the whole document (token indices, character offsets)."""

    open_tok: int  # the opening mark
    close_tok: int | None  # the closing mark; None when the quote is never closed
    start: int  # first character inside the marks
    end: int  # character after the last one inside
    parts: list[tuple[int, int]]  # character ranges, one per paragraph, marks left out


def doc_quotes(doc: Doc, text: str, quote_pos: list[int], newlines: list[int]) -> list[Quote]:
    """Quotes over the whole text. A quote left open at a line break goes on when the
    next paragraph opens with a quote mark (the wire convention for long quotes) and ends
    at the break otherwise."""
    out: list[Quote] = []
    open_tok: int | None = None
    open_mark = ""
    parts: list[tuple[int, int]] = []
    part_start = 0
    continued: set[int] = set()  # marks that reopen a quote going on in a new paragraph

    def follow(limit: int, mark: int | None) -> bool:
        """Carry the open quote over the line breaks before ``limit``; False if it ends."""
        nonlocal open_tok, part_start
        for nl in newlines[bisect_left(newlines, part_start) : bisect_left(newlines, limit)]:
            if nl < part_start:
                continue
            if mark is not None and _next_token(doc, nl + 1) == mark and _is_opener(doc, mark):
                parts.append((part_start, nl))
                part_start = doc[mark].idx + len(doc[mark].text)
                continued.add(mark)
                continue
            parts.append((part_start, nl))
            out.append(Quote(open_tok, None, parts[0][0], nl, list(parts)))
            open_tok = None
            return False
        return True

    for i in quote_pos:
        t = doc[i].text
        if open_tok is not None:
            follow(doc[i].idx, i)
            if i in continued:
                continue
        if open_tok is None:
            if t in ("“", "«", "„", "‘") or (t == '"' and _is_opener(doc, i)):
                open_tok, open_mark, parts = i, t, []
                part_start = doc[i].idx + len(t)
            continue
        if _closes(open_mark, t):
            parts.append((part_start, doc[i].idx))
            out.append(Quote(open_tok, i, parts[0][0], doc[i].idx, list(parts)))
            open_tok = None
    if open_tok is not None and follow(len(text), None):
        parts.append((part_start, len(text)))
        out.append(Quote(open_tok, None, parts[0][0], len(text), list(parts)))
    return out


def _next_token(doc: Doc, char: int) -> int | None:
    """The first token at or after character ``char`` that is not whitespace."""
    lo, hi = 0, len(doc)
    while lo < hi:  # tokens are in character order: bisect on their offsets
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    while lo < len(doc) and doc[lo].is_space:
        lo += 1
    return lo if lo < len(doc) else None


def _is_opener(doc: Doc, i: int) -> bool:
    t = doc[i].text
    if t in ("“", "«", "„", "‘"):
        return True
    if t != '"':
        return False
    # A straight mark opens when it stands before a word: at a line start or after a space.
    before_space = i == 0 or doc[i - 1].is_space or bool(doc[i - 1].whitespace_)
    after_word = i + 1 < len(doc) and not doc[i].whitespace_ and not doc[i + 1].is_space
    # 'the press."There will be': a mark right after a sentence's end opens too.
    after_stop = i > 0 and doc[i - 1].text in (".", ":", "!", "?")
    return (before_space or after_stop) and after_word


def _closes(open_mark: str, t: str) -> bool:
    if open_mark == "‘":
        return t == "’"
    if open_mark == "«":
        return t == "»"
    if open_mark == "„":
        return t in ("“", "”", '"')
    return t in ("”", '"')


def quote_ranges(sent: SpacySpan, quote_positions: list[int]) -> list[tuple[int, int]]:
    """Token index pairs (open, close) of the quotes in a sentence."""
    out = []
    open_at = None
    for i in quote_positions:
        tok = sent.doc[i]
        t = tok.text
        if t in ("“", "«", "„") or t == '"' and open_at is None:
            if open_at is None:
                open_at = tok.i
        elif t in ("”", '"', "»") and open_at is not None:
            out.append((open_at, tok.i))
            open_at = None
        elif t == "‘" and open_at is None:
            open_at = tok.i
        elif t == "’" and open_at is not None and sent.doc[open_at].text == "‘":
            out.append((open_at, tok.i))
            open_at = None
    if open_at is not None:
        out.append((open_at, sent.end))  # the quote runs past the sentence
    return out


def fills(sent: SpacySpan, quotes) -> bool:
    """The sentence is one quote and nothing else (but punctuation)."""
    q0, q1 = quotes[0]
    doc = sent.doc
    return opens_sentence(sent, q0) and all(
        t.is_punct or t.is_space for t in doc[min(q1 + 1, sent.end) : sent.end]
    )


def opens_sentence(sent: SpacySpan, i: int) -> bool:
    return all(t.is_space for t in sent.doc[sent.start : i])


def inside(i: int, quotes: list[tuple[int, int]]) -> bool:
    """Whether token ``i`` lies inside one of ``quotes`` (sorted, as quote_ranges gives)."""
    k = bisect_left(quotes, (i,)) - 1  # the last quote opening before i
    return k >= 0 and quotes[k][0] < i < quotes[k][1]
