"""manage.py generate_demo_data and meetings.demo: shape, consistency, clearing, determinism."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command

from meetings import demo
from meetings.models import (
    Article,
    Meeting,
    MeetingSource,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    Statement,
    Topic,
)


def generate(*args: str) -> None:
    call_command("generate_demo_data", "--meetings", "50", *args, stdout=_Sink())


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def snapshot() -> dict:
    """The demo data without ids or timestamps, for comparing two runs."""
    meetings = []
    for source in (MeetingSource.objects.filter(article__in=demo.demo_articles())
                   .select_related("meeting", "article")
                   .prefetch_related("meeting__participations__official",
                                     "meeting__topic_links__topic")):
        m = source.meeting
        meetings.append((source.article.origin, m.kind, m.date, m.date_precision, m.summary,
                         tuple(m.country_codes),
                         tuple(p.official.slug for p in m.participations.all()),
                         tuple(sorted(t.topic.slug for t in m.topic_links.all())),
                         tuple(map(tuple, source.evidence))))
    return {
        "officials": sorted(demo.demo_officials().values_list("name", "slug", "country",
                                                               "title")),
        "aliases": sorted(OfficialAlias.objects.filter(official__in=demo.demo_officials())
                          .values_list("official__slug", "alias")),
        "articles": sorted(demo.demo_articles().values_list("origin", "sha256", "title",
                                                            "published_on")),
        "meetings": sorted(meetings),
        "statements": sorted(Statement.objects.filter(article__in=demo.demo_articles())
                             .values_list("article__origin", "evidence_start", "evidence_end",
                                          "text", "speaker__slug", "direct")),
    }


@pytest.fixture
def demo_data(db):
    generate("--seed", "3")


def test_generates_the_requested_numbers_of_each_record(demo_data):
    assert demo.demo_meetings().count() == 50
    assert demo.demo_articles().count() == 50
    assert demo.demo_officials().count() == 10  # meetings / 5
    assert Statement.objects.filter(article__in=demo.demo_articles()).count() == 150


def test_explicit_sizes_are_obeyed(db):
    call_command("generate_demo_data", "--meetings", "20", "--officials", "7",
                 "--statements", "5", stdout=_Sink())
    assert demo.demo_meetings().count() == 20
    assert demo.demo_officials().count() == 7
    assert Statement.objects.filter(article__in=demo.demo_articles()).count() == 5


def test_every_meeting_has_two_to_four_participants_and_one_to_three_topics(demo_data):
    for meeting in demo.demo_meetings().prefetch_related("participations", "topic_links"):
        assert 2 <= len(meeting.participations.all()) <= 4, meeting
        assert 1 <= len(meeting.topic_links.all()) <= 3, meeting


def test_every_meeting_has_a_source_whose_evidence_lies_in_the_article_body(demo_data):
    meetings = demo.demo_meetings().prefetch_related("sources__article", "participations__official")
    for meeting in meetings:
        sources = list(meeting.sources.all())
        assert sources, meeting
        for source in sources:
            body = source.article.body
            assert source.evidence
            for start, end, sentence in source.sentences():
                assert 0 <= start < end <= len(body)
                assert sentence.strip() == sentence and sentence.endswith(".")
            # The first evidence sentence names every participant.
            lead = source.sentences()[0][2]
            for participation in meeting.participations.all():
                assert participation.official.name in lead


def test_country_codes_hold_every_participant_country_party_and_place(demo_data):
    meetings = list(demo.demo_meetings().prefetch_related("participations__official"))
    assert any(m.place_country for m in meetings)
    for meeting in meetings:
        wanted = {p.official.country for p in meeting.participations.all()}
        wanted |= set(meeting.countries) | ({meeting.place_country} - {""})
        assert wanted <= set(meeting.country_codes), meeting
        assert meeting.country_codes == sorted(set(meeting.country_codes))


def test_statements_are_spoken_by_participants_inside_their_evidence_sentence(demo_data):
    statements = Statement.objects.filter(article__in=demo.demo_articles()).select_related(
        "article", "speaker").prefetch_related("meeting__participations", "topics")
    for statement in statements:
        sentence = statement.article.body[statement.evidence_start:statement.evidence_end]
        assert statement.text in sentence
        assert statement.speaker.name in sentence
        assert statement.speaker_id in {p.official_id for p in
                                        statement.meeting.participations.all()}
        assert statement.topics.all()


def test_mentions_point_at_the_official_names(demo_data):
    mentions = OfficialMention.objects.filter(article__in=demo.demo_articles()).select_related(
        "article", "official")
    assert mentions
    for mention in mentions:
        assert mention.spans
        for start, end in mention.spans:
            assert mention.article.body[start:end] == mention.official.name


def test_some_officials_meet_far_more_often_than_the_average(demo_data):
    per_official = Counter(Participation.objects.filter(official__in=demo.demo_officials())
                           .values_list("official_id", flat=True))
    average = sum(per_official.values()) / demo.demo_officials().count()
    assert max(per_official.values()) >= 2 * average


def test_dates_spread_over_many_years_and_topics_come_from_the_taxonomy(demo_data):
    years = {d.year for d in demo.demo_meetings().values_list("date", flat=True)}
    assert len(years) >= 10
    assert min(years) >= 2006 and max(years) <= 2026
    assert Topic.objects.count() >= 5


def test_search_vectors_are_filled_and_find_the_body_words(demo_data):
    assert not demo.demo_meetings().filter(search_vector__isnull=True).exists()
    assert not demo.demo_articles().filter(search_vector__isnull=True).exists()
    official = demo.demo_officials().order_by("slug").first()
    surname = official.name.split()[-1]
    found = Meeting.objects.filter(search_vector=SearchQuery(surname, config="english"))
    assert found.filter(participations__official=official).exists()
    article = demo.demo_articles().order_by("origin").first()
    word = article.body.split("touched on ")[1].split(",")[0]
    assert Article.objects.filter(search_vector=SearchQuery(word, config="english"),
                                  pk=article.pk).exists()


def test_a_second_run_without_clear_is_refused_and_changes_nothing(demo_data):
    before = snapshot()
    with pytest.raises(CommandError, match="--clear"):
        generate("--seed", "4")
    assert snapshot() == before


def test_clear_removes_demo_data_and_leaves_real_data_alone(demo_data, make_article,
                                                             make_official, make_meeting):
    real_article = make_article(title="Real", body="Blinken met Wang in Beijing.",
                                source="Reuters")
    blinken, wang = make_official("Antony Blinken", country="US"), make_official("Wang Yi")
    real_meeting = make_meeting(officials=[blinken, wang])
    MeetingSource.objects.create(meeting=real_meeting, article=real_article, evidence=[[0, 28]])

    call_command("generate_demo_data", "--clear", "--meetings", "0", stdout=_Sink())

    assert not demo.demo_articles().exists()
    assert not demo.demo_officials().exists()
    assert not Article.objects.filter(source=demo.DEMO_SOURCE).exists()
    assert list(Meeting.objects.all()) == [real_meeting]
    assert list(Article.objects.all()) == [real_article]
    assert set(Official.objects.all()) == {blinken, wang}
    assert Participation.objects.count() == 2


def test_clear_then_generate_replaces_the_demo_data(demo_data):
    generate("--seed", "4", "--clear")
    assert demo.demo_meetings().count() == 50
    assert demo.demo_officials().count() == 10


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    generate("--seed", "11")
    first = snapshot()
    generate("--seed", "11", "--clear")
    assert snapshot() == first
    generate("--seed", "12", "--clear")
    other = snapshot()
    assert other["officials"] != first["officials"]
    assert other["articles"] != first["articles"]


def test_month_precision_meetings_end_on_the_last_day_of_their_month(db):
    call_command("generate_demo_data", "--meetings", "400", "--seed", "5", stdout=_Sink())
    months = list(demo.demo_meetings().filter(date_precision="month"))
    assert months
    for meeting in months:
        assert meeting.date.day == 1
        assert (meeting.end_date + dt.timedelta(days=1)).day == 1
        assert meeting.end_date.month == meeting.date.month


def test_a_few_topics_are_created_when_the_taxonomy_cannot_be_loaded(db, monkeypatch):
    import django.core.management

    def broken(*args, **kwargs):
        raise django.core.management.CommandError("no taxonomy")

    Topic.objects.all().delete()
    monkeypatch.setattr(django.core.management, "call_command", broken)
    demo.generate(meetings=10, seed=1)
    assert Topic.objects.count() == len(demo.FALLBACK_TOPICS)
    assert demo.demo_meetings().filter(topic_links__isnull=False).distinct().count() == 10
