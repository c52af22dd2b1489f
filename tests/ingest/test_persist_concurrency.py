"""Two ingest runs at once must not create the same official or meeting twice."""

import datetime as dt
import threading
from dataclasses import replace

import pytest
from django.db import connection

from meetings.ingest import persist
from meetings.models import Meeting, Official
from tests.ingest.test_persist import BODY, extraction


def _store_at_once(count: int, *, filler: str) -> list[Exception]:
    """Store ``count`` copies of BODY (each a little different) from threads released
    together; the exceptions they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def store(n: int) -> None:
        try:
            barrier.wait()
            persist.article_store(extraction=extraction(BODY + " " + filler * (n + 1)))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=store, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_stores_of_the_same_meeting_make_one_record():
    assert _store_at_once(4, filler="x") == []
    assert Official.objects.filter(name="Antony Blinken").count() == 1
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().sources.count() == 4


def _holding(keys: list[str], ready: threading.Event, release: threading.Event) -> None:
    """Another writer: hold these identity locks in a transaction until released."""
    from django.db import transaction

    from meetings.ingest import locks

    try:
        with transaction.atomic():
            locks.identities_lock(keys=keys)
            ready.set()
            release.wait(30)
    finally:
        connection.close()


def _store_within(seconds: float, ex) -> None:
    """article_store, failing if it waits for a lock longer than ``seconds``."""
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = %s", [f"{int(seconds * 1000)}ms"])
    try:
        return persist.article_store(extraction=ex)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@pytest.mark.django_db(transaction=True)
def test_an_article_about_known_people_does_not_wait_for_another_about_them():
    """Only names the resolver may create an official for are locked: known people are
    written beside each other, new ones one after the other."""
    from django.db import OperationalError

    from meetings.ingest import locks
    from meetings.ingest.records import OfficialRecord

    first = extraction(BODY)
    persist.article_store(extraction=first)  # Blinken (with his alias) and Liu are known
    ready, release = threading.Event(), threading.Event()
    # Another article being stored names the same people, all their keys locked.
    holder = threading.Thread(target=_holding, args=(
        locks.name_keys(extraction=first), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        stored = _store_within(2, extraction(BODY + " Again."))  # does not wait
        assert stored.created and stored.copy_of is None
        assert Official.objects.count() == 2
        new = extraction(BODY + " With a newcomer.")
        new = replace(new, officials=(
            *new.officials, OfficialRecord(name="Antony J. Blinken", country="US")))
        with pytest.raises(OperationalError, match="lock timeout"):
            _store_within(0.5, new)  # may create an official: it waits
    finally:
        release.set()
        holder.join()
    assert Official.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_of_a_new_meeting_between_known_people_make_one_record():
    """No name lock for known people: the meeting's parties alone keep it one record."""
    # The people, and an older meeting of theirs.
    persist.article_store(extraction=extraction(BODY, day=dt.date(2023, 6, 1)))
    assert _store_at_once(4, filler="y") == []
    assert Official.objects.count() == 2
    assert Meeting.objects.count() == 2
    assert Meeting.objects.order_by("date").last().sources.count() == 4
