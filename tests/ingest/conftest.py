"""Fixtures for the extraction tests: pipelines built once, the seed article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetings.ingest.records import ArticleInput

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_b0e30d72d739cb83.txt"


@pytest.fixture(scope="session")
def blank():
    """spacy.blank("en") + sentencizer + the project's rules, no statistical model."""
    from meetings.ingest.nlp import blank_nlp

    return blank_nlp()


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (statistical model + rules), loaded once."""
    from meetings.ingest.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def seed_article() -> ArticleInput:
    title, body = SEED.read_text(encoding="utf-8").split("\n", 1)
    return ArticleInput(title=title, body=body, date=dt.date(2024, 1, 12), id="seed")


@pytest.fixture(scope="session")
def topic_matcher():
    from meetings.ingest.topics import TopicMatcher, load_taxonomy

    return TopicMatcher(load_taxonomy())
