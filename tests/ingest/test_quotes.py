"""Quote marks over a text: pairs, paragraphs that reopen a quote, unbalanced marks."""

from __future__ import annotations

import re

from meetings.ingest.doccache import positions
from meetings.ingest.quotes import QUOTES, doc_quotes, quote_ranges


def quotes_of(blank, text):
    doc = blank(text)
    newlines = [m.start() for m in re.finditer("\n", text)]
    found = doc_quotes(doc, text, positions(doc, frozenset(QUOTES), "ORTH"), newlines)
    return [[text[a:b] for a, b in q.parts] for q in found], found


def test_a_quote_reopened_in_each_paragraph_is_one_quote(blank):
    parts, (q,) = quotes_of(blank, "Wang said:\n\n“We came to listen.\n\n“We leave with a plan.”\n")
    assert parts == [["We came to listen.", "We leave with a plan."]]
    assert q.close_tok is not None


def test_an_unclosed_quote_ends_at_its_paragraph(blank):
    parts, (first, second) = quotes_of(
        blank, "“We came to listen and left\n\nThen the “talks” began."
    )
    assert parts == [["We came to listen and left"], ["talks"]]
    assert first.close_tok is None and second.close_tok is not None


def test_straight_marks_open_before_a_word_and_close_after_one(blank):
    parts, _ = quotes_of(blank, '"Yes," he said. "No," she said.')
    assert parts == [["Yes,"], ["No,"]]


def test_guillemets_low_high_and_single_marks(blank):
    parts, _ = quotes_of(blank, "«Oui», „Ja“ and ‘yes’ and China’s view.")
    assert parts == [["Oui"], ["Ja"], ["yes"]]


def test_quote_ranges_in_a_sentence_run_to_its_end_when_unclosed(blank):
    doc = blank("He said “we will see and left.")
    (sent,) = doc.sents
    qs = positions(doc, frozenset(QUOTES), "ORTH")
    assert quote_ranges(sent, qs) == [(2, sent.end)]
