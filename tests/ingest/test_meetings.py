"""Meetings: triggers, participants, kinds, dates, places, merging and background."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.ingest.meetings import find_meetings
from meetings.ingest.people import find_officials

FRIDAY = dt.date(2024, 1, 12)


def meetings_of(nlp, text, topic_matcher=None, base=FRIDAY):
    doc = nlp(text)
    officials = find_officials(doc)
    return find_meetings(doc, officials=officials, base_date=base, topic_matcher=topic_matcher)


def names(meeting):
    return [p.name for p in meeting.participants]


def test_remark_meeting_on_the_blank_pipeline(blank):
    (m,) = meetings_of(blank, "Met with President Zelenskyy and Foreign Minister Kuleba.")
    assert m.kind == "meeting"
    assert [(p.name, p.title) for p in m.participants] == [
        ("Zelenskyy", "President"),
        ("Kuleba", "Foreign Minister"),
    ]
    assert m.date is None and not m.background


def test_evidence_is_the_sentence(blank):
    text = "It rained. Met with President Zelenskyy and Foreign Minister Kuleba. It rained."
    (m,) = meetings_of(blank, text)
    assert [text[e.start : e.end] for e in m.evidence] == [
        "Met with President Zelenskyy and Foreign Minister Kuleba."
    ]


def test_meeting_with_nothing_to_tie_it_to_is_dropped(blank):
    assert meetings_of(blank, "The meeting was long.") == []


@pytest.mark.nlp
def test_held_talks_with(nlp):
    (m,) = meetings_of(
        nlp,
        "Russian Foreign Minister Sergei Lavrov held talks with Chinese Foreign Minister "
        "Wang Yi in Beijing on Tuesday.",
    )
    assert m.kind == "talks"
    assert names(m) == ["Sergei Lavrov", "Wang Yi"]
    assert (m.place, m.place_country) == ("Beijing", "CN")
    assert (m.date.value, m.date.precision) == (dt.date(2024, 1, 9), "day")


@pytest.mark.nlp
def test_a_phone_call_between(nlp):
    (m,) = meetings_of(
        nlp,
        "There was a phone call between U.S. President Joe Biden and Chinese President Xi "
        "Jinping on Thursday.",
    )
    assert m.kind == "call"
    assert names(m) == ["Joe Biden", "Xi Jinping"]
    assert m.date.value == dt.date(2024, 1, 11) and m.date.phrase == "on Thursday"


@pytest.mark.nlp
def test_spoke_by_phone_is_a_call(nlp):
    (m,) = meetings_of(
        nlp,
        "Japanese Prime Minister Fumio Kishida spoke by phone with South Korean President "
        "Yoon Suk Yeol on Wednesday.",
    )
    assert m.kind == "call" and names(m) == ["Fumio Kishida", "Yoon Suk Yeol"]


@pytest.mark.nlp
def test_hosted_gives_host_and_guest(nlp):
    (m,) = meetings_of(
        nlp, "French President Emmanuel Macron hosted German Chancellor Olaf Scholz in Paris."
    )
    assert [(p.name, p.role) for p in m.participants] == [
        ("Emmanuel Macron", "host"),
        ("Olaf Scholz", "guest"),
    ]
    assert m.place == "Paris"


@pytest.mark.nlp
def test_venue_after_at_and_place_after_in(nlp):
    (m,) = meetings_of(
        nlp,
        "U.S. Secretary of State Antony Blinken meets with Chinese Foreign Minister Wang Yi "
        "at the State Department in Washington, U.S., January 12, 2024.",
    )
    assert (m.venue, m.place, m.place_country) == ("State Department", "Washington", "US")
    assert (m.date.value, m.date.precision) == (FRIDAY, "day")


@pytest.mark.nlp
def test_old_date_is_background(nlp):
    (m,) = meetings_of(
        nlp, "Chinese President Xi Jinping met U.S. President Joe Biden in June 2023."
    )
    assert m.background and m.date.precision == "month"


@pytest.mark.nlp
def test_following_a_summit_is_background(nlp):
    meetings = meetings_of(
        nlp,
        "Talks resumed following a November summit between U.S. President Joe Biden and "
        "Chinese President Xi Jinping in San Francisco.",
    )
    summit = next(m for m in meetings if m.kind == "summit")
    assert summit.background and summit.place == "San Francisco"
    assert (summit.date.value, summit.date.precision) == (dt.date(2023, 11, 1), "month")


@pytest.mark.nlp
def test_later_mention_by_date_merges_into_the_same_meeting(nlp):
    meetings = meetings_of(
        nlp,
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on "
        "Friday. Friday's meeting came a day ahead of elections in Taiwan.",
    )
    (m,) = meetings
    assert names(m) == ["Antony Blinken", "Wang Yi"] and len(m.evidence) == 2


@pytest.mark.nlp
def test_talks_between_countries_without_people(nlp):
    (m,) = meetings_of(
        nlp, "The resumption this week of military talks between the U.S. and China was welcomed."
    )
    assert m.kind == "talks" and m.participants == ()
    assert m.countries == ("US", "CN")
    assert m.date.precision == "week"


@pytest.mark.nlp
def test_named_multilateral_event(nlp):
    (m,) = meetings_of(nlp, "Attended the NATO Foreign Ministerial.")
    assert (m.kind, m.name) == ("multilateral", "NATO Foreign Ministerial")


@pytest.mark.nlp
def test_meeting_topics_come_from_its_sentences(nlp, topic_matcher):
    (m,) = meetings_of(
        nlp,
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on "
        "Friday and raised human rights.",
        topic_matcher=topic_matcher,
    )
    assert "Human rights" in m.topics


@pytest.mark.nlp
def test_date_inside_a_relative_clause_is_not_the_meetings(nlp):
    (m,) = meetings_of(
        nlp,
        "German Foreign Minister Annalena Baerbock, who arrived in Beijing on Monday, also "
        "met Vice President Han Zheng.",
    )
    assert m.date is None


def test_a_bare_reference_to_a_meeting_lends_it_no_topics(nlp):
    from meetings.ingest.pipeline import extract_article
    from meetings.ingest.records import ArticleInput, Lexicon
    from meetings.ingest.topics import load_taxonomy

    body = ("Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing "
            "on Friday. They discussed human rights. Friday's meeting came a day ahead of "
            "elections in Taiwan.")
    extraction = extract_article(ArticleInput(title="t", body=body, date=dt.date(2024, 1, 12)),
                                 lexicon=Lexicon(topics=load_taxonomy()))
    (meeting,) = extraction.meetings
    assert "Human rights" in meeting.topics
    assert "Elections and interference" not in meeting.topics
