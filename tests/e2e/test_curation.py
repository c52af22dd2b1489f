"""The curator's journey in a real browser: fix, merge, re-ingest, and the fixes hold."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from meetings.ingest import persist
from meetings.models import Meeting, Official
from tests.ingest.test_persist import BODY, extraction

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-curator-password-42"
LATER = BODY.replace("Antony Blinken", "A. Blinken") + " They met again."


def _ingest(*, reprocess: bool = False) -> None:
    persist.article_store(extraction=extraction(), reprocess=reprocess)
    persist.article_store(extraction=extraction(LATER, blinken_name="A. Blinken",
                                                day=dt.date(2024, 2, 2)), reprocess=reprocess)


@pytest.fixture
def curator(django_user_model, make_topic):
    make_topic("Human rights", aliases=["human rights"])
    _ingest()
    return django_user_model.objects.create_superuser("curator", password=PASSWORD)


def test_fix_an_official_merge_a_duplicate_reingest_and_the_fixes_survive(page, live_server,
                                                                           curator):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("curation")

    # Fix the title.
    page.goto(live_server.url + "/admin/meetings/official/?q=Antony")
    page.get_by_role("link", name="Antony Blinken").click()
    page.fill("#id_title", "U.S. Secretary of State")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Merge the duplicate, keeping Antony Blinken.
    page.goto(live_server.url + "/admin/meetings/official/?q=Blinken")
    antony = Official.objects.get(name="Antony Blinken")
    tony = Official.objects.get(name="A. Blinken")
    for official in (antony, tony):
        page.check(f'input[name="_selected_action"][value="{official.pk}"]')
    page.select_option('select[name="action"]', "merge_officials")
    page.locator('button[name="index"]').click()
    expect(page.locator("h1")).to_contain_text("Merge officials")
    page.check(f"#survivor-{antony.pk}")
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged A. Blinken into Antony Blinken")

    # The extractor runs again over both articles.
    _ingest(reprocess=True)
    assert not Official.objects.filter(name="A. Blinken").exists()

    page.goto(live_server.url + Official.objects.get(pk=antony.pk).get_absolute_url())
    expect(page.locator("h1")).to_have_text("Antony Blinken")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("U.S. Secretary of State")
    expect(facts).to_contain_text("A. Blinken")
    expect(page.locator(".meeting-list > li")).to_have_count(2)
    later = Meeting.objects.get(date=dt.date(2024, 2, 2))
    page.goto(live_server.url + later.get_absolute_url())
    expect(page.locator(".participants li > a")).to_have_text(["Antony Blinken", "Liu Jianchao"])
    # The merged official's address leads to the survivor (a permanent redirect).
    response = page.goto(live_server.url + "/officials/a-blinken/")
    assert response.status == 200
    assert page.url == live_server.url + Official.objects.get(pk=antony.pk).get_absolute_url()
    assert violations == []
