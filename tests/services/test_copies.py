"""Syndicated copies: one story, one article, "also published as"; statements once."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.test import Client

from meetings.ingest import persist
from meetings.models import Article, ArticleCopy, Meeting, Statement
from meetings.services import copies
from tests.ingest.test_persist import BODY, extraction, topics  # noqa: F401 - a fixture

STORY = ("Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on "
         "Friday to discuss trade, fentanyl and the war in Ukraine, officials said. The two men "
         "spoke for more than five hours at the state guesthouse and agreed to keep talking, "
         "according to a statement released after the meeting by the State Department.")


def test_near_identical_texts_are_copies_and_different_ones_are_not():
    update = STORY + " This story was updated with the length of the talks."
    assert copies.similarity(STORY, update) >= copies.THRESHOLD
    assert set(copies.band_hashes(STORY)) & set(copies.band_hashes(update))
    other = ("Prime Minister Narendra Modi hosted President Emmanuel Macron in New Delhi, where "
             "the two leaders signed agreements on defence and space cooperation.")
    assert copies.similarity(STORY, other) < 0.1
    assert copies.band_hashes("") == [] and copies.similarity("", STORY) == 0.0
    # Short texts alike may be two meetings: never copies.
    assert copies.band_hashes("Blinken met Wang Yi on Monday.") == []


# The seed-like article, with an invented paragraph long enough to be a story.
LONG = BODY + " " + STORY + " " + " ".join(
    f"Paragraph {n} of the report adds colour about the venue, the delegations and the "
    f"weather in the capital on the day of the talks." for n in range(6))


@pytest.mark.django_db
def test_twenty_copies_make_one_article_and_keep_the_meeting_page_small(topics):  # noqa: F811
    first = persist.article_store(extraction=extraction(LONG))
    for n in range(20):
        body = LONG + f" (Copy {n} distributed by Agency {n}.)"
        copy = dataclasses.replace(extraction(body), article=dataclasses.replace(
            extraction(body).article, title=f"Copy {n}", source=f"Agency {n}"))
        stored = persist.article_store(extraction=copy)
        assert (stored.created, stored.copy_of) == (False, first.article_id)
    assert Article.objects.count() == 1
    assert ArticleCopy.objects.filter(article_id=first.article_id).count() == 20
    meeting = Meeting.objects.get()
    assert meeting.sources.count() == 1 and Statement.objects.count() == 1
    page = Client().get(meeting.get_absolute_url())
    assert page.status_code == 200 and len(page.content) < 60_000
    article_page = Client().get(Article.objects.get().get_absolute_url()).content.decode()
    assert "Also published as" in article_page and "Agency 19" in article_page
    # The same copy again changes nothing.
    body = LONG + " (Copy 3 distributed by Agency 3.)"
    again = persist.article_store(extraction=extraction(body))
    assert again.copy_of == first.article_id and ArticleCopy.objects.count() == 20


@pytest.mark.django_db
def test_the_same_words_of_one_speaker_at_one_meeting_are_one_statement_with_both_sources(
        topics):  # noqa: F811
    persist.article_store(extraction=extraction())
    # Another story (not a copy) of the same meeting, quoting the same words.
    other = BODY + " " + STORY
    later = extraction(other, day=dt.date(2024, 1, 12))
    assert copies.similarity(other, BODY) < copies.THRESHOLD
    stored = persist.article_store(extraction=later)
    assert stored.created
    statement = Statement.objects.get()
    assert list(statement.also_in.values_list("pk", flat=True)) == [stored.article_id]
