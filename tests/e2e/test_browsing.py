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


def _settled(page) -> None:
    """Wait until htmx has swapped and set up the new content (a person would anyway)."""
    busy = page.locator(".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added")
    expect(busy).to_have_count(0)


def _chosen(page, selector: str) -> list[str]:
    return page.eval_on_selector(selector, "s => Array.from(s.selectedOptions, o => o.value)")


def test_facets_chips_form_and_url_agree_after_every_action(page, live_server, data):
    page.goto(live_server.url + "/")
    cards = page.locator(".meeting-card .card-title")
    # A facet click shows in the form ...
    page.locator(".facet a", has_text="Human rights").click()
    expect(page).to_have_url(re.compile(r"\?topic=human-rights$"))
    expect(cards).to_have_count(1)
    _settled(page)
    assert _chosen(page, "#filter-topic") == ["human-rights"]
    # ... so the next change in the form keeps it, and the URL has no empty fields.
    page.select_option("#filter-kind", "meeting")
    expect(page).to_have_url(re.compile(r"\?topic=human-rights&kind=meeting$"))
    expect(page.locator(".chips")).to_contain_text("Topic: Human rights")
    # Removing a chip clears its control: the filter does not come back.
    page.get_by_role("link", name="Remove filter Topic: Human rights").click()
    expect(page).to_have_url(re.compile(r"\?kind=meeting$"))
    _settled(page)
    assert _chosen(page, "#filter-topic") == []
    page.select_option("#filter-kind", "")
    expect(page).to_have_url(live_server.url + "/")
    expect(cards).to_have_count(2)


def test_type_ahead_by_keyboard_keeps_one_page_and_the_slug(page, live_server, data):
    page.goto(live_server.url + "/")
    page.fill("#filter-person", "raimondo")
    options = page.locator("#person-suggestions [role=option]")
    expect(options).to_have_count(1)
    page.press("#filter-person", "ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.press("#filter-person", "ArrowUp")  # wraps round to the same, only option
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.press("#filter-person", "Enter")
    expect(page).to_have_url(re.compile(r"\?person=gina-raimondo$"))
    # One page: the pick did not nest a page (header, form) inside the results.
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("form.filters")).to_have_count(1)
    expect(page.locator(".meeting-card")).to_have_count(1)
    expect(page.locator(".tokens")).to_contain_text("Gina Raimondo")
    _settled(page)
    # Another change keeps the person by slug; nobody is guessed again from the name.
    page.select_option("#filter-kind", "call")
    expect(page).to_have_url(re.compile(r"\?person=gina-raimondo&kind=call$"))
    expect(page.locator(".chips")).to_contain_text("Person: Gina Raimondo")


def test_older_meetings_lands_at_the_top_and_says_where(page, live_server, data, make_meeting):
    for n in range(30):
        make_meeting(date=dt.date(2020, 1, 1) + dt.timedelta(days=n), name=f"Extra {n}")
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(live_server.url + "/")
    expect(page.locator(".count")).to_have_text("Meetings 1–25 of 32")
    older = page.get_by_role("link", name="Older meetings")
    older.scroll_into_view_if_needed()
    expect(page.locator("#results-title")).not_to_be_in_viewport()
    older.click()
    expect(page.locator(".count")).to_have_text("Meetings 26–32 of 32")
    expect(page.locator(".meeting-card")).to_have_count(7)
    # The new page starts at the top, its heading in view and focused.
    heading = page.locator("#results-title")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport(ratio=1)
    top = page.evaluate("document.getElementById('results-title').getBoundingClientRect().top")
    assert 0 <= top < 200


def test_phone_shows_results_first_and_filters_behind_a_button(browser, live_server, data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    first_card = phone.locator(".meeting-card").first
    expect(first_card).to_be_visible()
    assert first_card.bounding_box()["y"] < 400
    expect(phone.locator("form.filters")).to_be_hidden()
    _settled(phone)
    phone.get_by_role("button", name="Filters").click()
    expect(phone.locator("form.filters")).to_be_visible()
    expect(phone.locator(".mouse-hint")).to_be_hidden()
    phone.select_option("#filter-kind", "call")
    expect(phone.locator(".meeting-card")).to_have_count(1)
    context.close()


def test_network_from_the_list_and_a_click_on_a_node(page, live_server, data):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + "/?kind=meeting")
    page.get_by_role("link", name="Who met whom").click()
    expect(page).to_have_url(re.compile(r"/network/\?kind=meeting$"))
    nodes = page.locator("svg a.node")
    expect(nodes).to_have_count(2)  # Blinken and Liu met; the call is filtered out
    page.locator("svg a.node[data-key=liu-jianchao]").click()
    expect(page).to_have_url(re.compile(r"/\?kind=meeting&person=liu-jianchao$"))
    expect(page.locator(".meeting-card")).to_have_count(1)
    expect(page.locator(".chips")).to_contain_text("Person: Liu Jianchao")
    page.go_back()
    page.get_by_role("link", name="Countries").click()
    expect(page).to_have_url(re.compile(r"nodes=countries"))
    assert violations == []
