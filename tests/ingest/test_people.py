"""People an article names: titles, aliases, lexicon, credits (blank pipeline + rules)."""

from __future__ import annotations

import pytest

from meetings.ingest.people import Descriptor, find_officials, parse_descriptor
from meetings.ingest.records import KnownOfficial, Lexicon


def by_name(officials):
    return {o.name: o for o in officials}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("U.S. Secretary of State", Descriptor("Secretary of State", "", "US")),
        ("U.S. Commerce Secretary", Descriptor("Commerce Secretary", "", "US")),
        ("China ’s commerce minister", Descriptor("Commerce Minister", "", "CN")),
        (
            "Chinese Communist Party International Liaison Department Minister",
            Descriptor(
                "Minister", "Chinese Communist Party International Liaison Department", "CN"
            ),
        ),
        (
            "White House deputy national security adviser",
            Descriptor("Deputy National Security Adviser", "White House", "US"),
        ),
        ("Russian Foreign Minister", Descriptor("Foreign Minister", "", "RU")),
        ("His Majesty King", Descriptor("King", "", "")),
        ("NATO Secretary General", Descriptor("NATO Secretary General", "NATO", "")),
        ("senior Chinese official", Descriptor("", "", "CN")),
        ("Foreign Minister Prince", Descriptor("Foreign Minister", "", "")),
        ("South Korean President", Descriptor("President", "", "KR")),
    ],
)
def test_parse_descriptor(words, expected):
    assert parse_descriptor(words.split()) == expected


def test_seed_style_officials_on_blank_pipeline(blank):
    doc = blank(
        "U.S. Secretary of State Antony Blinken met senior Chinese official Liu Jianchao. "
        "Liu later met White House deputy national security adviser Jon Finer. "
        "Blinken spoke again."
    )
    found = by_name(find_officials(doc))
    assert set(found) == {"Antony Blinken", "Liu Jianchao", "Jon Finer"}
    blinken = found["Antony Blinken"]
    assert (blinken.title, blinken.country, blinken.aliases) == (
        "Secretary of State",
        "US",
        ("Blinken",),
    )
    assert len(blinken.mentions) == 2
    liu = found["Liu Jianchao"]
    assert liu.aliases == ("Liu",) and liu.country == "CN"
    finer = found["Jon Finer"]
    assert (finer.title, finer.organization, finer.country) == (
        "Deputy National Security Adviser",
        "White House",
        "US",
    )


def test_mentions_and_evidence_are_offsets_into_the_text(blank):
    text = "Met with President Zelenskyy. Later, Zelenskyy spoke."
    (z,) = find_officials(blank(text))
    assert [text[m.start : m.end] for m in z.mentions] == ["Zelenskyy", "Zelenskyy"]
    assert [text[e.start : e.end] for e in z.evidence] == [
        "Met with President Zelenskyy.",
        "Later, Zelenskyy spoke.",
    ]


def test_king_of_country_takes_the_country_after_of(blank):
    (king,) = find_officials(blank("Met with His Majesty King Abdullah II of Jordan."))
    assert (king.name, king.title, king.country) == ("Abdullah II", "King", "JO")


def test_titled_surname_joins_the_full_name(blank):
    doc = blank("Met with Prime Minister Benjamin Netanyahu. Also met Prime Minister Netanyahu.")
    (bibi,) = find_officials(doc)
    assert bibi.name == "Benjamin Netanyahu" and bibi.aliases == ("Netanyahu",)


def test_photo_credit_name_is_never_an_official(blank):
    doc = blank("\nREUTERS/Anna Rose Layden\nU.S. Secretary of State Antony Blinken meets Liu.")
    assert [o.name for o in find_officials(doc)] == ["Antony Blinken"]


def test_rejected_people_are_never_output(blank):
    doc = blank("Met with President Zelenskyy and Foreign Minister Kuleba.")
    lexicon = Lexicon(rejected_people=frozenset({"Kuleba"}))
    assert [o.name for o in find_officials(doc, lexicon=lexicon)] == ["Zelenskyy"]


def test_known_officials_are_found_with_their_lexicon_title(blank):
    lexicon = Lexicon(
        officials=(
            KnownOfficial(
                name="Wang Yi", title="Foreign Minister", country="CN", aliases=("Wang",)
            ),
        )
    )
    doc = blank("Wang Yi arrived in Berlin. Wang said little.")
    (wang,) = find_officials(doc, lexicon=lexicon)
    assert (wang.name, wang.title, wang.country) == ("Wang Yi", "Foreign Minister", "CN")
    assert wang.aliases == ("Wang",) and len(wang.mentions) == 2


def test_article_title_beats_lexicon_fallback(blank):
    lexicon = Lexicon(officials=(KnownOfficial(name="Wang Yi", title="Foreign Minister"),))
    doc = blank("Met with Chinese Vice President Wang Yi.")
    (wang,) = find_officials(doc, lexicon=lexicon)
    assert (wang.title, wang.country) == ("Vice President", "CN")


def test_the_secretary_is_a_mention_of_the_last_secretary_but_not_an_alias(blank):
    text = "Met with Secretary of State Antony Blinken. The Secretary spoke."
    (blinken,) = find_officials(blank(text))
    assert [text[m.start : m.end] for m in blinken.mentions] == ["Antony Blinken", "The Secretary"]
    assert blinken.aliases == ()


def test_coordinated_offices_of_one_person(blank):
    (wang,) = find_officials(blank("Met with State Councilor and Foreign Minister Wang Yi."))
    assert wang.title == "State Councilor and Foreign Minister"


def test_untitled_people_are_not_officials(blank):
    doc = blank("The analyst John Smith said so.")
    assert find_officials(doc) == []


@pytest.mark.nlp
def test_real_pipeline_other_phrasings(nlp):
    doc = nlp(
        "Russian Foreign Minister Lavrov met His Majesty King Abdullah II of Jordan and NATO "
        "Secretary General Jens Stoltenberg. Wang Yi, China's foreign minister, said so."
    )
    found = {o.name: (o.title, o.country) for o in find_officials(doc)}
    assert found == {
        "Lavrov": ("Foreign Minister", "RU"),
        "Abdullah II": ("King", "JO"),
        "Jens Stoltenberg": ("NATO Secretary General", ""),
        "Wang Yi": ("Foreign Minister", "CN"),
    }


@pytest.mark.nlp
def test_real_pipeline_remark_with_several_people(nlp):
    doc = nlp("Met with President Vo Van Thuong and Prime Minister Pham Minh Chinh.")
    assert [(o.name, o.title) for o in find_officials(doc)] == [
        ("Vo Van Thuong", "President"),
        ("Pham Minh Chinh", "Prime Minister"),
    ]


@pytest.mark.nlp
def test_real_pipeline_news_agency_is_not_a_person(nlp):
    doc = nlp("WASHINGTON (Reuters) – Reuters reported that President Joe Biden met aides.")
    assert [o.name for o in find_officials(doc)] == ["Joe Biden"]
