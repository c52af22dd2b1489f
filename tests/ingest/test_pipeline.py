"""End to end on the real pipeline: the seed article read as DESIGN.md says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from meetings.ingest.article_files import MissingDateError
from meetings.ingest.pipeline import extract_article, extract_many
from meetings.ingest.records import ArticleInput, Lexicon

pytestmark = pytest.mark.nlp

SEVEN = {
    "Antony Blinken": ("Secretary of State", "US"),
    "Liu Jianchao": ("Minister", "CN"),
    "Jon Finer": ("Deputy National Security Adviser", "US"),
    "Gina Raimondo": ("Commerce Secretary", "US"),
    "Wang Wentao": ("Commerce Minister", "CN"),
    "Joe Biden": ("President", "US"),
    "Xi Jinping": ("President", "CN"),
}


@pytest.fixture(scope="module")
def seed(seed_article):
    return extract_article(seed_article)


def find(meetings, *people):
    hits = [i for i, m in enumerate(meetings) if {p.name for p in m.participants} == set(people)]
    assert len(hits) == 1, (people, meetings)
    return hits[0], meetings[hits[0]]


def test_seed_officials_are_exactly_the_seven(seed):
    assert {o.name: (o.title, o.country) for o in seed.officials} == SEVEN
    liu = next(o for o in seed.officials if o.name == "Liu Jianchao")
    assert "International Liaison Department" in liu.organization
    finer = next(o for o in seed.officials if o.name == "Jon Finer")
    assert finer.organization == "White House"


def test_seed_later_mentions_are_aliases(seed, seed_article):
    aliases = {o.name: o.aliases for o in seed.officials}
    assert aliases["Antony Blinken"] == ("Blinken",)
    assert aliases["Liu Jianchao"] == ("Liu",)
    blinken = next(o for o in seed.officials if o.name == "Antony Blinken")
    body = seed_article.body
    # caption, lede, the "Blinken" NER calls a place, and "The Secretary"
    assert [body[m.start : m.end] for m in blinken.mentions] == [
        "Antony Blinken",
        "Antony Blinken",
        "Blinken",
        "The Secretary",
    ]


def test_seed_photographer_and_agency_are_not_officials(seed):
    names = {o.name for o in seed.officials}
    assert "Anna Rose Layden" not in names and "Reuters" not in names
    assert "Anna Rose Layden" in seed.not_officials


def test_seed_has_exactly_five_meetings(seed):
    assert len(seed.meetings) == 5


def test_seed_blinken_liu_meeting(seed):
    _, m = find(seed.meetings, "Antony Blinken", "Liu Jianchao")
    assert m.kind == "meeting"
    assert (m.date.value, m.date.precision) == (dt.date(2024, 1, 12), "day")
    assert m.place == "Washington" and m.venue == "State Department"
    assert not m.background
    assert {
        "Human rights",
        "Wrongful detention and exit bans",
        "Taiwan Strait",
        "South China Sea",
    } == set(m.topics)
    titles = {p.name: p.title for p in m.participants}
    assert titles == {"Antony Blinken": "Secretary of State", "Liu Jianchao": "Minister"}


def test_seed_liu_finer_meeting_on_wednesday(seed):
    _, m = find(seed.meetings, "Liu Jianchao", "Jon Finer")
    assert m.kind == "meeting"
    assert (m.date.value, m.date.precision) == (dt.date(2024, 1, 10), "day")
    assert "Wednesday" in m.date.phrase and not m.background


def test_seed_raimondo_wang_call_on_thursday(seed):
    _, m = find(seed.meetings, "Gina Raimondo", "Wang Wentao")
    assert m.kind == "call"
    assert (m.date.value, m.date.precision) == (dt.date(2024, 1, 11), "day")


def test_seed_biden_xi_summit_is_background(seed):
    _, m = find(seed.meetings, "Joe Biden", "Xi Jinping")
    assert m.kind == "summit" and m.place == "San Francisco" and m.place_country == "US"
    assert (m.date.value, m.date.precision) == (dt.date(2023, 11, 1), "month")
    assert m.background


def test_seed_military_talks_between_the_countries(seed):
    (m,) = [m for m in seed.meetings if not m.participants]
    assert m.kind == "talks" and set(m.countries) == {"US", "CN"}
    assert m.date.precision == "week" and m.date.phrase == "this week"
    assert m.date.value <= dt.date(2024, 1, 12) <= m.date.end
    assert not m.background


def test_seed_statements(seed):
    first, _ = find(seed.meetings, "Antony Blinken", "Liu Jianchao")
    blinken = [s for s in seed.statements if s.speaker == "Antony Blinken"]
    assert [s.text.split()[0] for s in blinken] == ["emphasized", "reiterated"]
    assert all(s.reported_by == "the State Department" and s.meeting == first for s in blinken)
    assert "Wrongful detention and exit bans" in blinken[0].topics
    assert {"Taiwan Strait", "South China Sea"} <= set(blinken[1].topics)
    labels = {s.speaker_label: s for s in seed.statements if s.speaker is None}
    assert set(labels) == {"Taiwan's government", "China"}
    assert labels["Taiwan's government"].text.startswith("accused China of election interference")
    assert "dirty tricks" in labels["China"].text
    assert labels["China"].meeting is None and labels["Taiwan's government"].meeting is None


def test_seed_article_topics_have_sentence_evidence(seed, seed_article):
    topics = {t.name: t for t in seed.topics}
    assert {
        "Human rights",
        "Taiwan Strait",
        "South China Sea",
        "COVID-19 origins",
        "Tariffs and trade",
        "Elections and interference",
    } <= set(topics)
    (ev, *_) = topics["South China Sea"].evidence
    assert "South China Sea" in seed_article.body[ev.start : ev.end]


def test_evidence_spans_are_sentences_of_the_body(seed, seed_article):
    body = seed_article.body
    for m in seed.meetings:
        for e in m.evidence:
            text = body[e.start : e.end]
            assert text == text.strip() and text


def test_extraction_is_a_pure_function(seed, seed_article):
    assert extract_article(seed_article) == seed


def test_an_extraction_crosses_a_process_boundary_whole(seed):
    # spaCy's n_process sends extractions between processes pickled: every field comes
    # back, in its place.
    import pickle

    blob = pickle.dumps(seed, protocol=pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(blob) == seed  # noqa: S301 - our own bytes


def test_date_from_text_when_article_has_none(seed_article):
    undated = replace(seed_article, date=None)
    result = extract_article(undated)
    _, m = find(result.meetings, "Liu Jianchao", "Jon Finer")
    assert m.date.value == dt.date(2024, 1, 10)


def test_no_date_anywhere_is_a_clear_error():
    article = ArticleInput(title="t", body="President Joe Biden met aides.", origin="a.txt")
    with pytest.raises(MissingDateError, match="a.txt: no article date"):
        extract_article(article)
    assert issubclass(MissingDateError, ValueError)


def test_lexicon_rejections_apply(seed_article):
    result = extract_article(
        seed_article, lexicon=Lexicon(rejected_people=frozenset({"Jon Finer"}))
    )
    assert "Jon Finer" not in {o.name for o in result.officials}


def test_extract_many_streams_in_input_order(seed_article):
    pulled = []

    def articles():
        for i in range(6):
            pulled.append(i)
            yield replace(seed_article, id=str(i), body=seed_article.body + f"\n\nNote {i}.")

    results = extract_many(articles(), batch_size=2)
    first = next(results)
    assert first.article.id == "0"
    assert len(pulled) < 6  # not the whole input before the first result
    assert [r.article.id for r in results] == ["1", "2", "3", "4", "5"]


def test_extract_many_with_two_processes_matches_one(seed_article):
    articles = [
        seed_article,
        ArticleInput(
            title="r",
            body="Met with President Zelenskyy and Foreign Minister Kuleba.",
            date=dt.date(2024, 1, 12),
            id="r",
        ),
    ]
    one = list(extract_many(articles, n_process=1))
    two = list(extract_many(articles, n_process=2, batch_size=1))
    assert two == one


def test_docs_keep_no_extraction_caches(nlp, seed_article):
    from meetings.ingest.pipeline import _topic_matcher, extract_doc

    doc = nlp(seed_article.body)
    extract_doc(doc, seed_article, lexicon=Lexicon(), topic_matcher=_topic_matcher(()))
    assert doc.user_data == {}
    assert doc.to_bytes()  # still serializable

