"""Exports and the feed: safe for spreadsheets and feed readers, citable, dated at precision."""

import csv
import datetime as dt
import io
import json

import pytest
from lxml import etree

from meetings.exports import date_at_precision, date_in_words, neutralise_cell
from meetings.models import MeetingSource, RecordSource

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile(make_official, make_meeting, make_topic, make_article):
    """A meeting whose names and titles come from hostile article text."""
    host = make_official("=HYPERLINK(\"http://evil.example\")", title="-2+3",
                         country="US")
    guest = make_official("<img src=x onerror=alert(1)>", title="@Home Summit chair",
                          country="CN")
    topic = make_topic("<b>Bold</b> topic", slug="bold-topic")
    article = make_article(title="A", body="The @Home Summit met.", url="https://example.org/a")
    bad = make_article(title="B", body="Another body.", url="javascript:alert(1)")
    meeting = make_meeting(officials=[host, guest], date=dt.date(2023, 11, 1),
                           end_date=dt.date(2023, 11, 30), date_precision="month",
                           kind="summit", name="@Home Summit",
                           summary="+cmd|' /C calc'!A0", place="\tTab town",
                           country_codes=["CN", "US"])
    meeting.topic_links.create(topic=topic)
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 10]])
    MeetingSource.objects.create(meeting=meeting, article=bad, evidence=[[0, 5]])
    RecordSource.objects.create(meeting=meeting, collection="visits", file="v.xml",
                                record_id="7", url="https://history.state.gov/visits/2023")
    return meeting


def csv_rows(response) -> list[dict]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_formula_like_cells_are_neutralised_in_the_csv(client, hostile):
    [row] = csv_rows(client.get("/export.csv"))
    assert row["name"] == "'@Home Summit"
    assert row["summary"] == "'+cmd|' /C calc'!A0"
    assert row["place"] == "'\tTab town"
    assert row["participants"].startswith("'=HYPERLINK")
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_neutralise_cell_follows_owasp():
    assert [neutralise_cell(v) for v in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok"]] \
        == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok"]


def test_csv_has_source_urls_dates_at_precision_and_a_telling_file_name(client, hostile):
    response = client.get("/export.csv?kind=summit&topic=bold-topic")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = dt.date.today().isoformat()
    # The filters in the order of the filter form, then the date.
    assert response["Content-Disposition"] == (
        f'attachment; filename="meetings_topic-bold-topic_kind-summit_{today}.csv"')
    [row] = csv_rows(response)
    assert row["date"] == "2023-11" and row["date_precision"] == "month"
    assert row["end_date"] == "2023-11"  # not "2023-11-30", a day nobody reported
    two_topics = client.get("/export.csv?topic=bold-topic&topic=human-rights")
    assert f'meetings_topic-bold-topic_topic-human-rights_{today}.csv"' in \
        two_topics["Content-Disposition"]
    # The javascript: URL of the second article is not passed on.
    assert row["source_urls"].split() == ["https://example.org/a",
                                          "https://history.state.gov/visits/2023"]
    assert row["url"] == f"http://testserver/meetings/{hostile.pk}/"


def test_csv_carries_export_time_filter_and_data_version_in_headers(client, hostile):
    response = client.get("/export.csv?kind=summit")
    exported = dt.datetime.fromisoformat(response["X-Export-Time"])
    assert abs((dt.datetime.now(dt.UTC) - exported).total_seconds()) < 60
    assert response["X-Export-Filter"] == "kind=summit"
    version = response["X-Data-Version"]
    assert version.startswith("1m-2a-")
    hostile.save()  # any change to the data changes the version
    assert client.get("/export.csv?kind=summit")["X-Data-Version"] != version


def test_json_has_a_metadata_object(client, hostile):
    response = client.get("/export.json?kind=summit")
    assert response["Content-Disposition"].endswith(
        f'meetings_kind-summit_{dt.date.today().isoformat()}.json"')
    data = json.loads(b"".join(response.streaming_content))
    meta = data["metadata"]
    assert meta["filter"] == "kind=summit" and meta["filter_description"] == "Kind: Summit"
    assert meta["data_version"] == response["X-Data-Version"]
    assert meta["exported_at"].endswith("Z")
    [meeting] = data["meetings"]
    assert meeting["date"] == "2023-11" and meeting["end_date"] == "2023-11"
    assert meeting["name"] == "@Home Summit"
    assert [p["name"] for p in meeting["participants"]] == [
        "=HYPERLINK(\"http://evil.example\")", "<img src=x onerror=alert(1)>"]
    assert meeting["source_urls"] == ["https://example.org/a",
                                      "https://history.state.gov/visits/2023"]


def test_empty_filter_exports_an_empty_list(client, db):
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    assert data["meetings"] == [] and data["metadata"]["filter"] == ""


def test_exports_are_rate_limited_per_address(client, hostile, settings):
    from django.core.cache import cache

    cache.clear()
    settings.EXPORT_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/export.csv", REMOTE_ADDR="10.0.0.1").status_code == 200
    refused = client.get("/export.json", REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "at most 3" in refused.content.decode()
    assert client.get("/export.csv", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_feed_summaries_are_escaped_for_html(client, hostile):
    body = client.get("/feed.atom").content
    entry = etree.fromstring(body).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # After XML parsing the reader holds HTML: it must be text, not markup.
    assert "<img" not in summary.text and "&lt;img src=x onerror=alert(1)&gt;" in summary.text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in summary.text


def test_feed_writes_dates_at_their_precision(client, hostile, make_meeting, make_official):
    make_meeting(officials=[make_official("Gina Raimondo")], date=dt.date(2024, 1, 10),
                 end_date=dt.date(2024, 1, 12), summary="Raimondo talks")
    make_meeting(date=dt.date(2024, 1, 8), date_precision="week", summary="Week talks")
    body = client.get("/feed.atom").content
    summaries = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}summary").text
                 for e in etree.fromstring(body).findall(f"{ATOM}entry")}
    assert "November 2023" in summaries["+cmd|' /C calc'!A0"]
    assert "2023-11-01" not in body.decode()
    assert "10–12 January 2024" in summaries["Raimondo talks"]
    assert "Week of 8 January 2024" in summaries["Week talks"]


def test_dates_at_precision():
    day = dt.date(2024, 1, 12)
    assert [date_at_precision(day, p) for p in ("day", "week", "month", "year")] == \
        ["2024-01-12", "2024-W02", "2024-01", "2024"]
    assert date_at_precision(None, "day") == ""
    # The feed writes dates as the pages do.
    assert date_in_words(dt.date(2023, 11, 30), "day", dt.date(2023, 12, 2)) == \
        "30 November – 2 December 2023"
    assert date_in_words(dt.date(2023, 12, 30), "day", dt.date(2024, 1, 2)) == \
        "30 December 2023 – 2 January 2024"
    assert date_in_words(None, "day") == "Undated"


def test_exports_keep_the_list_order_in_a_fixed_number_of_queries(
        client, make_meeting, make_official, django_assert_max_num_queries):
    people = [make_official(f"Official {n}") for n in range(3)]
    for day in range(1, 31):
        make_meeting(officials=people[: 1 + day % 3], date=dt.date(2024, 1, day),
                     summary=f"Meeting {day}")
    with django_assert_max_num_queries(8):
        rows = csv_rows(client.get("/export.csv"))
    assert [r["summary"] for r in rows] == [f"Meeting {day}" for day in range(30, 0, -1)]
    assert rows[0]["participants"] == "Official 0"
    with django_assert_max_num_queries(8):
        response = client.get("/export.json")
        data = json.loads(b"".join(response.streaming_content))
    assert [len(m["participants"]) for m in data["meetings"][:3]] == [1, 3, 2]


def test_the_download_page_says_where_the_export_metadata_is(client, db):
    html = client.get("/").content.decode()
    assert "X-Data-Version" in html and "<code>metadata</code>" in html


@pytest.mark.parametrize("path", ["/export.csv", "/export.json"])
def test_the_number_of_queries_does_not_grow_with_the_export(client, make_official, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting, Participation

    official = make_official("Official One")

    def add(n: int) -> None:
        meetings = Meeting.objects.bulk_create(
            Meeting(date=dt.date(2020, 1, 1) + dt.timedelta(days=d), summary=f"M{d}")
            for d in range(n))
        Participation.objects.bulk_create(Participation(meeting=m, official=official)
                                          for m in meetings)

    def queries_for_export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            body = b"".join(client.get(path).streaming_content).decode("utf-8-sig")
        return len(captured), body.count("Official One")

    add(5)
    few, rows = queries_for_export()
    assert rows == 5
    add(1200)
    many, rows = queries_for_export()
    assert rows == 1205 and many == few
