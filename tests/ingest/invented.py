"""Helpers for the tests that run the whole extraction on short invented articles."""

from __future__ import annotations

import datetime as dt

from meetings.ingest.pipeline import extract_article
from meetings.ingest.records import ArticleInput, Lexicon

FRIDAY = dt.date(2024, 1, 12)


def extract(body: str, day: dt.date = FRIDAY, *, lexicon: Lexicon | None = None):
    """The extraction of an invented article published on ``day``."""
    return extract_article(ArticleInput(title="t", body=body, date=day), lexicon=lexicon)


def parties(meeting) -> set[str]:
    """The names of a meeting's participants."""
    return {p.name for p in meeting.participants}


def when(meeting):
    """A meeting's (date, precision), or None when undated."""
    return (meeting.date.value, meeting.date.precision) if meeting.date else None
