"""Derived fields reach every page: through the admin, with bounded search vectors."""

from __future__ import annotations

import datetime as dt
import random
import string

import pytest
from django.test import Client

from meetings.ingest import persist
from meetings.ingest.records import (
    ArticleInput,
    DateRef,
    Extraction,
    MeetingRecord,
    OfficialRecord,
    Participant,
    Span,
)
from meetings.models import Article, Meeting, MeetingSource, RecordSource
from meetings.services import derived
from tests.test_admin import _inline_form_data

pytestmark = pytest.mark.django_db


def _participant_added(admin_client, meeting, official) -> None:
    page = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    data = _inline_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    inline = next(f.formset for f in page.context["inline_admin_formsets"]
                  if f.formset.prefix == "participations")
    n = inline.total_form_count()
    data.update({"participations-TOTAL_FORMS": str(n + 1),
                 f"participations-{n}-official": str(official.pk),
                 f"participations-{n}-title": "President", f"participations-{n}-role": "guest",
                 f"participations-{n}-meeting": str(meeting.pk)})
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""


def test_a_french_participant_added_in_the_admin_reaches_every_page(
        admin_client, make_official, make_meeting):
    blinken = make_official("Antony Blinken", country="US", title="Secretary of State")
    meeting = make_meeting(officials=[blinken], kind="visit", place="Washington",
                           place_country="US")
    derived.meetings_refresh(meeting_ids=[meeting.pk])
    macron = make_official("Emmanuel Macron", country="FR", title="President")
    public = Client()
    assert meeting.get_absolute_url() not in public.get("/?country=FR").text

    _participant_added(admin_client, meeting, macron)

    meeting.refresh_from_db()
    assert meeting.summary == "Antony Blinken – Emmanuel Macron (visit, Washington)"
    assert meeting.country_codes == ["FR", "US"]
    assert meeting.get_absolute_url() in public.get("/?country=FR").text
    assert meeting.get_absolute_url() in public.get("/countries/FR/").text
    page = public.get(meeting.get_absolute_url()).text
    assert "France" in page and "Emmanuel Macron" in page
    assert "Emmanuel Macron" in public.get("/export.csv?country=FR").getvalue().decode()
    assert "Emmanuel Macron" in public.get("/feed.atom?country=FR").getvalue().decode()
    assert meeting.get_absolute_url() in public.get("/?q=Macron").text


def test_renaming_an_official_in_the_admin_renames_their_meetings(
        admin_client, make_official, make_meeting):
    official = make_official("Volodymyr Zelenskyy", country="UA")
    meeting = make_meeting(officials=[official])
    derived.meetings_refresh(meeting_ids=[meeting.pk])
    page = admin_client.get(f"/admin/meetings/official/{official.pk}/change/")
    data = _inline_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    data["name"] = "Volodymyr Zelensky"
    assert admin_client.post(f"/admin/meetings/official/{official.pk}/change/",
                             data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).summary == "Volodymyr Zelensky (meeting)"


def test_a_meeting_with_a_thousand_sources_opens_and_saves_in_the_admin(
        admin_client, make_official, make_meeting):
    meeting = make_meeting(officials=[make_official("Antony Blinken", country="US")])
    articles = Article.objects.bulk_create(
        [Article(title=f"Copy {i}", body=f"Blinken met Liu. Copy {i}.", sha256=f"{i:064x}",
                 published_on=dt.date(2024, 1, 12)) for i in range(1000)])
    MeetingSource.objects.bulk_create(
        [MeetingSource(meeting=meeting, article=a, evidence=[[0, 16]]) for a in articles])
    page = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert "1000 source(s)" in page.text
    data = _inline_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    assert len(data) < 100  # no form field per source
    data["place"] = "Beijing"
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Beijing" and meeting.sources.count() == 1000
    assert meeting.summary == "Antony Blinken (meeting, Beijing)"


def _long_article(seed: int, words: int) -> Extraction:
    rng = random.Random(seed)
    opening = "Antony Blinken met Wang Yi in Beijing on Friday. "
    vocabulary = " ".join("".join(rng.choices(string.ascii_lowercase, k=12))
                          for _ in range(words))
    body = opening + vocabulary + "."
    first = Span(0, len(opening) - 1)
    return Extraction(
        article=ArticleInput(title=f"Long {seed}", body=body, date=dt.date(2024, 1, 12)),
        officials=(OfficialRecord(name="Antony Blinken", country="US", evidence=(first,)),
                   OfficialRecord(name="Wang Yi", country="CN", evidence=(first,))),
        meetings=(MeetingRecord(kind="meeting", participants=(
            Participant("Antony Blinken"), Participant("Wang Yi")),
            date=DateRef(dt.date(2024, 1, 12), "day", "on Friday"), place="Beijing",
            place_country="CN", evidence=(first,)),),
    )


def test_an_article_with_a_huge_vocabulary_and_a_meeting_of_two_long_articles_store():
    # 120,000 distinct words: far beyond the 1 MB a tsvector may hold.
    first = persist.article_store(extraction=_long_article(1, 120_000))
    second = persist.article_store(extraction=_long_article(2, 120_000))
    assert first.created and second.created
    assert first.meeting_ids == second.meeting_ids  # one meeting, reported twice
    meeting = Meeting.objects.get()
    assert meeting.sources.count() == 2
    assert Meeting.objects.filter(search_vector="blinken").exists()
    assert Article.objects.filter(search_vector="wang").count() == 2


def test_a_records_remarks_make_its_meeting_searchable(make_official, make_meeting):
    meeting = make_meeting(officials=[make_official("Marco Rubio", country="US")],
                           from_record=True)
    RecordSource.objects.create(meeting=meeting, collection="secretary-travels", file="x.xml",
                                record_id="1", text="Met with Special Envoy Steve Witkoff.")
    derived.meetings_refresh(meeting_ids=[meeting.pk])
    assert meeting.get_absolute_url() in Client().get("/?q=Witkoff").text


def test_summary_and_countries_of_meetings_between_governments():
    assert derived.meeting_summary(name="", kind="talks", place="", people=[],
                                   countries=["US", "CN"]) == "United States – China (talks)"
    assert derived.meeting_summary(name="NATO Summit", kind="summit", place="Vilnius",
                                   people=["Joe Biden"], countries=[]) \
        == "NATO Summit: Joe Biden (summit, Vilnius)"
    assert derived.meeting_countries(countries=["CN"], place_country="US",
                                     officials=["FR", "", "CN"]) == ["CN", "FR", "US"]
