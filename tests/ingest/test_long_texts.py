"""Long texts: extraction's work grows linearly with the text, and texts longer than
spaCy's ``nlp.max_length`` are read in parts with offsets into the whole body."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from meetings.ingest.pipeline import extract_article, extract_many, split_text
from meetings.ingest.records import ArticleInput

pytestmark = pytest.mark.nlp

_INGEST_DIR = str(Path(__file__).resolve().parents[2] / "meetings" / "ingest")

# One clause with people, titles, triggers, a date, a place and countries; repeated
# with "and" it makes one sentence as long as we like.
_CLAUSE = (
    "Foreign Minister Wang Yi met Secretary of State Antony Blinken in Paris on Friday "
    "and talks between China and the United States followed, which Premier Li Qiang "
    "called a meeting of minds with Chancellor Olaf Scholz and"
)


_GIVEN = "Amar Bela Cato Dara Emil Fara Gino Hana Ivo Jana Karl Lena Mato Nina Omar Pia".split()
_FAMILY = "Arkov Belin Corda Dunmore Estrada Falk Gorin Hallam Ilves Jorda Kessler Lund".split()


def _person(k: int) -> str:
    """An invented, distinct full name for every k below 192."""
    return f"{_GIVEN[k % len(_GIVEN)]} {_FAMILY[k // len(_GIVEN)]}"


def _many_sentences(count: int) -> str:
    """``count`` short paragraphs, each a meeting of two different invented ministers."""
    return "\n\n".join(
        f"Foreign Minister {_person(2 * k)} met Defense Minister {_person(2 * k + 1)} in "
        f"Paris on Friday. The Minister said the talks were useful."
        for k in range(count)
    )


def _one_sentence(clauses: int) -> str:
    return " ".join([_CLAUSE] * clauses) + " others."


def _lines_run(nlp, text: str) -> int:
    """Lines of the project's extraction code executed while extracting ``text``:
    a count of work that does not depend on the machine's speed."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame, event, arg):
        if frame.f_code.co_filename.startswith(_INGEST_DIR):
            return local
        return None

    article = ArticleInput(title="t", body=text, date=dt.date(2024, 1, 12))
    extract_article(replace(article, body=_one_sentence(1)))  # what is loaded once, loaded
    sys.settrace(global_)
    try:
        extraction = extract_article(article)
    finally:
        sys.settrace(None)
    assert extraction.meetings  # the text was read, not skipped
    return count


def test_work_grows_linearly_with_the_length_of_one_sentence(nlp):
    small = _one_sentence(15)
    large = _one_sentence(60)  # four times as long
    assert len(list(nlp(large).sents)) <= 3  # one long sentence (or nearly)
    ratio = _lines_run(nlp, large) / _lines_run(nlp, small)
    # Linear work gives about 4; work quadratic in the sentence's length gives about 16.
    assert ratio < 6, ratio


def test_work_grows_linearly_with_the_number_of_meetings(nlp):
    ratio = _lines_run(nlp, _many_sentences(96)) / _lines_run(nlp, _many_sentences(24))
    assert ratio < 6, ratio


def test_split_text_cuts_after_paragraphs_and_joins_back():
    text = "First paragraph here.\n\nSecond one, a bit longer.\n\nThird."
    parts = split_text(text, limit=30)
    assert "".join(parts) == text
    assert all(len(p) <= 30 for p in parts)
    assert parts[0] == "First paragraph here.\n\n"


def test_split_text_without_any_break_still_joins_back():
    text = "x" * 25
    assert split_text(text, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_a_text_longer_than_spacys_limit_is_read_in_parts(blank):
    filler = "Nothing was agreed in the long debate that followed.\n\n" * 10_000
    meeting = "Foreign Minister Wang Yi met Secretary of State Antony Blinken in Paris."
    body = filler + meeting + "\n\n" + filler
    assert len(body) > blank.max_length
    article = ArticleInput(title="t", body=body, date=dt.date(2024, 1, 12))
    (extraction,) = extract_many([article], nlp=blank)
    (m,) = extraction.meetings
    assert [body[e.start : e.end] for e in m.evidence] == [meeting]
    assert {p.name for p in m.participants} == {"Wang Yi", "Antony Blinken"}
