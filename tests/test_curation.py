"""Curation services: merges, splits, tombstones and retagging, and that ingestion respects them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from meetings import curation
from meetings.ingest import persist
from meetings.models import (
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    Statement,
)
from tests.ingest.test_persist import BODY, extraction

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(make_topic):
    return [make_topic("Human rights", aliases=["human rights"]),
            make_topic("Taiwan Strait", aliases=["Taiwan Strait"])]


# --------------------------------------------------------------------------- officials


def test_merging_officials_moves_everything_and_collapses_shared_meetings(
        make_official, make_meeting, make_article):
    antony = make_official("Antony Blinken", title="Secretary of State", country="US")
    tony = make_official("Tony Blinken", organization="State Department")
    OfficialAlias.objects.create(official=tony, alias="T. Blinken")
    liu = make_official("Liu Jianchao")
    both = make_meeting(officials=[antony, tony, liu], summary="Antony Blinken – Tony Blinken")
    alone = make_meeting(officials=[tony], date=dt.date(2024, 3, 1), summary="Tony Blinken")
    article = make_article()
    OfficialMention.objects.create(article=article, official=antony, spans=[[0, 4]])
    OfficialMention.objects.create(article=article, official=tony, spans=[[5, 8]])
    said = Statement.objects.create(article=article, text="x", text_hash="x", speaker=tony,
                                    evidence_start=0, evidence_end=4)

    curation.officials_merge(survivor=antony, others=[tony])

    antony.refresh_from_db()
    assert not Official.objects.filter(pk=tony.pk).exists()
    assert antony.curated and antony.organization == "State Department"
    assert antony.title == "Secretary of State"
    assert Participation.objects.filter(meeting=both, official=antony).count() == 1
    assert both.participations.count() == 2
    assert alone.participations.get().official == antony
    assert Meeting.objects.get(pk=alone.pk).summary == "Antony Blinken (meeting)"
    assert OfficialMention.objects.get(article=article).spans == [[0, 4], [5, 8]]
    said.refresh_from_db()
    assert said.speaker == antony
    assert {a.alias for a in antony.aliases.all()} == {"Tony Blinken", "T. Blinken"}


def test_a_merged_name_resolves_to_the_survivor_on_reingest(topics):
    persist.article_store(extraction=extraction())
    other = BODY + " Later."
    persist.article_store(extraction=extraction(other, blinken_name="A. Blinken",
                                                day=dt.date(2024, 2, 2)))
    antony, abbreviated = Official.objects.get(name="Antony Blinken"), Official.objects.get(
        name="A. Blinken")
    curation.officials_merge(survivor=antony, others=[abbreviated])
    persist.article_store(extraction=extraction(other, blinken_name="A. Blinken",
                                                day=dt.date(2024, 2, 2)), reprocess=True)
    assert not Official.objects.filter(name="A. Blinken").exists()
    assert Meeting.objects.with_official(antony).count() == 2


def test_merging_an_official_with_itself_is_refused(make_official):
    official = make_official()
    with pytest.raises(curation.CurationError):
        curation.officials_merge(survivor=official, others=[official])


# --------------------------------------------------------------------------- meetings


def test_merging_meetings_unites_sources_participants_topics_and_statements(
        make_official, make_meeting, make_article, topics):
    blinken, liu = make_official("Antony Blinken"), make_official("Liu Jianchao")
    one = make_meeting(officials=[blinken, liu], summary="one", place="")
    two = make_meeting(officials=[liu], summary="two", place="Washington", background=True)
    shared = make_article()
    MeetingSource.objects.create(meeting=one, article=shared, evidence=[[0, 4]])
    MeetingSource.objects.create(meeting=two, article=shared, evidence=[[5, 8]])
    MeetingSource.objects.create(meeting=two, article=make_article(), evidence=[[0, 4]])
    MeetingTopic.objects.create(meeting=one, topic=topics[0])
    MeetingTopic.objects.create(meeting=two, topic=topics[0], curated=True)
    MeetingTopic.objects.create(meeting=two, topic=topics[1])
    statement = Statement.objects.create(article=shared, text="y", text_hash="y", meeting=two,
                                         evidence_start=5, evidence_end=8)

    merged = curation.meetings_merge(survivor=one, others=[two])

    assert not Meeting.objects.filter(pk=two.pk).exists()
    assert merged.curated and merged.place == "Washington" and not merged.background
    assert merged.sources.count() == 2
    assert merged.sources.get(article=shared).evidence == [[0, 4], [5, 8]]
    assert merged.participations.count() == 2
    assert {(t.topic.name, t.curated) for t in merged.topic_links.all()} == {
        ("Human rights", True), ("Taiwan Strait", False)}
    statement.refresh_from_db()
    assert statement.meeting == merged


def test_a_merged_meeting_stays_merged_when_its_articles_are_reingested(topics):
    persist.article_store(extraction=extraction())
    later = BODY + " Later."
    persist.article_store(extraction=extraction(later, day=dt.date(2024, 1, 5)))
    first, second = Meeting.objects.order_by("date")
    assert first.pk != second.pk
    curation.meetings_merge(survivor=second, others=[first])
    persist.article_store(extraction=extraction(), reprocess=True)
    persist.article_store(extraction=extraction(later, day=dt.date(2024, 1, 5)),
                          reprocess=True)
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().sources.count() == 2


def test_splitting_a_meeting_gives_each_chosen_source_its_own_meeting(
        make_official, make_meeting, make_article, topics):
    blinken = make_official("Antony Blinken")
    meeting = make_meeting(officials=[blinken], summary="mixed", place="Washington")
    MeetingTopic.objects.create(meeting=meeting, topic=topics[0])
    first, second = make_article("First"), make_article("Second")
    MeetingSource.objects.create(meeting=meeting, article=first, evidence=[[0, 4]])
    moved = MeetingSource.objects.create(meeting=meeting, article=second, evidence=[[0, 4]],
                                         background=True)
    statement = Statement.objects.create(article=second, text="z", text_hash="z",
                                         meeting=meeting, evidence_start=0, evidence_end=4)

    (new,) = curation.meeting_split(meeting=meeting, sources=[moved])

    assert new.curated and new.background and new.place == "Washington"
    assert [p.official for p in new.participations.all()] == [blinken]
    assert [t.topic for t in new.topic_links.all()] == [topics[0]]
    assert list(new.sources.values_list("article", flat=True)) == [second.pk]
    assert list(meeting.sources.values_list("article", flat=True)) == [first.pk]
    statement.refresh_from_db()
    assert statement.meeting == new
    with pytest.raises(curation.CurationError):
        curation.meeting_split(meeting=meeting, sources=list(meeting.sources.all()))


def test_a_split_stays_split_when_the_articles_are_reingested(topics):
    persist.article_store(extraction=extraction())
    other = BODY + " Another report."
    persist.article_store(extraction=extraction(other))
    meeting = Meeting.objects.get()
    second = meeting.sources.get(article__body=other)
    (new,) = curation.meeting_split(meeting=meeting, sources=[second])
    persist.article_store(extraction=extraction(other), reprocess=True)
    persist.article_store(extraction=extraction(), reprocess=True)
    assert Meeting.objects.count() == 2
    assert new.sources.get().article.body == other
    assert Meeting.objects.get(pk=meeting.pk).sources.get().article.body == BODY


def test_a_curated_meeting_keeps_its_fixes_and_its_evidence_on_reprocess(topics):
    persist.article_store(extraction=extraction())
    meeting = Meeting.objects.get()
    # The curator fixes the date: the extractor's date no longer finds this meeting.
    Meeting.objects.filter(pk=meeting.pk).update(date=dt.date(2024, 1, 11), curated=True)
    persist.article_store(extraction=extraction(), reprocess=True)
    assert Meeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2024, 1, 11) and meeting.sources.count() == 1
    assert Statement.objects.get().meeting == meeting


def test_marking_background(make_meeting):
    meeting = make_meeting()
    curation.meetings_mark_background(meetings=[meeting], background=True)
    meeting.refresh_from_db()
    assert meeting.background and meeting.curated


# --------------------------------------------------------------------------- tombstones


def test_deleted_meetings_and_officials_are_not_recreated_from_the_same_evidence(topics):
    persist.article_store(extraction=extraction())
    curation.meetings_delete(meetings=list(Meeting.objects.all()))
    curation.officials_delete(officials=[Official.objects.get(name="Liu Jianchao")])
    persist.article_store(extraction=extraction(), reprocess=True)
    assert not Meeting.objects.exists()
    assert not Official.objects.filter(name="Liu Jianchao").exists()
    # Other evidence of the same meeting (another article) is still news to ingestion.
    persist.article_store(extraction=extraction(BODY + " Elsewhere."))
    assert Meeting.objects.count() == 1


def test_deleting_an_official_keeps_their_statements_by_name(topics):
    persist.article_store(extraction=extraction())
    curation.officials_delete(officials=[Official.objects.get(name="Antony Blinken")])
    statement = Statement.objects.get()
    assert statement.speaker is None and statement.speaker_label == "Antony Blinken"


def test_meeting_keys_name_the_article_and_the_first_evidence(make_meeting, make_article):
    meeting = make_meeting()
    article = make_article()
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[7, 9], [2, 5]])
    assert curation.meeting_keys(meeting) == [f"{article.sha256}:2"]


def test_a_curated_meeting_does_not_swallow_another_meeting_of_the_same_sentence(topics):
    from dataclasses import replace

    from meetings.ingest.records import MeetingRecord, OfficialRecord, Participant

    base = extraction()
    call = MeetingRecord(kind="call", participants=(Participant("Gina Raimondo"),),
                         date=base.meetings[0].date, evidence=base.meetings[0].evidence)
    both = replace(base, officials=(*base.officials, OfficialRecord(name="Gina Raimondo")),
                   meetings=(*base.meetings, call))
    persist.article_store(extraction=both)
    assert Meeting.objects.count() == 2
    Meeting.objects.filter(kind="meeting").update(curated=True)
    persist.article_store(extraction=both, reprocess=True)
    assert Meeting.objects.count() == 2
    assert Meeting.objects.get(kind="call").participations.get().official.name == "Gina Raimondo"


@pytest.mark.nlp
@pytest.mark.django_db(transaction=True)  # ingest may write from its own thread/connection
def test_curation_survives_ingest_reprocess_on_the_seed():
    from tests.ingest.test_commands import SEED, run

    call_command("load_topics", verbosity=0)
    out, err, failed = run("ingest", str(SEED))
    assert failed is None, err
    blinken = Official.objects.get(name="Antony Blinken")
    blinken.title, blinken.curated = "Secretary of State of the United States", True
    blinken.save()
    summit = Meeting.objects.get(kind="summit")
    curation.meetings_delete(meetings=[summit])
    curation.officials_reject(officials=[Official.objects.get(name="Jon Finer")])
    meetings = Meeting.objects.count()

    out, err, failed = run("ingest", "--reprocess")

    assert failed is None and "1 re-extracted" in out, err
    assert Official.objects.get(pk=blinken.pk).title == "Secretary of State of the United States"
    assert not Meeting.objects.filter(kind="summit").exists()
    assert not Official.objects.filter(name="Jon Finer").exists()
    assert Meeting.objects.count() <= meetings
