"""The admin as the curators' tool: pages, query bounds, actions, curation flags, access."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client

from meetings.ingest import persist
from meetings.models import (
    ArticleTopic,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Official,
    OfficialAlias,
    OfficialMention,
    Participation,
    RejectedName,
    Statement,
    Tombstone,
)
from tests.ingest.test_persist import extraction

pytestmark = pytest.mark.django_db

ROWS = 25


@pytest.fixture
def many(make_official, make_meeting, make_article, make_topic):
    """Enough rows of everything that one query per row would show."""
    topics = [make_topic(f"Topic {i}", aliases=[f"alias {i}"]) for i in range(5)]
    officials = []
    for i in range(ROWS):
        official = make_official(f"Official Number{i}", title=f"Minister {i}",
                                 country="US" if i % 2 else "CN")
        OfficialAlias.objects.create(official=official, alias=f"Number{i}")
        officials.append(official)
    body = " ".join(f"Sentence {i} says Official Number{i} met someone." for i in range(ROWS))
    article = make_article("The big article", body=body)
    meetings = []
    for i in range(ROWS):
        meeting = make_meeting(officials=[officials[i], officials[(i + 1) % ROWS]],
                               date=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                               summary=f"Meeting {i}", country_codes=["CN", "US"])
        start = body.index(f"Sentence {i} ")
        MeetingSource.objects.create(meeting=meeting, article=article,
                                     evidence=[[start, body.index(".", start) + 1]])
        MeetingTopic.objects.create(meeting=meeting, topic=topics[i % 5])
        Statement.objects.create(article=article, text=f"quote number {i}", text_hash=f"h{i}",
                                 speaker=officials[i], meeting=meeting, evidence_start=start,
                                 evidence_end=start + 10)
        OfficialMention.objects.create(article=article, official=officials[i],
                                       evidence=[[start, start + 10]])
        meetings.append(meeting)
    ArticleTopic.objects.create(article=article, topic=topics[0], evidence=[[0, 10]])
    return {"officials": officials, "meetings": meetings, "article": article,
            "topics": topics}


def _changelist_action(client, model: str, action: str, ids, **extra):
    return client.post(f"/admin/meetings/{model}/", {
        "action": action, "_selected_action": [str(i) for i in ids], **extra})


def _inline_form_data(form, inline_admin_formsets) -> dict:
    """The POST data of a change page as rendered: the form, each inline and its forms."""
    def values(f) -> dict:
        out = {}
        for name in f.fields:
            value = f[name].value()
            if isinstance(value, (list, tuple)):
                out[f.add_prefix(name)] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    out[f.add_prefix(name)] = "on"
            elif value is not None:
                out[f.add_prefix(name)] = str(value.pk if hasattr(value, "pk") else value)
        return out

    data = values(form)
    for inline in inline_admin_formsets:
        formset = inline.formset
        data.update(values(formset.management_form))
        for row in formset.forms:
            data.update(values(row))
    return data


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("model", ["meeting", "official", "officialalias", "topic", "statement",
                                   "article", "officialmention", "rejectedname", "tombstone"])
def test_change_lists_render_with_a_bounded_number_of_queries(admin_client, many, model,
                                                              django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"/admin/meetings/{model}/")
    assert response.status_code == 200


def test_the_meeting_list_identifies_each_meeting_at_a_glance(admin_client, many):
    response = admin_client.get("/admin/meetings/meeting/")
    assert "Official Number3, Official Number4" in response.text
    assert ">Meeting 3<" in response.text


def test_a_meeting_change_page_shows_evidence_sentences_with_bounded_queries(
        admin_client, many, make_official, django_assert_max_num_queries):
    meeting = many["meetings"][2]
    for official in many["officials"][5:20]:  # 17 participants in all
        Participation.objects.create(meeting=meeting, official=official, title="Envoy")
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert response.status_code == 200
    source = meeting.sources.get()
    start, end = source.evidence[0]
    anchor = f'href="/articles/{many["article"].pk}/#e-{start}-{end}"'
    assert anchor in response.text
    assert "Sentence 2 says Official Number2 met someone." in response.text
    assert f'href="/meetings/{meeting.pk}/"' in response.text or \
        meeting.get_absolute_url() in response.text


def test_an_article_change_page_lists_statements_with_bounded_queries(
        admin_client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"/admin/meetings/article/{many['article'].pk}/change/")
    assert response.status_code == 200
    assert "quote number 24" in response.text


@pytest.mark.parametrize("model", ["official", "topic", "statement"])
def test_other_change_pages_render_with_bounded_queries(admin_client, many, model,
                                                        django_assert_max_num_queries):
    obj = {"official": many["officials"][0], "topic": many["topics"][0],
           "statement": Statement.objects.first()}[model]
    with django_assert_max_num_queries(12):
        response = admin_client.get(f"/admin/meetings/{model}/{obj.pk}/change/")
    assert response.status_code == 200


def test_officials_are_found_by_alias(admin_client, many):
    response = admin_client.get("/admin/meetings/official/", {"q": "Number7"})
    assert "Minister 7" in response.text and "Minister 8" not in response.text


def test_statements_are_found_by_quote(admin_client, many):
    response = admin_client.get("/admin/meetings/statement/", {"q": "quote number 13"})
    assert "quote number 13" in response.text and "quote number 14" not in response.text


def test_meetings_filter_by_country_and_topic(admin_client, many, make_meeting):
    make_meeting(summary="Only France", country_codes=["FR"])
    response = admin_client.get("/admin/meetings/meeting/", {"country": "FR"})
    assert ">Only France<" in response.text and ">Meeting 1<" not in response.text
    topic = many["topics"][1]
    response = admin_client.get("/admin/meetings/meeting/", {"topics__id__exact": topic.pk})
    assert ">Meeting 1<" in response.text and ">Meeting 21<" in response.text
    assert ">Meeting 2<" not in response.text


def test_articles_are_found_by_words_of_their_body(admin_client, many):
    persist.refresh_search(article_ids=[many["article"].pk])
    response = admin_client.get("/admin/meetings/article/", {"q": "sentence says"})
    assert "The big article" in response.text


# --------------------------------------------------------------------------- curated flags


def _official_form(official: Official, **changes) -> dict:
    data = {"name": official.name, "slug": official.slug, "title": official.title,
            "organization": official.organization, "country": official.country,
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000"}
    if official.curated:
        data["curated"] = "on"
    data.update(changes)
    return data


def test_editing_an_official_marks_it_curated_and_logs_the_change(admin_client, make_official):
    official = make_official("Antony Blinken", title="Secretary of State", country="US")
    response = admin_client.post(f"/admin/meetings/official/{official.pk}/change/",
                                 _official_form(official, title="Former Secretary of State"))
    assert response.status_code == 302, response.text
    official.refresh_from_db()
    assert official.curated and official.title == "Former Secretary of State"
    entry = LogEntry.objects.get(object_id=str(official.pk))
    assert "Title" in entry.get_change_message()
    history = admin_client.get(f"/admin/meetings/official/{official.pk}/history/")
    assert "Title" in history.text


def test_unticking_curated_hands_the_record_back_to_ingestion(admin_client, make_official):
    official = make_official("Antony Blinken", title="Secretary of State", curated=True)
    data = _official_form(official)
    del data["curated"]
    admin_client.post(f"/admin/meetings/official/{official.pk}/change/", data)
    official.refresh_from_db()
    assert not official.curated


def test_editing_a_participant_inline_marks_it_and_the_meeting_curated(
        admin_client, make_official, make_meeting):
    blinken = make_official("Antony Blinken", title="Secretary of State")
    meeting = make_meeting(officials=[blinken], summary="Blinken alone")
    participation = meeting.participations.get()
    data = {
        "kind": "meeting", "name": "", "summary": "Blinken alone", "date": "2024-01-12",
        "date_precision": "day", "date_phrase": "", "end_date": "", "place": "",
        "place_country": "", "venue": "", "countries": "",
        "participations-TOTAL_FORMS": "1", "participations-INITIAL_FORMS": "1",
        "participations-MIN_NUM_FORMS": "0", "participations-MAX_NUM_FORMS": "1000",
        "participations-0-id": participation.pk, "participations-0-meeting": meeting.pk,
        "participations-0-official": blinken.pk, "participations-0-title": "Secretary",
        "participations-0-role": "host",
    }
    for prefix in ("topic_links", "sources"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    participation.refresh_from_db()
    meeting.refresh_from_db()
    assert participation.curated and participation.title == "Secretary"
    assert meeting.curated


# --------------------------------------------------------------------------- actions


def test_merge_officials_asks_for_the_survivor_then_merges(admin_client, make_official,
                                                            make_meeting):
    antony = make_official("Antony Blinken", title="Secretary of State", country="US")
    tony = make_official("Tony Blinken")
    liu = make_official("Liu Jianchao")
    make_meeting(officials=[antony, liu])
    make_meeting(officials=[tony, liu], date=dt.date(2024, 2, 1))
    page = _changelist_action(admin_client, "official", "merge_officials", [antony.pk, tony.pk])
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.text
    assert f'name="survivor" value="{antony.pk}"' in page.text
    assert Official.objects.count() == 3  # nothing changed yet
    done = _changelist_action(admin_client, "official", "merge_officials",
                              [antony.pk, tony.pk], post="yes", survivor=antony.pk)
    assert done.status_code == 302
    assert not Official.objects.filter(pk=tony.pk).exists()
    assert Meeting.objects.with_official(antony).count() == 2
    assert antony.aliases.filter(alias="Tony Blinken").exists()
    assert LogEntry.objects.filter(object_id=str(antony.pk),
                                   change_message__contains="Tony Blinken").exists()
    assert LogEntry.objects.filter(object_id=str(tony.pk), action_flag=3).exists()


def test_merge_meetings_unites_sources_and_participants(admin_client, make_official,
                                                        make_meeting, make_article):
    blinken, liu, finer = (make_official(n) for n in ("Antony Blinken", "Liu Jianchao",
                                                      "Jon Finer"))
    one = make_meeting(officials=[blinken, liu], summary="one")
    two = make_meeting(officials=[liu, finer], summary="two")
    MeetingSource.objects.create(meeting=one, article=make_article(), evidence=[[0, 4]])
    MeetingSource.objects.create(meeting=two, article=make_article(), evidence=[[0, 4]])
    _changelist_action(admin_client, "meeting", "merge_meetings", [one.pk, two.pk],
                       post="yes", survivor=one.pk)
    one.refresh_from_db()
    assert not Meeting.objects.filter(pk=two.pk).exists()
    assert one.curated and one.sources.count() == 2
    assert {p.official.name for p in one.participations.all()} == {
        "Antony Blinken", "Liu Jianchao", "Jon Finer"}


def test_split_meeting_offers_its_sources_and_splits_the_chosen_one(
        admin_client, make_official, make_meeting, make_article):
    meeting = make_meeting(officials=[make_official("Antony Blinken")], summary="mixed")
    first = MeetingSource.objects.create(meeting=meeting, article=make_article("First"),
                                         evidence=[[0, 4]])
    second = MeetingSource.objects.create(meeting=meeting, article=make_article("Second"),
                                          evidence=[[0, 4]])
    page = _changelist_action(admin_client, "meeting", "split_meeting", [meeting.pk])
    assert f'name="source" value="{second.pk}"' in page.text
    _changelist_action(admin_client, "meeting", "split_meeting", [meeting.pk], post="yes",
                       source=[second.pk])
    assert Meeting.objects.count() == 2
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.meeting_id != meeting.pk and first.meeting_id == meeting.pk
    assert second.meeting.participations.get().official.name == "Antony Blinken"


def test_mark_background_and_back(admin_client, make_meeting):
    meeting = make_meeting(summary="summit")
    _changelist_action(admin_client, "meeting", "mark_background", [meeting.pk])
    meeting.refresh_from_db()
    assert meeting.background and meeting.curated
    _changelist_action(admin_client, "meeting", "mark_news", [meeting.pk])
    meeting.refresh_from_db()
    assert not meeting.background
    assert LogEntry.objects.filter(object_id=str(meeting.pk)).count() == 2


def test_not_a_person_rejects_the_name_for_good(admin_client, make_topic):
    persist.article_store(extraction=extraction())
    liu = Official.objects.get(name="Liu Jianchao")
    _changelist_action(admin_client, "official", "not_a_person", [liu.pk])
    assert RejectedName.objects.filter(name="Liu Jianchao").exists()
    assert not Official.objects.filter(name="Liu Jianchao").exists()
    persist.article_store(extraction=extraction(), reprocess=True)
    assert not Official.objects.filter(name="Liu Jianchao").exists()
    assert "liu jianchao" not in {o.name.lower() for o in persist.lexicon_from_db().officials}


def test_deleting_an_official_in_the_admin_keeps_it_deleted(admin_client, make_topic):
    persist.article_store(extraction=extraction())
    liu = Official.objects.get(name="Liu Jianchao")
    response = admin_client.post(f"/admin/meetings/official/{liu.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Tombstone.objects.filter(kind="official", key="liu jianchao").exists()
    persist.article_store(extraction=extraction(), reprocess=True)
    assert not Official.objects.filter(name="Liu Jianchao").exists()


def test_deleting_meetings_in_the_admin_keeps_them_deleted(admin_client, make_topic):
    persist.article_store(extraction=extraction())
    meeting = Meeting.objects.get()
    _changelist_action(admin_client, "meeting", "delete_selected", [meeting.pk], post="yes")
    assert not Meeting.objects.exists()
    assert Tombstone.objects.filter(kind="meeting").count() == 1
    persist.article_store(extraction=extraction(), reprocess=True)
    assert not Meeting.objects.exists()
    assert Statement.objects.get().meeting is None


def test_a_statement_deleted_in_the_admin_stays_deleted(admin_client, make_topic):
    make_topic("Human rights", aliases=["human rights"])
    persist.article_store(extraction=extraction())
    statement = Statement.objects.get()
    response = admin_client.post(f"/admin/meetings/statement/{statement.pk}/delete/",
                                 {"post": "yes"})
    assert response.status_code == 302
    assert Tombstone.objects.filter(kind="statement").count() == 1
    persist.article_store(extraction=extraction(), reprocess=True)
    assert not Statement.objects.exists()
    assert Meeting.objects.count() == 1  # the rest of the article is extracted again


def test_a_topic_removed_from_an_article_in_the_admin_stays_removed(admin_client, make_topic):
    from meetings.ingest import retag
    from meetings.models import Article, ArticleTopic

    make_topic("Human rights", aliases=["human rights"])
    persist.article_store(extraction=extraction())
    article = Article.objects.get()
    link = ArticleTopic.objects.get(article=article)
    page = admin_client.get(f"/admin/meetings/article/{article.pk}/change/")
    data = _inline_form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])
    prefix = next(f.formset.prefix for f in page.context["inline_admin_formsets"]
                  if f.formset.model is ArticleTopic)
    data[f"{prefix}-0-DELETE"] = "on"
    response = admin_client.post(f"/admin/meetings/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ArticleTopic.objects.filter(pk=link.pk).exists()
    persist.article_store(extraction=extraction(), reprocess=True)
    retag.retag()
    assert not ArticleTopic.objects.filter(article=article).exists()


def test_a_topic_alias_that_clashes_with_another_topic_is_refused(admin_client, make_topic):
    make_topic("Human rights", aliases=["human rights"])
    response = admin_client.post("/admin/meetings/topic/add/", {
        "name": "Rights", "slug": "rights", "aliases": "Human Rights", "description": ""})
    assert response.status_code == 200
    assert "already an alias of" in response.text


# --------------------------------------------------------------------------- access


@pytest.fixture
def viewer_client(django_user_model):
    migration = importlib.import_module("meetings.migrations.0004_viewer_group")
    from django.apps import apps

    migration.create_viewer_group(apps, None)
    user = django_user_model.objects.create_user("reader", password="a-long-password-123",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name="viewer"))
    client = Client()
    client.force_login(user)
    return client


def test_the_viewer_group_browses_but_cannot_change(viewer_client, many):
    official, meeting = many["officials"][0], many["meetings"][0]
    for model in ("meeting", "official", "topic", "statement", "article"):
        assert viewer_client.get(f"/admin/meetings/{model}/").status_code == 200, model
    page = viewer_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert "merge_meetings" not in viewer_client.get("/admin/meetings/meeting/").text
    assert viewer_client.get(f"/admin/meetings/official/{official.pk}/change/").status_code == 200
    response = viewer_client.post(f"/admin/meetings/official/{official.pk}/change/",
                                  _official_form(official, title="Hacked"))
    assert response.status_code == 403
    official.refresh_from_db()
    assert official.title == "Minister 0" and not official.curated
    assert viewer_client.post(f"/admin/meetings/official/{official.pk}/delete/",
                              {"post": "yes"}).status_code == 403
    _changelist_action(viewer_client, "official", "merge_officials",
                       [official.pk, many["officials"][1].pk], post="yes",
                       survivor=official.pk)
    assert Official.objects.filter(pk=many["officials"][1].pk).exists()


def test_admin_posts_need_a_csrf_token(django_user_model, make_official):
    official = make_official("Antony Blinken")
    user = django_user_model.objects.create_superuser("boss", password="a-long-password-123")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(f"/admin/meetings/official/{official.pk}/change/",
                           _official_form(official, title="No token"))
    assert response.status_code == 403


def test_admin_pages_keep_the_content_security_policy(admin_client, many):
    response = admin_client.get(f"/admin/meetings/meeting/{many['meetings'][0].pk}/change/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_an_alias_added_in_the_admin_feeds_the_extractor(admin_client, make_official):
    official = make_official("Antony Blinken")
    response = admin_client.post("/admin/meetings/officialalias/add/", {
        "official": official.pk, "alias": "Tony Blinken", "rejected": ""})
    assert response.status_code == 302
    alias = OfficialAlias.objects.get(alias="Tony Blinken")
    assert alias.curated
    known = next(o for o in persist.lexicon_from_db().officials if o.name == "Antony Blinken")
    assert "Tony Blinken" in known.aliases


def test_the_duplicates_list_links_to_a_merge_that_leaves_the_old_address_redirecting(
        admin_client, make_official, make_meeting):
    full = make_official("Volodymyr Zelensky", country="UA", title="President")
    other = make_official("Volodymyr Zelenskyy", country="UA", title="President")
    make_meeting(officials=[other], summary="Volodymyr Zelenskyy")
    page = admin_client.get("/admin/meetings/official/duplicates/")
    assert page.status_code == 200
    link = f"/admin/meetings/official/merge/?ids={full.pk},{other.pk}"
    assert link in page.content.decode()
    confirm = admin_client.get(link)
    assert confirm.status_code == 200 and b"Choose the official to keep" in confirm.content
    old_url = other.get_absolute_url()
    done = admin_client.post("/admin/meetings/official/", {
        "action": "merge_officials", "_selected_action": [full.pk, other.pk], "post": "yes",
        "survivor": full.pk})
    assert done.status_code == 302
    assert not Official.objects.filter(pk=other.pk).exists()
    moved = Client().get(old_url)
    assert moved.status_code == 301 and moved["Location"] == full.get_absolute_url()
    # The old spelling stays an alias that the type-ahead finds.
    assert full.aliases.filter(alias="Volodymyr Zelenskyy").exists()
    suggest = Client().get("/officials/suggest/", {"person": "Zelenskyy"})
    assert full.get_absolute_url().strip("/").split("/")[-1] in suggest.content.decode()
    # A second merge carries the first one's redirect along.
    third = make_official("Zelensky Volodymyr", country="UA")
    from meetings import curation

    curation.officials_merge(survivor=third, others=[full])
    assert Client().get(old_url)["Location"] == third.get_absolute_url()
