"""Statements: quotes and reported speech with speaker, reporter and meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.ingest.meetings import find_meetings
from meetings.ingest.people import find_officials
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


def said(statements):
    """(text, direct, speaker or label) of each statement, in text order."""
    return [(s.text, s.direct, s.speaker or s.speaker_label) for s in statements]


# -- quotes over several sentences and paragraphs -------------------------------------


def test_a_quote_over_two_sentences_is_one_statement(nlp):
    _, statements = statements_of(
        nlp, "“We came here to listen. We leave with a plan,” Kenyan Foreign Minister "
        "Musalia Mudavadi said."
    )
    assert said(statements) == [
        ("We came here to listen. We leave with a plan", True, "Musalia Mudavadi")
    ]


def test_a_quote_over_paragraphs_is_attributed_by_the_next_paragraph(nlp):
    meetings, statements = statements_of(
        nlp,
        "Portuguese Foreign Minister Paulo Rangel met Norwegian Foreign Minister Espen Barth "
        "Eide in Oslo on Monday.\n\n“Our countries share the same sea.\n\n“We will protect it "
        "together.”\n\nRangel said at a news conference after the talks.",
    )
    (s,) = statements
    assert (s.text, s.direct, s.speaker) == (
        "Our countries share the same sea. We will protect it together", True, "Paulo Rangel"
    )
    assert s.meeting == 0 and len(meetings) == 1


def test_a_quote_over_paragraphs_is_attributed_at_its_end(nlp):
    _, statements = statements_of(
        nlp,
        "Brazilian President Luiz Inacio Lula da Silva spoke after the summit.\n\n"
        "\"The Amazon is not for sale.\n\n\"We will defend it with our neighbours,\" he said.",
    )
    assert said(statements) == [
        ("The Amazon is not for sale. We will defend it with our neighbours", True,
         "Luiz Inacio Lula da Silva")
    ]


def test_a_quote_standing_alone_after_a_statement_is_the_same_speakers(nlp):
    _, statements = statements_of(
        nlp, "German Chancellor Olaf Scholz said Europe must stand together.\n\n"
        "“We cannot wait.”",
    )
    assert said(statements) == [
        ("Europe must stand together", False, "Olaf Scholz"),
        ("We cannot wait", True, "Olaf Scholz"),
    ]


def test_said_after_the_quote_with_the_name_after_the_verb(nlp):
    _, statements = statements_of(
        nlp, "\"Dialogue matters,\" said Chinese Foreign Minister Wang Yi."
    )
    assert said(statements) == [("Dialogue matters", True, "Wang Yi")]


def test_a_quote_after_a_colon_is_the_subjects(nlp):
    _, statements = statements_of(
        nlp, "Ukrainian President Volodymyr Zelenskyy wrote on social media: “We are grateful "
        "to our partners.”",
    )
    assert said(statements) == [("We are grateful to our partners", True,
                                 "Volodymyr Zelenskyy")]


# -- reported speech without quotes --------------------------------------------------


def test_said_with_a_clause_is_reported_speech(nlp):
    meetings, statements = statements_of(
        nlp,
        "Mexican President Claudia Sheinbaum spoke with U.S. President Donald Trump on "
        "Thursday.\n\nSheinbaum said the two countries would continue to cooperate on "
        "migration.",
    )
    (s,) = statements
    assert (s.text, s.direct, s.speaker) == (
        "the two countries would continue to cooperate on migration", False, "Claudia Sheinbaum"
    )
    assert s.meeting == 0 and len(meetings) == 1


def test_assessed_that_keeps_the_clause(nlp):
    _, statements = statements_of(
        nlp, "South Korean President Yoon Suk Yeol assessed that the summit had opened a new "
        "chapter.",
    )
    assert said(statements) == [
        ("the summit had opened a new chapter", False, "Yoon Suk Yeol")
    ]


@pytest.mark.parametrize(
    "verb_phrase",
    [
        "stressed that dialogue was the only way forward",
        "underlined the importance of dialogue",
        "emphasized the need for a ceasefire",
        "expressed hope for an early ceasefire",
        "called for restraint on all sides",
        "urged both sides to return to talks",
        "noted that the ceasefire was holding",
    ],
)
def test_content_verbs_are_reported_speech(nlp, verb_phrase):
    _, statements = statements_of(nlp, f"Japanese Prime Minister Fumio Kishida {verb_phrase}.")
    (s,) = statements
    assert s.speaker == "Fumio Kishida" and not s.direct
    # "noted that X" keeps X; the other verbs keep themselves and what follows.
    assert verb_phrase.endswith(s.text) and len(s.text) > 15


def test_a_clause_closed_by_the_speaker(nlp):
    _, statements = statements_of(
        nlp, "China is ready to work with Europe on climate, Chinese Foreign Minister Wang Yi "
        "said on Friday.",
    )
    assert said(statements) == [("China is ready to work with Europe on climate", False,
                                 "Wang Yi")]


def test_adding_that_goes_on_with_the_same_speaker(nlp):
    _, statements = statements_of(
        nlp, "The visit sends a message of unity, French President Emmanuel Macron said, "
        "adding that the coming weeks would be hard.",
    )
    assert said(statements) == [
        ("The visit sends a message of unity", False, "Emmanuel Macron"),
        ("the coming weeks would be hard", False, "Emmanuel Macron"),
    ]


def test_saying_after_a_meeting_verb_is_the_subjects_statement(nlp):
    _, statements = statements_of(
        nlp, "Japanese Prime Minister Fumio Kishida met Swedish Prime Minister Ulf Kristersson "
        "on Friday, saying that the accession had expanded opportunities for cooperation.",
    )
    assert said(statements) == [
        ("the accession had expanded opportunities for cooperation", False, "Fumio Kishida")
    ]


def test_quoted_as_saying_is_the_one_quoted(nlp):
    _, statements = statements_of(
        nlp, "State media quoted Iranian President Masoud Pezeshkian as saying that nuclear "
        "weapons had no place in Iran's doctrine.",
    )
    assert said(statements) == [
        ("nuclear weapons had no place in Iran's doctrine", False, "Masoud Pezeshkian")
    ]


# -- according to, partial quotes, told -----------------------------------------------


def test_according_to_a_person_then_the_statement(nlp):
    _, statements = statements_of(
        nlp, "According to Russian Foreign Minister Sergei Lavrov, the talks were useful."
    )
    assert said(statements) == [("the talks were useful", False, "Sergei Lavrov")]


def test_according_to_an_institution_after_the_statement(nlp):
    _, statements = statements_of(
        nlp, "The talks will resume in March, according to the Egyptian presidency."
    )
    (s,) = statements
    assert (s.text, s.speaker, s.speaker_label) == (
        "The talks will resume in March", None, "the Egyptian presidency"
    )


def test_according_to_a_readout_reports_the_speaker(nlp):
    _, statements = statements_of(
        nlp, "According to the Chinese readout, Foreign Minister Wang Yi said Beijing "
        "opposed the sanctions.",
    )
    (s,) = statements
    assert (s.text, s.speaker, s.reported_by) == (
        "Beijing opposed the sanctions", "Wang Yi", "the Chinese readout"
    )


def test_partial_quote_after_described(nlp):
    meetings, statements = statements_of(
        nlp,
        "Venezuelan President Nicolas Maduro received Brazilian President Luiz Inacio Lula da "
        "Silva in Caracas on Tuesday. Maduro described “a fruitful first meeting” with his "
        "guest.",
    )
    (s,) = statements
    assert (s.text, s.direct, s.speaker) == (
        "described “a fruitful first meeting” with his guest", True, "Nicolas Maduro"
    )
    assert s.meeting == 0


def test_told_reporters_and_told_a_counterpart(nlp):
    _, statements = statements_of(
        nlp,
        "Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Hakan Fidan in "
        "Ankara on Wednesday. Lavrov told reporters that Moscow was open to talks. Fidan told "
        "his counterpart Turkey wanted a ceasefire.",
    )
    assert said(statements) == [
        ("Moscow was open to talks", False, "Sergei Lavrov"),
        ("Turkey wanted a ceasefire", False, "Hakan Fidan"),
    ]
    assert {s.meeting for s in statements} == {0}


# -- speakers --------------------------------------------------------------------------


def test_descriptions_resolve_to_the_official_they_fit(nlp):
    _, statements = statements_of(
        nlp,
        "Chinese President Xi Jinping met Brazilian President Luiz Inacio Lula da Silva in "
        "Beijing on Friday. The Chinese leader said the two countries were strategic partners."
        "\n\nAfrican Union Commission Chairperson Moussa Faki Mahamat also met Chinese Foreign "
        "Minister Wang Yi. The AU chief said Africa needed fair trade. The minister said China "
        "would open its market.",
    )
    assert [(s.text, s.speaker) for s in statements] == [
        ("the two countries were strategic partners", "Xi Jinping"),
        ("Africa needed fair trade", "Moussa Faki Mahamat"),
        ("China would open its market", "Wang Yi"),
    ]


def test_he_after_a_described_subject_is_that_official(nlp):
    _, statements = statements_of(
        nlp,
        "Russian President Vladimir Putin met U.S. President Joe Biden in Geneva. The American "
        "leader said that he would seek to discuss areas of cooperation. He also noted, \"it is "
        "always better to meet face to face.\"",
    )
    assert [s.speaker for s in statements] == ["Joe Biden", "Joe Biden"]
    assert statements[1].text == "it is always better to meet face to face"


def test_a_spokesman_is_not_the_official_whose_spokesman_he_is(nlp):
    _, statements = statements_of(
        nlp,
        "Russian President Vladimir Putin's spokesman said there were no plans for a summit. "
        "Kremlin spokesman Dmitry Peskov said talks could follow later.",
    )
    assert [s.speaker for s in statements] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_an_office_stays_a_label(nlp):
    _, statements = statements_of(
        nlp, "French President Emmanuel Macron met German Chancellor Olaf Scholz. Macron's "
        "office said the two leaders would meet again in May.",
    )
    (s,) = statements
    assert (s.speaker, s.speaker_label) == (None, "Macron's office")


def test_an_institution_stays_a_label(nlp):
    _, statements = statements_of(
        nlp, "The Egyptian presidency said Egypt rejected any displacement of Palestinians."
    )
    (s,) = statements
    assert (s.text, s.speaker, s.speaker_label) == (
        "Egypt rejected any displacement of Palestinians", None, "The Egyptian presidency"
    )


def test_the_statement_speaks_for_whoever_issued_it(nlp):
    _, statements = statements_of(
        nlp,
        "A statement issued by the White House said the talks centred on trade. “The leaders "
        "also discussed regional security,” the statement said.",
    )
    assert [(s.speaker, s.speaker_label) for s in statements] == [
        (None, "the White House"), (None, "the White House")
    ]


# -- what is not a statement -------------------------------------------------------------


def test_a_journalists_question_is_no_statement(nlp):
    _, statements = statements_of(
        nlp, "\"Will you meet Netanyahu?\" a reporter asked. Reporters asked whether the talks "
        "had failed.",
    )
    assert statements == []


def test_a_passive_speech_verb_is_no_statement(nlp):
    _, statements = statements_of(nlp, "No major agreements were announced after the talks.")
    assert statements == []


def test_a_reporter_closing_a_meeting_report_gives_no_statement(nlp):
    meetings, statements = statements_of(
        nlp, "Secretary of State Antony Blinken met Foreign Minister Wang Yi on Friday. They "
        "discussed trade and Taiwan, the State Department said.",
    )
    assert len(meetings) == 1 and statements == []


def test_he_after_an_untitled_name_is_that_name(nlp):
    _, statements = statements_of(
        nlp, "Trump told reporters that the summit could still happen. He said there was a "
        "lot of good will.",
    )
    assert said(statements) == [
        ("the summit could still happen", False, "Trump"),
        ("there was a lot of good will", False, "Trump"),
    ]


def test_a_reporter_does_not_start_inside_a_clause(nlp):
    _, statements = statements_of(
        nlp, "The Prime Minister's Office said in an email that Canadian Prime Minister Justin "
        "Trudeau noted the depth of the trade relationship.",
    )
    (s,) = statements
    assert (s.speaker, s.speaker_label) == (None, "The Prime Minister's Office")
    assert s.text == (
        "Canadian Prime Minister Justin Trudeau noted the depth of the trade relationship"
    )


def test_a_titled_subject_keeps_its_of_phrase(nlp):
    _, statements = statements_of(
        nlp, "Our peoples are so interlinked, Prime Minister of Georgia Irakli Garibashvili said "
        "during his visit.",
    )
    assert said(statements) == [("Our peoples are so interlinked", False, "Irakli Garibashvili")]


def test_nothing_said_in_a_photo_caption_is_a_statement(nlp):
    _, statements = statements_of(
        nlp,
        "REUTERS/Jane Doe\nChinese Foreign Minister Wang Yi, who said the talks were useful, "
        "attends a news conference in Beijing, March 7, 2024.\n\nWang said the talks were "
        "frank.",
    )
    assert said(statements) == [("the talks were frank", False, "Wang Yi")]


def test_according_to_inside_the_sentence_is_left_out_of_the_text(nlp):
    _, statements = statements_of(
        nlp, "The next round, according to the Egyptian presidency, will take place in Cairo."
    )
    (s,) = statements
    assert (s.text, s.speaker_label) == (
        "The next round will take place in Cairo", "the Egyptian presidency"
    )
