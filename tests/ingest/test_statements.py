"""Statements: quotes and reported speech with speaker, reporter and meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.ingest.meetings import find_meetings
from meetings.ingest.officials import find_officials
from meetings.ingest.statements import find_statements

pytestmark = pytest.mark.nlp


def statements_of(nlp, text):
    doc = nlp(text)
    officials = find_officials(doc)
    meetings = find_meetings(doc, officials=officials, base_date=dt.date(2024, 1, 12))
    return meetings, find_statements(doc, officials=officials, meetings=meetings)


def test_direct_quote_then_speaker(nlp):
    _, (s,) = statements_of(
        nlp, "“We will not back down,” Russian Foreign Minister Sergei Lavrov said."
    )
    assert (s.text, s.direct, s.speaker) == ("We will not back down", True, "Sergei Lavrov")


def test_reported_speech_with_a_label_speaker(nlp):
    _, (s,) = statements_of(nlp, "Taiwan’s government has accused China of election interference.")
    assert s.speaker is None and s.speaker_label == "Taiwan's government"
    assert s.text == "accused China of election interference" and not s.direct


def test_labeled_with_a_quoted_fragment_is_direct(nlp):
    _, (s,) = statements_of(nlp, "China has labeled those allegations “dirty tricks.”")
    assert s.speaker_label == "China" and s.direct
    assert "dirty tricks" in s.text


def test_it_resolves_to_the_last_reporter_and_the_secretary_to_the_official(nlp):
    meetings, statements = statements_of(
        nlp,
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on Friday, "
        "the State Department said. “The Secretary reiterated the importance of peace in the "
        "Taiwan Strait,” it said.",
    )
    (s,) = statements
    assert s.speaker == "Antony Blinken" and s.reported_by == "the State Department"
    assert s.text.startswith("reiterated the importance of peace")
    assert s.meeting == 0 and len(meetings) == 1


def test_statement_of_a_non_participant_has_no_meeting(nlp):
    _, statements = statements_of(
        nlp,
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi on Friday. "
        "Japan has warned against escalation.",
    )
    (s,) = statements
    assert s.speaker_label == "Japan" and s.meeting is None


def test_straight_quotes_work_too(nlp):
    _, (s,) = statements_of(nlp, '"Dialogue matters," President Joe Biden said.')
    assert (s.text, s.speaker, s.direct) == ("Dialogue matters", "Joe Biden", True)


def test_evidence_is_the_sentence(nlp):
    text = "It rained. Taiwan’s government has accused China of election interference."
    _, (s,) = statements_of(nlp, text)
    assert text[s.evidence.start : s.evidence.end] == (
        "Taiwan’s government has accused China of election interference."
    )


def test_pronoun_speaker_is_the_subject_of_the_previous_sentence(nlp):
    _, statements = statements_of(
        nlp,
        "German Foreign Minister Annalena Baerbock also met Vice President Han Zheng. "
        "She urged China to use its influence on Russia.",
    )
    (s,) = statements
    assert s.speaker == "Annalena Baerbock" and s.text.startswith("urged China")


def test_according_to_a_source_before_a_meeting_does_not_raise(nlp):
    # Issue 17 item 1: the reporter of "According to X, ..." has no token span.
    meetings, statements = statements_of(
        nlp, "According to Reuters, Secretary of State Antony Blinken met Foreign Minister Wang Yi."
    )
    assert len(meetings) == 1 and statements == []
