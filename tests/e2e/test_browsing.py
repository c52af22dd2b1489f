"""User journeys of the browsing pages, in a real browser."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from meetings.models import MeetingSource

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(make_official, make_meeting, make_topic, make_article):
    blinken = make_official("Antony Blinken", title="Secretary of State", country="US")
    liu = make_official("Liu Jianchao", title="Minister", country="CN")
    raimondo = make_official("Gina Raimondo", title="Commerce Secretary", country="US")
    wang = make_official("Wang Wentao", title="Commerce Minister", country="CN")
    rights = make_topic("Human rights")
    trade = make_topic("Tariffs and trade")
    body = ("WASHINGTON (Reuters) - U.S. Secretary of State Antony Blinken on Friday raised "
            "concerns over China's human rights issues in a meeting with Liu Jianchao. "
            "Officials have met often.")
    article = make_article(title="Blinken raises human rights with Liu", body=body)
    talk = make_meeting(officials=[blinken, liu], date=dt.date(2024, 1, 12),
                        place="Washington", summary="Antony Blinken – Liu Jianchao")
    talk.topic_links.create(topic=rights)
    call = make_meeting(officials=[raimondo, wang], date=dt.date(2024, 1, 11), kind="call",
                        summary="Gina Raimondo – Wang Wentao")
    call.topic_links.create(topic=trade)
    start = body.index("U.S. Secretary")
    end = body.index("Officials have") - 1
    MeetingSource.objects.create(meeting=talk, article=article, evidence=[[start, end]])
    return {"talk": talk, "call": call, "article": article, "start": start, "end": end}


def test_filter_by_topic_changes_list_and_url_and_back_restores(page, live_server, data):
    page.goto(live_server.url + "/")
    cards = page.locator(".meeting-card .card-title")
    expect(cards).to_have_count(2)
    page.select_option("#filter-topic", label="Tariffs and trade")
    expect(page).to_have_url(re.compile(r"[?&]topic=tariffs-and-trade"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Gina Raimondo")
    page.go_back()
    expect(page).to_have_url(live_server.url + "/")
    expect(cards).to_have_count(2)
    # The pushed URL, requested directly, is a full page with the filter applied.
    page.goto(live_server.url + "/?topic=tariffs-and-trade")
    expect(page.locator("form.filters")).to_be_visible()
    expect(cards).to_have_count(1)


def test_type_part_of_a_name_with_a_typo_and_pick_it(page, live_server, data):
    page.goto(live_server.url + "/")
    page.fill("#filter-person", "blinkn")
    suggestion = page.locator("#person-suggestions a", has_text="Antony Blinken")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"[?&]person=antony-blinken"))
    cards = page.locator(".meeting-card .card-title")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Liu Jianchao")
    expect(page.locator(".chips")).to_contain_text("Person: Antony Blinken")


def test_open_a_meeting_and_follow_its_evidence_to_the_article(page, live_server, data):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Antony Blinken · Liu Jianchao")).click()
    expect(page.locator("h1")).to_contain_text("Antony Blinken and Liu Jianchao")
    page.get_by_role("link", name="See it in the article").click()
    anchor = f"e-{data['start']}-{data['end']}"
    expect(page).to_have_url(re.compile(f"/articles/{data['article'].pk}/#{anchor}$"))
    target = page.locator(f"mark#{anchor}")
    expect(target).to_contain_text("raised concerns over China")
    assert page.evaluate("document.querySelector(':target').id") == anchor


def test_pages_raise_no_csp_violations(page, live_server, data):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    for path in (data["talk"].get_absolute_url(), data["article"].get_absolute_url(), "/"):
        page.goto(live_server.url + path)
    page.select_option("#filter-kind", "call")
    expect(page.locator(".meeting-card")).to_have_count(1)
    assert violations == []
