"""Property test: no query string makes any public page answer with a server error."""

import datetime as dt
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

KEYS = ["person", "country", "topic", "kind", "from", "to", "q", "confirmed", "cursor",
        "page", "format"]
SAMPLES = ["", "blinken", "antony-blinken", "US", "us", "ZZ", "human-rights", "meeting",
           "summit", "2024-01-12", "2024-02-30", "0000-01-01", "9999-12-31", "yes", "no",
           "2024-01-12.1", "none.5", "2024-01-12.99999999999999999999", "-1", "1e309",
           "'; DROP TABLE x; --", "<script>", "\"&'<>", "%", "a:b", "\u202e", "\ufffd",
           "Erdoğan", "習近平", " ", "NaN", "\x00", "a\x0bb", "\x01", "\ufffe", "\x7f"]

# Mostly the names the views read and values they treat specially, so the examples reach
# the code that uses them; then any text, and raw bytes.
values = st.one_of(st.sampled_from(SAMPLES), st.sampled_from(SAMPLES), st.text(max_size=30),
                   st.integers().map(str), st.dates().map(dt.date.isoformat))
known = st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=4).map(
    lambda d: list(d.items()))
noise = st.lists(st.tuples(st.text(max_size=8), values), max_size=2)
pairs = st.builds(lambda a, b: a + b, known, noise)
# Raw bytes, percent-encoded: invalid UTF-8, NUL, controls, stray '&' and '='.
raw = st.binary(max_size=40).map(lambda b: quote(b, safe="=&"))
query_strings = st.one_of(pairs.map(urlencode), pairs.map(urlencode), raw)


@pytest.fixture
def pages(make_official, make_meeting, make_topic, make_article):
    from meetings.models import MeetingSource

    blinken = make_official("Antony Blinken", title="Secretary of State", country="US")
    liu = make_official("Liu Jianchao", title="Minister", country="CN")
    topic = make_topic("Human rights")
    article = make_article(title="Blinken meets Liu", url="https://example.org/a",
                           body="Antony Blinken met Liu Jianchao on Friday.")
    meeting = make_meeting(officials=[blinken, liu], summary="Antony Blinken – Liu Jianchao",
                           country_codes=["CN", "US"], date_precision="month")
    meeting.topic_links.create(topic=topic)
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 20]])
    return ["/", "/officials/suggest/", f"/meetings/{meeting.pk}/",
            f"/officials/{blinken.slug}/", f"/topics/{topic.slug}/", "/countries/US/",
            f"/articles/{article.pk}/", "/export.csv", "/export.json", "/feed.atom",
            "/admin/login/"]


@pytest.mark.parametrize("which", range(11))
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=query_strings, htmx=st.booleans())
def test_no_query_string_gets_a_server_error(client, pages, which, query, htmx):
    from django.core.cache import cache

    cache.clear()  # the export's rate limit is not what this test is about
    url = pages[which] + "?" + query
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(url, **headers)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # streamed bodies fail while they stream
    assert response.status_code < 500, url
