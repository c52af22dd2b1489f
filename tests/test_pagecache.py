"""Pages cached until the data changes: the data version and the page cache."""

import datetime as dt

import pytest
from django.db import connection, connections

from meetings.pagecache import data_version

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_every_write_statement_changes_the_version_its_transaction_sees(make_official):
    before = data_version()
    official = make_official("Wang Yi", country="CN")
    after_insert = data_version()
    official.title = "Foreign Minister"
    official.save()
    after_update = data_version()
    assert len({before, after_insert, after_update}) == 3
    # Writes that pages do not read (the ingest queue) leave it alone.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_queuedarticle")
    assert data_version() == after_update


@pytest.mark.django_db
def test_every_table_pages_read_has_the_version_trigger():
    from django.apps import apps

    tables = {m._meta.db_table
              for m in apps.get_app_config("meetings").get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers"
                       " WHERE trigger_name LIKE '%%_data_version'")
        triggered = {row[0] for row in cursor.fetchall()}
    # The queue's staging table is not read by any page.
    assert tables - triggered == {"meetings_queuedarticle"}


@pytest.mark.django_db
def test_a_page_read_inside_a_writing_transaction_shows_its_writes(client, make_official,
                                                                   make_meeting):
    # The test runs inside one transaction, like a curation action that renders a page.
    wang = make_official("Wang Yi", country="CN")
    make_meeting(officials=[wang], date=dt.date(2024, 1, 5), name="First talks")
    assert "First talks" in client.get("/").content.decode()
    make_meeting(officials=[wang], date=dt.date(2024, 2, 5), name="Second talks")
    assert "Second talks" in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_page_comes_from_memory_until_the_data_changes(client, make_official, make_meeting,
                                                         django_assert_num_queries):
    wang = make_official("Wang Yi", country="CN")
    make_meeting(officials=[wang], date=dt.date(2024, 1, 5), name="First talks")
    first = client.get("/").content
    # The data version, read where pages read (the replica alias), and nothing else.
    with django_assert_num_queries(0), \
            django_assert_num_queries(1, connection=connections["replica"]):
        again = client.get("/")
    assert again.content == first and again["Content-Type"].startswith("text/html")
    assert again.headers["Vary"].count("HX-Request") == 1
    # The htmx fragment is another page, cached apart.
    fragment = client.get("/", **HTMX).content.decode()
    assert "<html" not in fragment
    assert "<html" in client.get("/").content.decode()
    make_meeting(officials=[wang], date=dt.date(2024, 2, 5), name="Second talks")
    assert "Second talks" in client.get("/").content.decode()
    assert "Second talks" in client.get("/", **HTMX).content.decode()


@pytest.mark.django_db
def test_redirects_and_errors_are_not_cached(client, make_official):
    assert client.get("/?person=&kind=").status_code == 302
    assert client.get("/officials/nobody/").status_code == 404
    make_official("Nobody", slug="nobody")
    assert client.get("/officials/nobody/").status_code == 200


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_committed_write_elsewhere_changes_the_version_seen_here(client, make_official,
                                                                   make_meeting):
    import psycopg
    from django.conf import settings

    wang = make_official("Wang Yi", country="CN")
    make_meeting(officials=[wang], date=dt.date(2024, 1, 5), name="First talks")
    assert "First talks" in client.get("/").content.decode()
    db = settings.DATABASES["default"]
    with psycopg.connect(dbname=connection.settings_dict["NAME"], user=db["USER"],
                         host=db["HOST"], port=db["PORT"] or None, password=db["PASSWORD"] or None,
                         autocommit=True) as other:
        other.execute("UPDATE meetings_meeting SET name = 'Renamed talks'")
    html = client.get("/").content.decode()
    assert "Renamed talks" in html and "First talks" not in html
