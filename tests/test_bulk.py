"""Set-based inserts (meetings.bulk): what goes in comes back out, defaults included."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from meetings import bulk
from meetings.models import Meeting, MeetingSource, Official

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_given_with_model_defaults_for_the_rest(make_article):
    article = make_article()
    with connection.cursor() as cursor:
        ids = bulk.reserve_ids(cursor, Meeting, 2)
        inserted = bulk.insert(cursor, Meeting, ("id", "kind", "date", "countries", "summary"), [
            (ids[0], "call", dt.date(2024, 1, 10), ["US", "CN"], 'Say "hi" \\ bye'),
            (ids[1], "meeting", None, [], "Plain"),
        ])
        assert inserted == 2
        bulk.insert(cursor, MeetingSource, ("meeting_id", "article_id", "evidence"),
                    [(ids[0], article.pk, [[0, 5], [7, 9]])])
    first, second = Meeting.objects.get(pk=ids[0]), Meeting.objects.get(pk=ids[1])
    assert (first.kind, first.date, first.countries, first.summary) == (
        "call", dt.date(2024, 1, 10), ["US", "CN"], 'Say "hi" \\ bye')
    assert (second.date, second.countries, second.curated, second.background) == (
        None, [], False, False)
    assert first.created_at is not None and first.updated_at is not None
    source = MeetingSource.objects.get(meeting=first)
    assert source.evidence == [[0, 5], [7, 9]] and source.background is False


def test_conflicts_are_skipped_only_when_asked(make_article):
    article = make_article()
    with connection.cursor() as cursor:
        (pk,) = bulk.reserve_ids(cursor, Meeting, 1)
        bulk.insert(cursor, Meeting, ("id", "kind"), [(pk, "meeting")])
        row = [(pk, article.pk, [[0, 1]])]
        fields = ("meeting_id", "article_id", "evidence")
        assert bulk.insert(cursor, MeetingSource, fields, row) == 1
        assert bulk.insert(cursor, MeetingSource, fields, row + row, ignore_conflicts=True) == 0
    assert MeetingSource.objects.filter(meeting_id=pk).count() == 1


def test_rows_of_the_wrong_width_are_refused_before_anything_is_sent():
    with connection.cursor() as cursor:
        with pytest.raises(ValueError, match="Official: every row needs 3 values"):
            bulk.insert(cursor, Official, ("name", "slug", "normalized_name"),
                        [("A B", "a-b", "a b"), ("C D", "c-d")])
        assert bulk.insert(cursor, Official, ("name",), []) == 0
    assert not Official.objects.exists()


def test_a_computed_column_is_made_by_postgres_from_each_rows_inputs():
    shout = bulk.Computed(column="summary", sql="upper({0}) || repeat('!', {1})",
                          types=("text", "integer"))
    with connection.cursor() as cursor:
        ids = bulk.reserve_ids(cursor, Meeting, 2)
        bulk.insert(cursor, Meeting, ("id", "kind", shout),
                    [(ids[0], "call", ("hello", 2)), (ids[1], "meeting", ("bye", 0))])
        with pytest.raises(ValueError, match="Meeting.summary: every row needs 2 inputs"):
            bulk.insert(cursor, Meeting, ("id", "kind", shout), [(ids[0], "call", ("x",))])
    assert dict(Meeting.objects.values_list("kind", "summary")) == {
        "call": "HELLO!!", "meeting": "BYE"}


def test_deferred_inserts_run_together_in_order_when_sent(make_article):
    article = make_article()
    batch = bulk.Deferred()
    with connection.cursor() as cursor:
        (pk,) = bulk.reserve_ids(cursor, Meeting, 1)
        bulk.insert(batch, Meeting, ("id", "kind", "summary"), [(pk, "call", "50% 'off'; %s")])
        # Run in the order given, the first row of this id wins.
        bulk.insert(batch, Meeting, ("id", "kind"), [(pk, "meeting")], ignore_conflicts=True)
        bulk.insert(batch, MeetingSource, ("meeting_id", "article_id", "evidence"),
                    [(pk, article.pk, [[0, 1]])])
        assert not Meeting.objects.filter(pk=pk).exists()  # nothing sent yet
        batch.send(cursor)
        batch.send(cursor)  # sent once: a second send has nothing left to run
    meeting = Meeting.objects.get(pk=pk)
    assert (meeting.kind, meeting.summary) == ("call", "50% 'off'; %s")
    assert MeetingSource.objects.filter(meeting=meeting, article=article).count() == 1


@pytest.mark.parametrize(("values", "cast"), [
    (['say "hi"', "back\\slash", "a,b", "{braces}", "NULL", "", " spaced ", "Łódź", None],
     "text[]"),
    ([1, None, -7, 2**40], "bigint[]"),
    ([True, False, None], "boolean[]"),
    ([dt.date(2024, 1, 10), None], "date[]"),
    ([], "text[]"),
])
def test_array_literals_come_back_as_the_values_given(values, cast):
    with connection.cursor() as cursor:
        (back,) = bulk.prepared(cursor, f"SELECT %s::{cast}", [bulk.array(values)]).fetchone()
    assert back == values


def test_prepared_statements_are_parsed_once_per_connection():
    sql = "SELECT %s::int + 1 AS prepared_once"
    with connection.cursor() as cursor:
        answers = [bulk.prepared(cursor, sql, [n]).fetchone()[0] for n in (1, 2, 3)]
        cursor.execute("SELECT count(*) FROM pg_prepared_statements"
                       " WHERE statement LIKE %s", ["%AS prepared_once%"])
        (kept,) = cursor.fetchone()
    assert answers == [2, 3, 4]
    assert kept == 1


def test_errors_of_prepared_and_deferred_statements_are_djangos(make_article):
    article = make_article()
    fields = ("meeting_id", "article_id", "evidence")
    with connection.cursor() as cursor:
        (pk,) = bulk.reserve_ids(cursor, Meeting, 1)
        bulk.insert(cursor, Meeting, ("id", "kind"), [(pk, "meeting")])
        row = [(pk, article.pk, [[0, 1]])]
        with pytest.raises(IntegrityError), transaction.atomic():
            bulk.insert(cursor, MeetingSource, fields, row + row)
        batch = bulk.Deferred()
        bulk.insert(batch, MeetingSource, fields, row + row)
        with pytest.raises(IntegrityError), transaction.atomic():
            batch.send(cursor)
    assert not MeetingSource.objects.filter(meeting_id=pk).exists()
