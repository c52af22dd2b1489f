"""Shared fixtures. Tests run against the project's real Postgres."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.models import Article, Meeting, Official, Participation, Topic


def pytest_collection_modifyitems(config, items):
    # End-to-end tests last: Playwright's event loop stays up until the session ends.
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


@pytest.fixture
def make_official(db):
    def make(name: str = "Antony Blinken", **fields) -> Official:
        official = Official(name=name, **fields)
        official.save()
        return official

    return make


@pytest.fixture
def make_article(db):
    counter = iter(range(1, 10_000))

    def make(title: str = "An article", body: str | None = None, **fields) -> Article:
        from meetings.ingest.persist import body_sha256

        n = next(counter)
        body = body if body is not None else f"Body number {n}."
        fields.setdefault("published_on", dt.date(2024, 1, 12))
        return Article.objects.create(title=title, body=body, sha256=body_sha256(body), **fields)

    return make


@pytest.fixture
def make_topic(db):
    def make(name: str = "Human rights", **fields) -> Topic:
        from django.utils.text import slugify

        fields.setdefault("slug", slugify(name))
        return Topic.objects.create(name=name, **fields)

    return make


@pytest.fixture
def make_meeting(db):
    def make(*, officials=(), date=dt.date(2024, 1, 12), **fields) -> Meeting:
        meeting = Meeting.objects.create(date=date, **fields)
        for official in officials:
            Participation.objects.create(meeting=meeting, official=official,
                                         title=official.title)
        return meeting

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counts (exports) do not leak across."""
    from django.core.cache import cache

    cache.clear()
    yield
