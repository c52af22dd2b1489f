"""Pages: full pages, htmx fragments, query-count bounds."""

import datetime as dt
import json

import pytest

from meetings.models import MeetingSource, OfficialAlias, OfficialMention, Statement

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(make_official, make_meeting, make_topic, make_article):
    blinken = make_official("Antony Blinken", title="Secretary of State", country="US")
    liu = make_official("Liu Jianchao", title="Minister", country="CN")
    finer = make_official("Jon Finer", title="Deputy National Security Adviser", country="US")
    OfficialAlias.objects.create(official=blinken, alias="Tony Blinken")
    rights = make_topic("Human rights")
    strait = make_topic("Taiwan Strait")
    body = ("U.S. Secretary of State Antony Blinken met Liu Jianchao in Washington on Friday. "
            "Blinken raised <b>human rights</b>.")
    article = make_article(title="Blinken meets Liu", body=body, source="Reuters")
    first = make_meeting(officials=[blinken, liu], date=dt.date(2024, 1, 12), place="Washington",
                         summary="Antony Blinken – Liu Jianchao (meeting, Washington)",
                         country_codes=["CN", "US"])
    first.topic_links.create(topic=rights)
    first.topic_links.create(topic=strait)
    second = make_meeting(officials=[liu, finer], date=dt.date(2024, 1, 10),
                          summary="Liu Jianchao – Jon Finer (meeting)", country_codes=["CN", "US"])
    old = make_meeting(officials=[blinken], date=dt.date(2021, 3, 15), kind="visit", place="Tokyo",
                       place_country="JP",
                       summary="Antony Blinken (visit, Tokyo)", country_codes=["JP", "US"])
    MeetingSource.objects.create(meeting=first, article=article, evidence=[[0, 80]])
    OfficialMention.objects.create(article=article, official=blinken, spans=[[24, 38]],
                                   evidence=[[0, 80]])
    Statement.objects.create(article=article, text="human rights", text_hash="h",
                             speaker=blinken, reported_by="the State Department", meeting=first,
                             evidence_start=81, evidence_end=len(body))
    from meetings.ingest.persist import refresh_search

    refresh_search(article_ids=[article.pk], meeting_ids=[first.pk, second.pk, old.pk])
    return {"blinken": blinken, "liu": liu, "finer": finer, "rights": rights, "strait": strait,
            "first": first, "second": second, "old": old, "article": article}


def titles(response) -> str:
    return response.content.decode()


def test_home_lists_newest_first_as_a_full_page(client, world):
    response = client.get("/")
    html = titles(response)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert html.index("Antony Blinken · Liu Jianchao") < html.index("Liu Jianchao · Jon Finer")
    assert html.index("Liu Jianchao · Jon Finer") < html.index("Tokyo")
    assert response.headers["Vary"].count("HX-Request") == 1


def test_htmx_request_gets_only_the_results_fragment(client, world):
    response = client.get("/?topic=human-rights", **HTMX)
    html = titles(response)
    # The form comes with the results so it always shows the filter applied; the page
    # around them (header, footer) does not.
    assert "<html" not in html and "site-header" not in html and "site-footer" not in html
    assert html.count('id="filters"') == 1
    assert '<option value="human-rights" selected>' in html
    assert "Antony Blinken · Liu Jianchao" in html
    assert "Jon Finer" not in html.split('class="meeting-list"')[1]


def test_history_restore_gets_the_full_page(client, world):
    response = client.get("/?topic=human-rights", HTTP_HX_REQUEST="true",
                          HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<!doctype html>" in titles(response)


def test_person_filter_by_slug_and_by_misspelled_name(client, world):
    by_slug = titles(client.get("/?person=antony-blinken", **HTMX))
    by_typo = titles(client.get("/?person=blinkn", **HTMX))
    for html in (by_slug, by_typo):
        listing = html.split('class="meeting-list"')[1]
        assert "Tokyo" in listing and "Jon Finer" not in listing
        assert "Person: Antony Blinken" in html


def test_suggestions_find_names_and_aliases_with_typos(client, world):
    html = titles(client.get("/officials/suggest/?person=blinkn", **HTMX))
    assert "Antony Blinken" in html and "/?person=antony-blinken" in html
    assert "Liu" not in html
    assert "Antony Blinken" in titles(client.get("/officials/suggest/?person=tony", **HTMX))


def test_topic_and_date_range_and_kind_filters_combine(client, world):
    html = titles(client.get("/?topic=human-rights&topic=taiwan-strait&from=2024-01-01"
                             "&to=2024-01-31&kind=meeting", **HTMX))
    listing = html.split('class="meeting-list"')[1]
    assert "Antony Blinken · Liu Jianchao" in listing and "Jon Finer" not in listing
    empty = titles(client.get("/?topic=human-rights&from=2024-02-01", **HTMX))
    assert "No meetings match" in empty and "Topic: Human rights" in empty


def test_country_filter_and_facet_counts(client, world):
    html = titles(client.get("/?country=JP", **HTMX))
    assert "Tokyo" in html and "Jon Finer" not in html.split('class="meeting-list"')[1]
    facets = titles(client.get("/", **HTMX)).split('class="facets"')[1]
    assert "Liu Jianchao" in facets and "Human rights" in facets


def test_free_text_searches_statements_and_articles(client, world):
    html = titles(client.get("/?q=washington", **HTMX))
    assert "Antony Blinken · Liu Jianchao" in html
    assert "Jon Finer" not in html.split('class="meeting-list"')[1]
    assert "No meetings match" in titles(client.get("/?q=zanzibar", **HTMX))


def test_facet_link_adds_a_topic_and_chip_removes_it(client, world):
    html = titles(client.get("/?topic=human-rights"))
    assert 'href="/?topic=human-rights&amp;topic=taiwan-strait"' in html
    assert 'href="/"' in html  # the chip that removes the only filter


def test_keyset_pagination_walks_the_whole_list(client, world, make_meeting):
    for n in range(30):
        make_meeting(date=dt.date(2020, 1, 1) + dt.timedelta(days=n), summary=f"extra {n}")
    seen, url = [], "/"
    for _ in range(5):
        response = client.get(url)
        page = response.context["page"]
        seen += [m.pk for m in page.meetings]
        if not page.next_cursor:
            break
        url = f"/?cursor={page.next_cursor}"
    assert len(seen) == len(set(seen)) == 33


def test_home_page_runs_a_fixed_number_of_queries(client, world, make_meeting,
                                                  django_assert_num_queries):
    # The data version, the taxonomy, the person, the first ids, the cards (3), the facets.
    with django_assert_num_queries(8):
        client.get("/?person=antony-blinken&topic=human-rights&country=US&q=washington")
    for n in range(300):
        make_meeting(date=dt.date(2019, 1, 1) + dt.timedelta(days=n % 365), summary=f"m {n}")
    # Without a person, and the capped count of more than 250 matches.
    with django_assert_num_queries(8):
        client.get("/")
    with django_assert_num_queries(8):
        client.get("/?kind=meeting", HTTP_HX_REQUEST="true")


def test_meeting_page_shows_everything_with_bounded_queries(client, world,
                                                             django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(world["first"].get_absolute_url())
    html = titles(response)
    assert "Secretary of State" in html and "Liu Jianchao" in html
    assert "Human rights" in html
    assert "as reported by the State Department" in html
    assert f"/articles/{world['article'].pk}/#e-0-80" in html
    related = html.split("Other meetings of these participants")[1]
    assert "Tokyo" in related and "Jon Finer" in related


def test_official_page_has_chart_counterparts_and_bounded_queries(
        client, world, django_assert_max_num_queries):
    # 12, and one for the data version of the page cache.
    with django_assert_max_num_queries(13):
        response = client.get(world["blinken"].get_absolute_url())
    html = titles(response)
    assert "<svg" in html and "Mar 2021: 1" in html
    assert "Liu Jianchao" in html.split("Met most often")[1]
    assert "Tony Blinken" in html


def test_topic_page(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = titles(client.get(world["rights"].get_absolute_url()))
    assert "Antony Blinken" in html.split("Officials most involved")[1]
    assert "/feed.atom?topic=human-rights" in html


def test_article_page_highlights_and_escapes(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = titles(client.get(world["article"].get_absolute_url()))
    assert 'id="e-0-80"' in html
    assert '<a class="mention" href="/officials/antony-blinken/"' in html
    assert "&lt;b&gt;human rights&lt;/b&gt;" in html and "<b>human rights</b>" not in html


def test_exports_follow_the_filter(client, world):
    response = client.get("/export.csv?topic=human-rights")
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith('\ufeff"id","kind","name","date"')
    assert "Antony Blinken (Secretary of State)" in text and "Jon Finer" not in text
    response = client.get("/export.json?kind=visit")
    data = json.loads(b"".join(response.streaming_content))["meetings"]
    assert [m["place"] for m in data] == ["Tokyo"] and data[0]["kind"] == "visit"


def test_atom_feed(client, world):
    response = client.get("/feed.atom?topic=human-rights")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "Antony Blinken – Liu Jianchao" in body and "Jon Finer" not in body


def test_missing_records_are_404(client, db):
    assert client.get("/meetings/999999/").status_code == 404
    assert client.get("/officials/nobody/").status_code == 404
    assert client.get("/topics/nothing/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404


def test_bad_filter_values_do_not_break_the_page(client, world):
    response = client.get("/?from=not-a-date&kind=banquet&cursor=garbage&country=ZZ")
    assert response.status_code == 200
    assert "Antony Blinken · Liu Jianchao" in titles(response)


def test_the_official_page_shows_changes_at_once_with_bounded_queries(
        client, world, make_official, make_meeting, django_assert_max_num_queries):
    from meetings.models import Participation

    blinken = world["blinken"]
    wang = make_official("Wang Yi", title="Foreign Minister", country="CN")
    make_meeting(officials=[blinken, wang], date=dt.date(2024, 2, 16))
    with django_assert_max_num_queries(12):
        html = client.get(blinken.get_absolute_url()).content.decode()
    assert "Wang Yi" in html.split("Met most often")[1]
    # A participation moved to another official (a merge) shows on the next view.
    Participation.objects.filter(official=wang).update(official=world["liu"])
    html = client.get(blinken.get_absolute_url()).content.decode()
    assert "Wang Yi" not in html.split("Met most often")[1]


def test_country_page_shows_meetings_in_or_with_the_country(client, world,
                                                            django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = titles(client.get("/countries/jp/"))
    assert "<h1>Japan</h1>" in html
    listing = html.split('class="meeting-list"')[1]
    assert "Tokyo" in listing and "Liu Jianchao" not in listing
    assert "United States" in html.split("Most frequent partners")[1]
    assert client.get("/countries/ZZ/").status_code == 404
    china = titles(client.get("/countries/CN/"))
    assert "Liu Jianchao" in china.split("Its officials most involved")[1]
    assert "Antony Blinken" not in china.split("Its officials most involved")[1].split("</ol>")[0]
