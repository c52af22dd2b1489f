"""Storing extraction records: idempotent, merged across articles, curated records kept."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.ingest import persist
from meetings.ingest.records import (
    ArticleInput,
    DateRef,
    Extraction,
    MeetingRecord,
    OfficialRecord,
    Participant,
    Span,
    StatementRecord,
    TopicRecord,
)
from meetings.models import (
    Article,
    Meeting,
    MeetingSource,
    Official,
    OfficialAlias,
    RejectedName,
    Statement,
)

pytestmark = pytest.mark.django_db

BODY = ("U.S. Secretary of State Antony Blinken met Liu Jianchao in Washington on Friday. "
        "Blinken raised human rights.")


def extraction(body: str = BODY, *, date=dt.date(2024, 1, 12), day=dt.date(2024, 1, 12),
               precision="day", blinken_name="Antony Blinken", topics=("Human rights",),
               kind="meeting") -> Extraction:
    first = Span(0, body.index(".", 70) + 1)
    return Extraction(
        article=ArticleInput(title="Blinken meets Liu", body=body, date=date, source="Reuters",
                             origin="test.txt"),
        officials=(
            OfficialRecord(name=blinken_name, title="Secretary of State", country="US",
                           aliases=("Blinken",), mentions=(Span(24, 38),), evidence=(first,)),
            OfficialRecord(name="Liu Jianchao", title="Minister", country="CN",
                           mentions=(Span(43, 55),), evidence=(first,)),
        ),
        meetings=(
            MeetingRecord(kind=kind, participants=(
                Participant(blinken_name, "Secretary of State"),
                Participant("Liu Jianchao", "Minister")),
                date=DateRef(day, precision, "on Friday"), place="Washington",
                place_country="US", topics=topics, evidence=(first,)),
        ),
        statements=(
            StatementRecord(text="raised human rights", direct=False, speaker=blinken_name,
                            reported_by="the State Department", meeting=0, topics=topics,
                            evidence=Span(first.end + 1, len(body))),
        ),
        topics=tuple(TopicRecord(name=t, evidence=(first,)) for t in topics),
    )


@pytest.fixture
def topics(make_topic):
    return [make_topic("Human rights"), make_topic("Taiwan Strait")]


def test_an_article_is_stored_with_all_its_records(topics):
    stored = persist.article_store(extraction=extraction())
    assert stored.created and stored.meetings == 1 and stored.statements == 1
    meeting = Meeting.objects.get()
    assert meeting.date == dt.date(2024, 1, 12) and meeting.date_phrase == "on Friday"
    assert sorted(meeting.country_codes) == ["CN", "US"]
    assert {p.official.name: p.title for p in meeting.participations.all()} == {
        "Antony Blinken": "Secretary of State", "Liu Jianchao": "Minister"}
    assert [t.name for t in meeting.topics.all()] == ["Human rights"]
    source = MeetingSource.objects.get()
    assert source.sentences()[0][2].startswith("U.S. Secretary of State")
    statement = Statement.objects.get()
    assert statement.speaker.name == "Antony Blinken" and statement.meeting == meeting
    assert Official.objects.get(name="Antony Blinken").aliases.filter(alias="Blinken").exists()
    assert meeting.search_vector is not None


def test_the_same_article_twice_changes_nothing(topics):
    persist.article_store(extraction=extraction())
    counts = [m.objects.count() for m in (Article, Meeting, Official, Statement, OfficialAlias)]
    again = persist.article_store(extraction=extraction())
    assert not again.created
    assert [m.objects.count() for m in (Article, Meeting, Official, Statement,
                                        OfficialAlias)] == counts


def test_a_second_article_about_the_same_meeting_becomes_another_source(topics):
    persist.article_store(extraction=extraction())
    other = BODY.replace("Friday", "January 12") + " More."
    persist.article_store(extraction=extraction(other, topics=("Taiwan Strait",),
                                                kind="talks"))
    meeting = Meeting.objects.get()
    assert meeting.sources.count() == 2
    assert sorted(t.name for t in meeting.topics.all()) == ["Human rights", "Taiwan Strait"]
    assert Official.objects.count() == 2


def test_a_coarser_date_merges_and_a_finer_one_wins(topics):
    persist.article_store(extraction=extraction(day=dt.date(2024, 1, 1), precision="month"))
    Meeting.objects.update(end_date=dt.date(2024, 1, 31))
    persist.article_store(extraction=extraction(BODY + " Again."))
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.date_precision) == (dt.date(2024, 1, 12), "day")


def test_different_dates_are_different_meetings(topics):
    persist.article_store(extraction=extraction())
    persist.article_store(extraction=extraction(BODY + " Later.", day=dt.date(2024, 3, 1)))
    assert Meeting.objects.count() == 2


def test_a_curated_meeting_is_not_changed_but_gains_sources(topics):
    persist.article_store(extraction=extraction())
    Meeting.objects.update(curated=True, place="Washington, D.C.")
    persist.article_store(extraction=extraction(BODY + " Again.", topics=("Taiwan Strait",)))
    meeting = Meeting.objects.get()
    assert meeting.place == "Washington, D.C."
    assert [t.name for t in meeting.topics.all()] == ["Human rights"]
    assert meeting.sources.count() == 2


def test_a_curated_official_keeps_its_fields(topics):
    persist.article_store(extraction=extraction())
    Official.objects.filter(name="Antony Blinken").update(curated=True, title="Secretary")
    persist.article_store(extraction=extraction(BODY + " Again."))
    assert Official.objects.get(name="Antony Blinken").title == "Secretary"


def test_full_name_aliases_join_officials_across_articles(topics):
    persist.article_store(extraction=extraction())
    official = Official.objects.get(name="Antony Blinken")
    OfficialAlias.objects.create(official=official, alias="Antony J. Blinken")
    persist.article_store(extraction=extraction(BODY + " Again.",
                                                blinken_name="Antony J. Blinken"))
    assert Official.objects.filter(normalized_name__contains="blinken").count() == 1
    assert Meeting.objects.count() == 1


def test_a_rejected_alias_does_not_link_that_official(topics):
    persist.article_store(extraction=extraction())
    official = Official.objects.get(name="Antony Blinken")
    OfficialAlias.objects.create(official=official, alias="Antony Blinkin", rejected=True)
    persist.article_store(extraction=extraction(BODY + " x", blinken_name="Antony Blinkin"))
    assert Official.objects.filter(name="Antony Blinkin").exists()


def test_a_rejected_name_is_never_stored_as_an_official(topics):
    RejectedName.objects.create(name="Liu Jianchao")
    persist.article_store(extraction=extraction())
    assert not Official.objects.filter(name="Liu Jianchao").exists()
    assert [p.official.name for p in Meeting.objects.get().participations.all()] == [
        "Antony Blinken"]


def test_a_failing_article_leaves_nothing_behind(topics, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(persist, "meeting_upsert", boom)
    with pytest.raises(RuntimeError):
        persist.article_store(extraction=extraction())
    assert Article.objects.count() == Official.objects.count() == 0


def test_reprocess_replaces_machine_records_and_keeps_curated_ones(topics):
    persist.article_store(extraction=extraction())
    Statement.objects.update(curated=True)
    persist.article_store(extraction=extraction(day=dt.date(2024, 1, 11)), reprocess=True)
    assert Article.objects.count() == 1
    assert list(Meeting.objects.values_list("date", flat=True)) == [dt.date(2024, 1, 11)]
    assert Statement.objects.count() == 1 and Statement.objects.get().curated


def test_lexicon_from_db_feeds_the_extractor(topics):
    persist.article_store(extraction=extraction())
    RejectedName.objects.create(name="Anna Rose Layden")
    lexicon = persist.lexicon_from_db()
    blinken = next(o for o in lexicon.officials if o.name == "Antony Blinken")
    assert "Blinken" in blinken.aliases and blinken.country == "US"
    assert "Anna Rose Layden" in lexicon.rejected_people
    assert {t.name for t in lexicon.topics} == {"Human rights", "Taiwan Strait"}


def test_new_officials_get_unique_slugs_and_one_row_per_name(topics, make_official):
    make_official("Liu Jianchao")  # takes the slug liu-jianchao, but under another spelling
    from meetings.models import Official as O

    O.objects.filter(slug="liu-jianchao").update(name="Someone Else",
                                                 normalized_name="someone else")
    twice = OfficialRecord(name="Jon  Finer", title="Deputy National Security Adviser")
    records = [OfficialRecord(name="Liu Jianchao"), OfficialRecord(name="Jon Finer"), twice]
    resolved = persist.officials_resolve(records=records)
    assert resolved["Liu Jianchao"].slug == "liu-jianchao-2"
    assert resolved["Jon Finer"].pk == resolved["Jon  Finer"].pk
    assert O.objects.filter(normalized_name="jon finer").count() == 1


def test_a_known_official_is_resolved_with_its_own_fields(topics):
    """A later article naming a known official without a title uses the stored one."""
    persist.article_store(extraction=extraction())
    Official.objects.filter(name="Antony Blinken").update(organization="State Department")
    resolved = persist.officials_resolve(records=[OfficialRecord(name="Antony Blinken")])
    blinken = resolved["Antony Blinken"]
    assert (blinken.title, blinken.organization, blinken.country) == (
        "Secretary of State", "State Department", "US")
    stored = Official.objects.get(pk=blinken.pk)
    assert (stored.title, stored.organization, stored.country) == (
        "Secretary of State", "State Department", "US")


def test_meetings_find_matches_the_same_parties_kind_and_dates(make_meeting, make_official):
    blinken, liu = make_official("Antony Blinken"), make_official("Liu Jianchao")
    finer, wang = make_official("Jon Finer"), make_official("Wang Yi")
    day = dt.date(2024, 1, 12)
    pair = make_meeting(officials=[blinken, liu], date=day, kind="meeting")
    trio = make_meeting(officials=[blinken, liu, finer], date=day, kind="meeting")
    call = make_meeting(officials=[blinken, liu], date=day, kind="call")
    governments = make_meeting(date=dt.date(2024, 1, 1), end_date=dt.date(2024, 1, 31),
                               kind="talks", countries=["CN", "US"])
    make_meeting(officials=[blinken, wang], date=day, kind="meeting", from_record=True)
    make_meeting(officials=[blinken, liu], date=None, kind="meeting")  # undated: never merged

    def record(kind, when=day, countries=()):
        return MeetingRecord(kind=kind, countries=countries,
                             date=DateRef(when, "day", "") if when else None)

    found = persist.meetings_find([
        (record("meeting"), [blinken, liu]),
        (record("talks"), [liu, blinken]),  # talks and a meeting can be the same event
        (record("call"), [blinken, liu]),
        (record("meeting"), [blinken, liu, finer]),
        (record("meeting", dt.date(2024, 2, 1)), [blinken, liu]),  # another day
        (record("summit"), [blinken, liu]),  # a summit is not a bilateral meeting
        (record("talks", dt.date(2024, 1, 10), ("US", "CN")), []),
        (record("talks", dt.date(2024, 1, 10), ("US",)), []),
        (record("meeting"), [blinken, wang]),  # official records are never merged into
        (record("meeting", None), [blinken, liu]),  # no date, no merge
        (record("meeting"), [blinken]),
    ])
    assert found == [pair, pair, call, trio, None, None, governments, None, None, None, None]


def test_a_meeting_is_searchable_by_its_article_unless_the_article_is_a_round_up(
        make_article, make_meeting):
    from django.contrib.postgres.search import SearchQuery

    def searchable(meeting, word):
        return Meeting.objects.filter(
            pk=meeting.pk, search_vector=SearchQuery(word, config="english")).exists()

    def report(paragraphs):
        body = "\n\n".join(paragraphs)
        article = make_article(body=body)
        persist.refresh_search(article_ids=[article.pk])
        meetings = []
        for paragraph in paragraphs[:-1]:  # the last paragraph reports no meeting
            start = body.index(paragraph)
            meeting = make_meeting(summary="A meeting")
            MeetingSource.objects.create(meeting=meeting, article=article,
                                         evidence=[[start, start + len(paragraph)]])
            meetings.append(meeting)
        persist.refresh_search(meeting_ids=[m.pk for m in meetings])
        return meetings

    (single,) = report(["Ministers met in Geneva.", "Fisheries were also on the agenda."])
    assert searchable(single, "Geneva") and searchable(single, "fisheries")
    round_up = report([f"Ministers met in {city}." for city in
                       ("Oslo", "Lima", "Hanoi", "Dakar")] + ["Fisheries came up."])
    assert len(round_up) == persist.ROUNDUP_MEETINGS + 1
    assert searchable(round_up[0], "Oslo") and not searchable(round_up[0], "Lima")
    assert not searchable(round_up[0], "fisheries")


def _lexemes(meeting_ids):
    """Each meeting's search vector as {lexeme: its weights}, positions aside."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT m.id, v.lexeme, array_to_string(v.weights, '')"
                       " FROM meetings_meeting m, unnest(m.search_vector) v"
                       " WHERE m.id = ANY(%s)", [list(meeting_ids)])
        found = {pk: {} for pk in meeting_ids}
        for pk, lexeme, weights in cursor.fetchall():
            found[pk][lexeme] = "".join(sorted(set(weights)))
    return found


@pytest.mark.parametrize("cities", [("Geneva",), ("Oslo", "Lima", "Hanoi", "Dakar")])
def test_a_new_meeting_is_written_with_the_search_vector_refresh_search_gives_it(
        topics, cities):
    # One article about one meeting (it lends the meeting its whole text), or a round-up
    # of four (it does not): the vector written with the meeting, from the extraction,
    # is the one refresh_search computes from the stored rows.
    paragraphs = [f"Antony Blinken met Liu Jianchao in {city} on Friday." for city in cities]
    body = " ".join(paragraphs) + " Blinken raised human rights. Fisheries came up."
    spans = [Span(body.index(p), body.index(p) + len(p)) for p in paragraphs]
    people = (Participant("Antony Blinken", "Secretary of State"),
              Participant("Liu Jianchao", "Minister"))
    said = Span(body.index("Blinken raised"), body.index(" Fisheries"))
    stored = persist.article_store(extraction=Extraction(
        article=ArticleInput(title="Talks", body=body, date=dt.date(2024, 1, 12)),
        officials=(OfficialRecord(name="Antony Blinken", title="Secretary of State",
                                  mentions=(spans[0],), evidence=(spans[0],)),
                   OfficialRecord(name="Liu Jianchao", title="Minister",
                                  mentions=(spans[0],), evidence=(spans[0],))),
        meetings=tuple(
            MeetingRecord(kind="meeting", participants=people, place=city,
                          date=DateRef(dt.date(2024, 1, 12 - i), "day", "on Friday"),
                          topics=("Human rights",), evidence=(span,))
            for i, (city, span) in enumerate(zip(cities, spans, strict=True))),
        statements=(StatementRecord(text="raised human rights", direct=False,
                                    speaker="Antony Blinken", meeting=0, evidence=said),),
    ))
    assert stored.meetings == len(cities)
    written = _lexemes(stored.meeting_ids)
    persist.refresh_search(meeting_ids=stored.meeting_ids)
    assert written == _lexemes(stored.meeting_ids)
    first = written[min(stored.meeting_ids)]
    # A: participants, place and topics; B: the statement; C: the reporting sentence;
    # D: the rest of the article, unless it is a round-up.
    assert first["liu"].startswith("A") and "A" in first[cities[0].lower()]
    assert "B" in first["rais"] and "C" in first["friday"]
    assert ("fisheri" in first) == (len(cities) <= persist.ROUNDUP_MEETINGS)


# --------------------------------------------------------------------------- query bounds

# Invented people and an invented readout: a typical news article (a few officials, a
# few meetings, statements and topics).
PEOPLE = [("Arno Veldkamp", "NL"), ("Mirela Ostojic", "HR"), ("Tomas Lindqvist", "SE"),
          ("Hana Kovarova", "CZ"), ("Pedro Salgueiro", "PT"), ("Ilse Brandauer", "AT"),
          ("Rui Tavares Mota", "PT"), ("Oskar Niemela", "FI")]


WORDINGS = ["Foreign Minister {a} met Foreign Minister {b} in Geneva on Tuesday.",
            "In Geneva on Tuesday, {a} held talks with {b}, their offices said."]


def readout(people: list[tuple[str, str]], *, n: int = 0, wording: int = 0) -> Extraction:
    """An article in which consecutive pairs of ``people`` met, each pair once (long
    enough to be checked for copies of stored articles, as real articles are)."""
    sentences = [WORDINGS[wording].format(a=a, b=b)
                 for (a, _), (b, _) in zip(people[::2], people[1::2], strict=True)]
    body = (" ".join(sentences) + " They discussed human rights and the Taiwan Strait."
            f" Readout number {n} was issued after the ministers reviewed rail links, grid"
            " connections and the calendar of the next round.")
    spans = []
    for sentence in sentences:
        start = body.index(sentence)
        spans.append(Span(start, start + len(sentence)))
    officials = tuple(
        OfficialRecord(name=name, title="Foreign Minister", country=country,
                       aliases=(name.split()[-1],),
                       mentions=(Span(body.index(name), body.index(name) + len(name)),),
                       evidence=(spans[i // 2],))
        for i, (name, country) in enumerate(people))
    meetings = tuple(
        MeetingRecord(kind="meeting", participants=(
            Participant(a, "Foreign Minister"), Participant(b, "Foreign Minister")),
            date=DateRef(dt.date(2024, 3, 5 + i), "day", "on Tuesday"), place="Geneva",
            place_country="CH", topics=("Human rights",), evidence=(span,))
        for i, ((a, _), (b, _), span) in enumerate(zip(people[::2], people[1::2], spans,
                                                       strict=True)))
    said = body.index("They discussed")
    return Extraction(
        article=ArticleInput(title=f"Readout {n}", body=body, date=dt.date(2024, 3, 8),
                             source="Invented Wire", origin=f"readout-{n}.txt"),
        officials=officials, meetings=meetings,
        statements=(StatementRecord(text="discussed human rights", direct=False,
                                    speaker=people[0][0], reported_by="", meeting=0,
                                    topics=("Human rights",),
                                    evidence=Span(said, len(body))),),
        topics=(TopicRecord(name="Human rights", evidence=(Span(said, len(body)),)),
                TopicRecord(name="Taiwan Strait", evidence=(Span(said, len(body)),))))


def test_storing_a_typical_article_takes_a_bounded_number_of_queries(
        topics, django_assert_max_num_queries):
    """Six new officials, three meetings, a statement, two topics: two queries per new
    official (its row, its alias) and 32 for everything else, however many meetings,
    statements and topics (the test's savepoint, three steps of identity locks and the
    read of the names known exactly included)."""
    with django_assert_max_num_queries(32 + 2 * 6):
        stored = persist.article_store(extraction=readout(PEOPLE[:6]))
    assert stored.created and stored.meetings == 3 and stored.officials == 6


def test_an_article_about_known_people_costs_the_same_however_many_they_are(topics):
    """No query per official, meeting or statement once the people are known."""
    persist.article_store(extraction=readout(PEOPLE, n=1))
    with CaptureQueriesContext(connection) as four:
        four_stored = persist.article_store(extraction=readout(PEOPLE[:4], n=2, wording=1))
    with CaptureQueriesContext(connection) as eight:
        eight_stored = persist.article_store(extraction=readout(PEOPLE, n=3, wording=1))
    assert four_stored.created and eight_stored.created  # neither taken for a copy
    assert len(eight) == len(four)
    assert Official.objects.count() == len(PEOPLE)
    assert Meeting.objects.count() == 4  # the later articles report the same meetings
