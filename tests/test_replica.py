"""Page reads on the replica alias (a mirror of the primary in tests), all else on the primary."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from meetings.replica import PIN_COOKIE, REPLICA

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


def queries(client, path: str, method: str = "get", **kwargs):
    """(response, reads on the primary, queries on the replica) of one request."""
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        response = getattr(client, method)(path, **kwargs)
    # A page may write (a cache it fills): that goes to the primary, as it must.
    reads = [q for q in primary.captured_queries if q["sql"].lstrip().upper().startswith(
        ("SELECT", "WITH"))]
    return response, len(reads), len(replica)


def test_the_suite_runs_with_the_replica_as_a_mirror_of_the_primary():
    from django.conf import settings

    assert settings.DATABASES[REPLICA]["TEST"]["MIRROR"] == "default"
    assert connections[REPLICA].settings_dict["NAME"] == connections["default"].settings_dict[
        "NAME"]


def test_public_pages_read_from_the_replica(client, make_official, make_meeting):
    official = make_official("Antony Blinken", title="Secretary of State")
    make_meeting(officials=[official])
    for path in ("/", official.get_absolute_url()):
        response, primary, replica = queries(client, path)
        assert response.status_code == 200
        assert replica > 0 and primary == 0, path


def test_the_admin_and_writes_stay_on_the_primary(admin_client, make_official):
    official = make_official("Antony Blinken")
    response, primary, replica = queries(admin_client, "/admin/meetings/official/")
    assert response.status_code == 200 and primary > 0 and replica == 0
    response, primary, replica = queries(
        admin_client, f"/admin/meetings/official/{official.pk}/change/", method="post",
        data={"name": "Antony J. Blinken", "slug": official.slug, "country": "US",
              "organization": "", "title": "", "curated": "on",
              "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"})
    assert replica == 0


def test_after_a_write_the_browser_reads_its_own_writes_from_the_primary(client,
                                                                           make_official):
    official = make_official("Antony Blinken")
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.cookies[PIN_COOKIE]["max-age"] > 0  # any write pins this browser
    response, primary, replica = queries(client, official.get_absolute_url())
    assert response.status_code == 200 and replica == 0 and primary > 0
    client.cookies.pop(PIN_COOKIE)  # expired: back to the replica
    response, primary, replica = queries(client, official.get_absolute_url())
    assert replica > 0 and primary == 0


def test_inside_a_transaction_on_the_primary_reads_stay_there(make_official):
    from django.db import router, transaction

    from meetings.models import Official
    from meetings.replica import _page_reads

    token = _page_reads.set(True)
    try:
        assert router.db_for_read(Official) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Official) == "default"
    finally:
        _page_reads.reset(token)


def test_job_tables_sessions_and_users_never_go_to_the_replica():
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session
    from django.db import router
    from procrastinate.contrib.django.models import ProcrastinateJob

    from meetings.replica import _page_reads

    token = _page_reads.set(True)
    try:
        for model in (ProcrastinateJob, Session, User):
            assert router.db_for_read(model) == "default", model
    finally:
        _page_reads.reset(token)
