"""Two ingest runs at once must not create the same official or meeting twice."""

import threading

import pytest
from django.db import connection

from meetings.ingest import persist
from meetings.models import Meeting, Official
from tests.ingest.test_persist import BODY, extraction


@pytest.mark.django_db(transaction=True)
def test_concurrent_stores_of_the_same_meeting_make_one_record():
    barrier = threading.Barrier(4)
    errors = []

    def store(n: int) -> None:
        try:
            barrier.wait()
            persist.article_store(extraction=extraction(BODY + " " + "x" * (n + 1)))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=store, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Official.objects.filter(name="Antony Blinken").count() == 1
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().sources.count() == 4
