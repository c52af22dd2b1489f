import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from meetings.models import Meeting, MeetingSource, OfficialAlias, Participation, Statement

pytestmark = pytest.mark.django_db


def test_article_body_hash_is_unique(make_article):
    make_article(body="The same text.")
    with pytest.raises(IntegrityError):
        make_article(body="The same text.")


def test_official_gets_a_unique_slug_and_normalized_name(make_official):
    first = make_official("Antony Blinken")
    second = make_official("Antony  Blinken")
    assert first.slug == "antony-blinken"
    assert second.slug == "antony-blinken-2"
    assert first.normalized_name == second.normalized_name == "antony blinken"


def test_alias_is_unique_per_official_whatever_the_case(make_official):
    official = make_official("Liu Jianchao")
    OfficialAlias.objects.create(official=official, alias="Liu")
    with pytest.raises(IntegrityError):
        OfficialAlias.objects.create(official=official, alias="LIU")


def test_an_official_takes_part_in_a_meeting_once(make_official, make_meeting):
    official = make_official()
    meeting = make_meeting(officials=[official])
    with pytest.raises(IntegrityError):
        Participation.objects.create(meeting=meeting, official=official)


def test_a_meeting_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        Meeting.objects.create(date=dt.date(2024, 1, 12), end_date=dt.date(2024, 1, 1))


def test_an_article_is_one_source_of_a_meeting_once(make_article, make_meeting):
    article, meeting = make_article(), make_meeting()
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 5]])
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 5]])
    assert MeetingSource.objects.get().sentences() == [(0, 5, article.body[0:5])]


def test_the_same_statement_is_stored_once_per_article(make_article):
    article = make_article(body="Blinken said peace matters.")
    fields = {"article": article, "text": "peace matters", "text_hash": "x",
              "evidence_start": 0, "evidence_end": 27}
    Statement.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Statement.objects.create(**fields)


def test_querysets_chain(make_official, make_meeting, make_topic):
    blinken, liu = make_official("Antony Blinken"), make_official("Liu Jianchao")
    rights = make_topic("Human rights")
    old = make_meeting(officials=[blinken], date=dt.date(2023, 11, 15))
    new = make_meeting(officials=[blinken, liu], date=dt.date(2024, 1, 12))
    new.topic_links.create(topic=rights)
    assert list(Meeting.objects.with_official(blinken).recent()) == [new, old]
    assert list(Meeting.objects.with_official(blinken).about(rights)) == [new]
    assert list(Meeting.objects.between(dt.date(2023, 11, 1), dt.date(2023, 11, 30))) == [old]


def test_every_model_has_a_readable_str(make_official, make_meeting, make_article, make_topic):
    official = make_official("Jon Finer", title="Deputy National Security Adviser")
    meeting = make_meeting(officials=[official], summary="Liu Jianchao – Jon Finer")
    assert str(official) == "Jon Finer (Deputy National Security Adviser)"
    assert "Liu Jianchao – Jon Finer" in str(meeting) and "2024-01-12" in str(meeting)
    assert str(make_topic("Taiwan Strait")) == "Taiwan Strait"
    assert "2024-01-12" in str(make_article(title="Title"))


def test_no_index_is_a_leading_part_of_another():
    """Each index costs every insert of its table: one that another index begins with
    (same columns, same operator classes, in order) only costs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(r"""
            SELECT t.relname, i.relname, x.indisunique, x.indkey::int2[], x.indclass::oid[],
                   x.indpred IS NULL AND x.indexprs IS NULL, am.amname = 'btree'
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_am am ON am.oid = i.relam
            WHERE t.relnamespace = current_schema()::regnamespace
              AND t.relname LIKE 'meetings\_%'""")
        indexes = cursor.fetchall()
    assert len(indexes) > 30
    redundant = set()
    for table, name, unique, keys, classes, plain, btree in indexes:
        if unique or not plain or not btree:
            continue
        mine = list(zip(keys, classes, strict=True))
        for other_table, other, _, other_keys, other_classes, _, other_btree in indexes:
            theirs = list(zip(other_keys, other_classes, strict=True))
            if (other_table == table and other != name and other_btree
                    and len(theirs) >= len(mine) and theirs[:len(mine)] == mine):
                redundant.add(f"{name} (within {other})")
    # Django makes the table of a plain many-to-many field itself, indexes and all.
    assert redundant == {"meetings_statement_topics_statement_id_253ea304"
                         " (within meetings_statement_topics_statement_id_topic_id_7a1940c7_uniq)",
                         "meetings_statement_also_in_statement_id_2bcfc2a2"
                         " (within meetings_statement_also__statement_id_article_id_2837583a_uniq)"}
