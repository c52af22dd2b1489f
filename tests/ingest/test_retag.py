"""Retag: the taxonomy applied again, with ingest's matcher and ingest's sentences."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from meetings.ingest.retag import retag
from meetings.models import (
    ArticleTopic,
    MeetingSource,
    MeetingTopic,
    RecordSource,
    Statement,
    Topic,
)

pytestmark = [pytest.mark.django_db, pytest.mark.nlp]


@pytest.fixture
def topics(make_topic):
    return [make_topic("Human rights", aliases=["human rights"]),
            make_topic("Taiwan Strait", aliases=["Taiwan Strait"])]


def test_retag_adds_new_links_removes_stale_ones_and_keeps_curated(make_article, make_meeting,
                                                                   topics):
    body = "They discussed tariffs. Human rights came up too. Nothing about the strait."
    article = make_article(body=body)
    meeting = make_meeting(summary="m")
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 23]])
    ArticleTopic.objects.create(article=article, topic=topics[1])  # stale, machine
    kept = make_article(body="Nothing relevant.")
    ArticleTopic.objects.create(article=kept, topic=topics[1], curated=True)
    MeetingTopic.objects.create(meeting=meeting, topic=topics[1])  # stale, machine
    tariffs = Topic.objects.create(name="Tariffs", slug="tariffs", aliases=["tariff"])

    counts = retag()

    links = {link.topic.name: link.evidence for link in article.topic_links.all()}
    assert links == {"Tariffs": [[0, 23]], "Human rights": [[24, 49]]}
    assert list(kept.topic_links.values_list("topic__name", flat=True)) == ["Taiwan Strait"]
    assert [t.topic for t in meeting.topic_links.all()] == [tariffs]
    assert counts["articles"] == 2 and counts["removed"] == 2


def test_retag_gives_statements_the_topics_of_their_sentence(make_article, topics):
    body = "Blinken raised tariffs. Liu spoke of human rights."
    article = make_article(body=body)
    raised = Statement.objects.create(article=article, text="raised tariffs", text_hash="a",
                                      evidence_start=0, evidence_end=23)
    raised.topics.add(topics[1])  # stale: the sentence names no strait
    spoke = Statement.objects.create(article=article, text="spoke of human rights",
                                     text_hash="b", evidence_start=24, evidence_end=len(body))
    kept = Statement.objects.create(article=article, text="raised tariffs", text_hash="c",
                                    evidence_start=0, evidence_end=23, curated=True)
    kept.topics.add(topics[1])
    tariffs = Topic.objects.create(name="Tariffs", slug="tariffs", aliases=["tariff"])

    retag()

    assert list(raised.topics.all()) == [tariffs]
    assert list(spoke.topics.all()) == [topics[0]]
    assert list(kept.topics.all()) == [topics[1]]


def test_retag_leaves_curated_meetings_alone(make_article, make_meeting, topics):
    article = make_article(body="Human rights were raised.")
    meeting = make_meeting(curated=True)
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 25]])
    MeetingTopic.objects.create(meeting=meeting, topic=topics[1])
    retag()
    assert [t.topic for t in meeting.topic_links.all()] == [topics[1]]


def test_retag_uses_the_sentences_ingest_finds(make_article, topics):
    from meetings.ingest.pipeline import extract_article
    from meetings.ingest.records import ArticleInput, Lexicon
    from meetings.ingest.topics import TopicDef

    # Abbreviations, a sentence opening in lower case, a line break: where a regex
    # splitter (retag had one) and the parser disagree.
    body = ("U.S. Secretary of State Antony Blinken met Liu Jianchao on Jan. 12 in Washington. "
            "human rights were raised.\nThe Taiwan Strait came up later.")
    article = make_article(body=body)
    lexicon = Lexicon(topics=tuple(TopicDef(name=t.name, slug=t.slug, aliases=tuple(t.aliases))
                                   for t in topics))
    ingested = extract_article(ArticleInput(title="", body=body, date=article.published_on),
                               lexicon=lexicon)
    expected = {t.name: [[s.start, s.end] for s in t.evidence] for t in ingested.topics}

    retag()

    stored = {link.topic.name: link.evidence for link in article.topic_links.all()}
    assert stored == expected
    assert stored["Human rights"] == [[body.index("human"), body.index("\n")]]


def test_retag_tags_record_meetings_from_their_remarks(make_meeting, topics, client):
    record = make_meeting(from_record=True, name="Trip to Taipei")
    RecordSource.objects.create(meeting=record, collection="secretary-travels", file="t.xml",
                                record_id="1", text="Discussed the Taiwan Strait and trade.")
    bare = make_meeting(from_record=True, name="Trip to Oslo")
    RecordSource.objects.create(meeting=bare, collection="secretary-travels", file="t.xml",
                                record_id="2", text="Attended a ceremony.")

    counts = retag()

    assert [t.topic for t in record.topic_links.all()] == [topics[1]]
    assert not bare.topic_links.exists()
    assert counts["records"] == 2
    assert "Trip to Taipei" in client.get("/topics/taiwan-strait/").content.decode()
    # The same input twice changes nothing.
    again = retag()
    assert again["added"] == again["removed"] == 0


def test_retag_of_named_articles_leaves_records_unless_asked(make_meeting, make_article,
                                                             topics):
    record = make_meeting(from_record=True)
    RecordSource.objects.create(meeting=record, collection="visits", file="v.xml",
                                record_id="9", text="Human rights were discussed.")
    article = make_article(body="Nothing here.")
    retag(article_ids=[article.pk])
    assert not record.topic_links.exists()
    retag(article_ids=[article.pk], records=True)
    assert [t.topic for t in record.topic_links.all()] == [topics[0]]


def test_retag_command_prints_counts(make_article, make_meeting, topics, capsys):
    make_article(body="Human rights.")
    record = make_meeting(from_record=True)
    RecordSource.objects.create(meeting=record, collection="visits", file="v.xml",
                                record_id="3", text="On human rights.")
    call_command("retag")
    out = capsys.readouterr().out
    assert "1 articles" in out and "1 record meetings" in out
    assert ArticleTopic.objects.get().topic == topics[0]
