"""News meetings confirmed by official records."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from meetings.historian import confirmations_refresh, crosscheck, import_paths
from meetings.ingest.persist import official_resolve
from meetings.ingest.records import OfficialRecord
from meetings.models import Confirmation, Meeting, Official, RecordSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(make_official, make_meeting) -> Meeting:
    """The seed article's background mention: Biden and Xi, San Francisco, November 2023."""
    biden = make_official("Joe Biden", title="President", country="US")
    xi = make_official("Xi Jinping", title="President", country="CN")
    return make_meeting(officials=[biden, xi], kind="summit", date=dt.date(2023, 11, 1),
                        end_date=dt.date(2023, 11, 30), date_precision="month",
                        place="San Francisco", place_country="US", background=True,
                        date_phrase="a November summit")


def record_meeting(record_id: str) -> Meeting:
    return RecordSource.objects.get(collection="visits", record_id=record_id).meeting


def test_the_biden_xi_summit_is_confirmed_by_both_november_visit_records(summit, visits_file):
    report = import_paths([visits_file], err=io.StringIO())
    assert report.parts["crosscheck"]["created"] == 2
    apec, woodside = record_meeting("9303"), record_meeting("9302")
    reasons = dict(summit.confirmations.values_list("record_id", "reason"))
    assert reasons == {
        apec.pk: "Xi Jinping; 2023-11-12 – 2023-11-17; San Francisco",
        woodside.pk: "Xi Jinping; 2023-11-12; Woodside, United States",
    }
    # The record's Xi Jinping is the news' Xi Jinping.
    assert apec.participations.get().official_id == summit.participations.get(
        official__name="Xi Jinping").official_id


def test_a_meeting_ingested_after_the_records_is_checked_on_its_own(visits_file, summit):
    import_paths([visits_file], err=io.StringIO(), check=False)
    report = confirmations_refresh(meeting_ids=[summit.pk])
    assert report["created"] == 2
    assert Confirmation.objects.filter(meeting=summit).count() == 2


def test_the_crosscheck_is_idempotent_and_keeps_curated_links(summit, visits_file):
    import_paths([visits_file], err=io.StringIO())
    Confirmation.objects.filter(record=record_meeting("9302")).update(curated=True,
                                                                       reason="checked")
    again = confirmations_refresh()
    assert (again["created"], again["updated"], again["removed"]) == (0, 0, 0)
    # The news meeting turns out to be December: the machine's link goes, the curator's stays.
    Meeting.objects.filter(pk=summit.pk).update(date=dt.date(2023, 12, 1),
                                                end_date=dt.date(2023, 12, 31))
    later = confirmations_refresh()
    assert later["removed"] == 1
    assert list(summit.confirmations.values_list("reason", flat=True)) == ["checked"]


def test_a_month_precision_meeting_without_end_date_covers_its_month(make_official,
                                                                    make_meeting, visits_file):
    xi = make_official("Xi Jinping", country="CN")
    news = make_meeting(officials=[xi], date=dt.date(2023, 11, 1), date_precision="month")
    import_paths([visits_file], err=io.StringIO())
    assert news.confirmations.count() == 2


def test_no_confirmation_when_the_dates_do_not_overlap(make_official, make_meeting,
                                                       visits_file):
    xi = make_official("Xi Jinping", country="CN")
    news = make_meeting(officials=[xi], date=dt.date(2023, 11, 18), place="San Francisco")
    import_paths([visits_file], err=io.StringIO())
    assert not news.confirmations.exists()


def test_no_confirmation_when_the_places_disagree_and_no_counterpart_does(
        make_official, make_meeting, visits_file):
    xi = make_official("Xi Jinping", country="CN")
    blinken = make_official("Antony Blinken", country="US")
    news = make_meeting(officials=[xi, blinken], date=dt.date(2023, 11, 12), place="Beijing",
                        place_country="CN")
    import_paths([visits_file], err=io.StringIO())
    assert not news.confirmations.exists()


def test_record_meetings_are_never_confirmed_by_each_other(visits_file):
    import_paths([visits_file], err=io.StringIO())
    assert not Confirmation.objects.exists()


def test_the_crosscheck_costs_a_constant_number_of_queries(summit, visits_file,
                                                           django_assert_max_num_queries):
    import_paths([visits_file], err=io.StringIO(), check=False)
    with django_assert_max_num_queries(8):
        confirmations_refresh()


def test_the_command_prints_its_counts(summit, visits_file):
    import_paths([visits_file], err=io.StringIO(), check=False)
    out = io.StringIO()
    call_command("crosscheck", stdout=out)
    assert "2 confirmations created" in out.getvalue()


def test_news_ingested_after_the_records_finds_the_record_official(president_file):
    # No remarks in this file, so no NLP: "Joseph R. Biden" carries "Joe Biden" as an alias.
    import_paths([president_file], err=io.StringIO())
    official = official_resolve(record=OfficialRecord(name="Joe Biden", title="President"))
    assert official.name == "Joseph R. Biden"
    assert official.meetings.filter(from_record=True).count() == 1


def test_a_news_official_under_another_form_is_merged_with_the_record_official(
        president_file, make_official, make_meeting):
    import_paths([president_file], err=io.StringIO(),
                 check=False)
    # News ingested later wrote "Joey Biden" (no alias of the record's name matched).
    news = make_official("Joey Biden", country="US")
    meeting = make_meeting(officials=[news], date=dt.date(2022, 3, 25), place="Brussels")
    report = crosscheck()
    assert report["merged"] == 1
    survivor = Official.objects.get(name="Joey Biden")
    assert not survivor.curated
    assert survivor.aliases.filter(alias="Joseph R. Biden").exists()
    assert survivor.meetings.filter(from_record=True).count() == 1
    assert meeting.confirmations.count() == 1
    assert crosscheck()["merged"] == 0  # idempotent


def test_officials_are_not_merged_when_the_match_is_ambiguous(president_file, make_official,
                                                              make_meeting):
    import_paths([president_file], err=io.StringIO(),
                 check=False)
    joey = make_official("Joey Biden", country="US")
    jo = make_official("Joseph Robinette Biden", country="US")
    make_meeting(officials=[joey, jo], date=dt.date(2022, 3, 25))
    assert crosscheck()["merged"] == 0
    assert Official.objects.filter(name="Joseph R. Biden").exists()


def test_a_different_person_of_the_same_surname_is_not_merged(president_file, make_official,
                                                              make_meeting):
    import_paths([president_file], err=io.StringIO(),
                 check=False)
    make_meeting(officials=[make_official("Hunter Biden", country="US")])
    assert crosscheck()["merged"] == 0


def test_officials_are_not_merged_against_a_curators_rejection(president_file, make_official,
                                                               make_meeting):
    from meetings.models import OfficialAlias

    import_paths([president_file], err=io.StringIO(),
                 check=False)
    news = make_official("Joey Biden", country="US")
    make_meeting(officials=[news], date=dt.date(2022, 3, 25))
    OfficialAlias.objects.create(official=news, alias="Joseph R. Biden", rejected=True)
    assert crosscheck()["merged"] == 0


def test_a_machine_merge_leaves_curation_flags_as_they_were(president_file, make_official,
                                                           make_meeting):
    import_paths([president_file], err=io.StringIO(),
                 check=False)
    news = make_official("Joey Biden", country="US")
    make_meeting(officials=[news], date=dt.date(2022, 3, 25))
    crosscheck()
    news.refresh_from_db()
    assert not news.curated
    assert not news.aliases.get(alias="Joseph R. Biden").curated


@pytest.mark.nlp
@pytest.mark.django_db
def test_news_ingested_after_the_records_is_confirmed_not_merged(tmp_path):
    """The seed's summit, ingested after Xi Jinping's visit record, gets a confirmation."""
    from pathlib import Path

    from django.core.management import call_command

    from meetings.models import Confirmation, Meeting

    visits = tmp_path / "visits"
    visits.mkdir()
    (visits / "sample-visits.xml").write_text(
        "<visits><visit><id>9001</id><start-date>2023-11-15</start-date>"
        "<end-date>2023-11-15</end-date><visitor>President Xi Jinping</visitor>"
        '<from id="china">China</from><description>Attended the APEC Leaders\' Meeting in '
        "San Francisco, California.</description></visit></visits>")
    call_command("import_records", str(visits), "--no-crosscheck", verbosity=0)
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_b0e30d72d739cb83.txt"
    call_command("load_topics", verbosity=0)
    call_command("ingest", str(seed), verbosity=0)
    summit = Meeting.objects.get(kind="summit", from_record=False)
    assert Confirmation.objects.filter(meeting=summit, record__from_record=True).exists()
    assert not summit.sources.filter(article__isnull=True).exists()
    assert Meeting.objects.filter(from_record=True).count() == 1
