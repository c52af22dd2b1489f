import json
import time
from pathlib import Path

import pytest

from meetings.ingest.records import TopicDef
from meetings.ingest.topics import TaxonomyError, TopicHit, TopicMatcher, load_taxonomy

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_b0e30d72d739cb83.txt"


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher(load_taxonomy())


def test_taxonomy_loads_and_has_the_required_topics():
    topics = load_taxonomy()
    names = {t.name for t in topics}
    assert 55 <= len(topics) <= 80
    for required in [
        "Human rights",
        "Wrongful detention and exit bans",
        "Taiwan Strait",
        "South China Sea",
        "Tariffs and trade",
        "Elections and interference",
        "Military-to-military talks",
        "COVID-19 origins",
        "Ukraine",
        "Middle East",
        "Nuclear nonproliferation",
        "Climate change",
        "Counternarcotics",
        "Artificial intelligence",
        "Sanctions",
    ]:
        assert required in names
    slugs = {t.slug for t in topics}
    assert all(t.parent is None or t.parent in slugs for t in topics)
    assert all(t.aliases for t in topics)


def test_taiwan_strait_is_a_child_of_taiwan():
    by_name = {t.name: t for t in load_taxonomy()}
    assert by_name["Taiwan Strait"].parent == by_name["Taiwan"].slug


def write(tmp_path, topics) -> Path:
    path = tmp_path / "topics.json"
    path.write_text(json.dumps(topics), encoding="utf-8")
    return path


def topic(name, slug, aliases=("x",), parent=None):
    return {"name": name, "slug": slug, "aliases": list(aliases), "parent": parent}


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ([topic("A", "a", ["one"]), topic("B", "a", ["two"])], "duplicate slug 'a'"),
        ([topic("A", "a", ["one"]), topic("A", "b", ["two"])], "duplicate name 'A'"),
        ([topic("A", "a", ["one"], parent="nope")], "unknown parent 'nope'"),
        ([topic("A", "a", ["one"], parent="b"), topic("B", "b", ["two"], parent="a")], "cycle"),
        ([topic("A", "a", ["one"]), topic("B", "b", ["One"])], "already an alias of 'A'"),
        ([topic("A", "Bad Slug", ["one"])], "bad slug"),
        ([{"name": "A", "slug": "a", "aliases": "one"}], "'aliases' must be a list"),
        ({"name": "A"}, "expected a JSON list"),
    ],
)
def test_invalid_taxonomies_are_rejected_with_a_clear_error(tmp_path, topics, message):
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(write(tmp_path, topics))


def test_malformed_json_names_the_file(tmp_path):
    path = tmp_path / "topics.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="topics.json: not valid JSON"):
        load_taxonomy(path)


def test_missing_file_is_a_taxonomy_error(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "U.S. Secretary of State Antony Blinken on Friday raised concerns over China’s human "
            "rights issues in a meeting with senior Chinese official Liu Jianchao in Washington, "
            "the State Department said.",
            ["Human rights"],
        ),
        (
            "They also discussed “maintaining peace and stability” in the Taiwan Strait, the State "
            "Department said.",
            ["Taiwan Strait"],
        ),
        (
            "Blinken “emphasized the importance of resolving the cases of American citizens who "
            "are "
            "wrongfully detained or subject to exit bans in China and raised U.S. concerns about "
            "(China’s) human rights abuses,” the State Department said in a statement.",
            ["Wrongful detention and exit bans", "Human rights"],
        ),
        (
            "“The Secretary reiterated the importance of maintaining peace and stability across "
            "the "
            "Taiwan Strait and in the South China Sea,” it said.",
            ["Taiwan Strait", "South China Sea"],
        ),
    ],
)
def test_seed_sentences_about_the_blinken_meeting_hit_their_topics(matcher, sentence, expected):
    assert matcher.names(sentence) == expected


def test_seed_article_yields_its_background_topics(matcher):
    names = set(matcher.names(SEED.read_text(encoding="utf-8")))
    assert {
        "COVID-19 origins",
        "Tariffs and trade",
        "Elections and interference",
        "Military-to-military talks",
        "Human rights",
        "Wrongful detention and exit bans",
        "Taiwan Strait",
        "South China Sea",
    } <= names


def test_hits_carry_offsets_into_the_text(matcher):
    text = "Talks covered the Taiwan Strait."
    assert matcher.find(text) == [TopicHit("Taiwan Strait", 18, 31)]
    assert text[18:31] == "Taiwan Strait"


def test_ai_matches_only_the_capitalised_word(matcher):
    assert matcher.names("He said the aid was fair.") == []
    assert matcher.names("SAID: the maid said so") == []
    assert matcher.names("He said AI rules and A.I. safety matter.") == ["Artificial intelligence"]
    assert matcher.names("an ai startup") == []


def test_taiwan_alone_is_not_the_taiwan_strait(matcher):
    assert matcher.names("elections in Taiwan") == ["Elections and interference", "Taiwan"]


def test_spelling_variants_match(matcher):
    assert matcher.names("cross-strait ties and cross Strait talks") == ["Taiwan Strait"]
    assert matcher.names("nonproliferation and non-proliferation") == ["Nuclear nonproliferation"]
    assert matcher.names("new tariffs") == ["Tariffs and trade"]
    assert matcher.names("mil-to-mil channels") == ["Military-to-military talks"]


def test_whole_words_only(matcher):
    assert matcher.names("Taiwanese cuisine and a Ukrainesque flag") == []


def test_case_sensitive_aliases_in_a_custom_taxonomy():
    matcher = TopicMatcher(
        [TopicDef("NPT", "npt", ("NPT",)), TopicDef("Space", "space", ("outer space",))]
    )
    assert matcher.names("the npt and the NPT and OUTER SPACE") == ["NPT", "Space"]
    assert [h.start for h in matcher.find("the npt and the NPT")] == [16]


def test_empty_matcher_finds_nothing():
    assert TopicMatcher([]).find("human rights") == []


def test_matching_is_fast_enough_for_thousands_of_articles(matcher):
    text = SEED.read_text(encoding="utf-8")
    started = time.perf_counter()
    for _ in range(200):
        matcher.find(text)
    assert time.perf_counter() - started < 2.0  # about 0.5 ms an article here
