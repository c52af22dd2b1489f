"""Importing records: meetings with their sources, idempotent, twins joined, bad input reported."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from meetings.historian import import_paths
from meetings.models import Meeting, Official, OfficialAlias, RecordSource

pytestmark = pytest.mark.django_db


def record_meeting(collection: str, record_id: str) -> Meeting:
    return RecordSource.objects.get(collection=collection, record_id=record_id).meeting


def people(meeting: Meeting) -> list[tuple[str, str, str, str]]:
    return [(p.official.name, p.title, p.official.country, p.role)
            for p in meeting.participations.select_related("official").order_by("id")]


def test_a_visit_becomes_a_visit_meeting_in_washington_with_its_source(visits_file):
    report = import_paths([visits_file], err=io.StringIO())
    assert (report["read"], report["meetings"], report.failed) == (4, 4, 0)
    meeting = record_meeting("visits", "9301")
    assert meeting.from_record and meeting.kind == "visit"
    assert (meeting.date, meeting.end_date, meeting.date_precision) == (
        dt.date(2020, 2, 4), None, "day")
    assert (meeting.place, meeting.place_country) == ("Washington", "US")
    assert meeting.country_codes == ["DK", "US"]
    assert people(meeting) == [("Mette Frederiksen", "Prime Minister", "DK", "guest")]
    assert meeting.summary == "Mette Frederiksen (visit, Washington)"
    source = meeting.record_sources.get()
    assert (source.file, source.text, source.traveller) == (
        "visits.xml", "Working Visit.", "Prime Minister Mette Frederiksen")
    assert source.url == "https://history.state.gov/departmenthistory/visits/2020"


def test_a_visit_to_a_summit_is_multilateral_at_the_place_it_names(visits_file):
    import_paths([visits_file], err=io.StringIO())
    apec = record_meeting("visits", "9303")
    assert (apec.kind, apec.name) == ("multilateral", "APEC Leaders' Meeting")
    assert (apec.place, apec.date, apec.end_date) == (
        "San Francisco", dt.date(2023, 11, 12), dt.date(2023, 11, 17))
    woodside = record_meeting("visits", "9302")
    assert (woodside.kind, woodside.place) == ("visit", "Woodside")
    # Same visitor, same day, different events: two meetings, one official.
    assert people(apec) == people(woodside) == [("Xi Jinping", "President", "CN", "guest")]


def test_a_visit_by_two_leaders_has_two_participants(visits_file):
    import_paths([visits_file], err=io.StringIO())
    meeting = record_meeting("visits", "9304")
    assert [p[:2] for p in people(meeting)] == [("Gitanas Nauseda", "President"),
                                                ("Ingrida Simonyte", "Prime Minister")]
    assert meeting.summary == "Gitanas Nauseda – Ingrida Simonyte (visit, Washington)"


def test_reimport_changes_nothing(visits_file):
    import_paths([visits_file], err=io.StringIO())
    before = list(Meeting.objects.values_list("id", "updated_at").order_by("id"))
    report = import_paths([visits_file], err=io.StringIO())
    assert (report["known"], report["meetings"]) == (4, 0)
    assert list(Meeting.objects.values_list("id", "updated_at").order_by("id")) == before
    assert RecordSource.objects.count() == 4


def test_a_record_meeting_a_curator_deleted_is_not_imported_again(visits_file):
    from meetings import curation

    import_paths([visits_file], err=io.StringIO())
    gone = record_meeting("visits", "9304")
    curation.meetings_delete(meetings=[gone])
    report = import_paths([visits_file], err=io.StringIO())
    assert (report["known"], report["deleted"], report["meetings"]) == (3, 1, 0)
    assert not RecordSource.objects.filter(record_id="9304").exists()
    assert "1 deleted by curators" in report.summary()


def test_curated_record_meetings_are_left_as_edited(visits_file, tmp_path):
    import_paths([visits_file], err=io.StringIO())
    meeting = record_meeting("visits", "9301")
    Meeting.objects.filter(pk=meeting.pk).update(curated=True, place="Camp David")
    # The same record again under another id upstream joins the curated meeting as a source.
    twin = tmp_path / "visits.xml"
    twin.write_text(visits_file.read_text().replace("<id>9301</id>", "<id>9391</id>"))
    report = import_paths([twin], err=io.StringIO())
    assert (report["known"], report["twins"], report["meetings"]) == (3, 1, 0)
    meeting.refresh_from_db()
    assert meeting.place == "Camp David"
    assert sorted(meeting.record_sources.values_list("record_id", flat=True)) == ["9301", "9391"]


def test_bad_files_are_reported_and_the_rest_is_imported(visits_file, bad_dir):
    err = io.StringIO()
    report = import_paths([bad_dir, visits_file], err=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert any("malformed.xml: malformed XML" in line for line in lines)
    assert any("unknown-root.xml: unknown root element <letters>" in line for line in lines)
    assert any("undated.xml#9101: record without a valid <start-date>" in line for line in lines)
    assert report.failed == 3
    # Nothing of the malformed file; the good record of the undated file; all of the visits.
    assert not RecordSource.objects.filter(record_id__in=["9001", "9101"]).exists()
    assert RecordSource.objects.filter(record_id="9102").exists()
    assert RecordSource.objects.filter(file="visits.xml").count() == 4


def test_the_command_prints_a_summary_and_fails_on_bad_input(visits_file, bad_dir):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", str(bad_dir), str(visits_file), stdout=out, stderr=err)
    assert "5 records read: 5 meetings created" in out.getvalue()
    assert "malformed.xml" in err.getvalue()


def test_the_command_succeeds_on_good_input(visits_file):
    out = io.StringIO()
    call_command("import_records", str(visits_file), stdout=out, stderr=io.StringIO())
    assert "4 records read: 4 meetings created" in out.getvalue()
    assert "cross-check" in out.getvalue()


# --------------------------------------------------------------------------- with the NLP


@pytest.mark.nlp
def test_trips_with_counterparts_twins_and_events(records_dir):
    report = import_paths([records_dir], err=io.StringIO())
    assert report.failed == 0
    assert (report["read"], report["twins"]) == (9, 1)

    kyiv = record_meeting("secretary-travels", "9103")
    assert (kyiv.kind, kyiv.place, kyiv.place_country) == ("visit", "Kyiv", "UA")
    assert people(kyiv) == [
        ("Antony John Blinken", "Secretary of State", "US", "guest"),
        ("Zelenskyy", "President", "UA", "host"),
        ("Kuleba", "Foreign Minister", "UA", "host"),
    ]
    assert kyiv.country_codes == ["UA", "US"]
    assert kyiv.summary == "Antony John Blinken – Zelenskyy – Kuleba (visit, Kyiv)"

    # 9101 and 9104 are the same trip under two ids: one meeting, two sources.
    tokyo = record_meeting("secretary-travels", "9101")
    assert sorted(tokyo.record_sources.values_list("record_id", flat=True)) == ["9101", "9104"]
    assert (tokyo.date, tokyo.end_date) == (dt.date(2022, 6, 2), dt.date(2022, 6, 3))
    assert people(tokyo)[1][:3] == ("Yoshimasa Hayashi", "Minister for Foreign Affairs", "JP")
    assert tokyo.kind == "visit"  # a bilateral U.S.-Japan meeting is not multilateral

    nato = record_meeting("secretary-travels", "9102")
    assert (nato.kind, nato.name) == ("multilateral", "NATO Foreign Ministerial")
    assert nato.summary == ("NATO Foreign Ministerial: Antony John Blinken "
                            "(multilateral, Brussels)")

    brussels = record_meeting("president-travels", "9201")
    assert people(brussels) == [("Joseph R. Biden", "President", "US", "guest")]
    assert brussels.record_sources.get().url.endswith("/travels/president/sample-president")

    # One official per traveller, with the forms the news uses as aliases.
    blinken = Official.objects.get(name="Antony John Blinken")
    assert blinken.meetings.count() == 3
    assert set(blinken.aliases.values_list("alias", flat=True)) >= {"Antony Blinken"}
    assert OfficialAlias.objects.filter(official__name="Joseph R. Biden",
                                        alias="Joe Biden").exists()


@pytest.mark.nlp
def test_a_record_official_joins_the_news_official_of_the_same_name(secretary_file, make_official):
    news = make_official("Antony Blinken", title="Secretary of State", country="US")
    import_paths([secretary_file], err=io.StringIO())
    assert not Official.objects.filter(name="Antony John Blinken").exists()
    assert news.meetings.filter(from_record=True).count() == 3
    assert news.aliases.filter(alias="Antony John Blinken").exists()


@pytest.mark.nlp
def test_a_name_two_duplicates_can_mean_joins_the_oldest_rather_than_making_a_third(
        secretary_file, make_official):
    oldest = make_official("Antony Blinken", country="US")
    make_official("Antony J. Blinken", country="US")  # the same person, twice already
    import_paths([secretary_file], err=io.StringIO())
    assert not Official.objects.filter(name="Antony John Blinken").exists()
    assert oldest.aliases.filter(alias="Antony John Blinken").exists()


TRIP = """<trip role="secretary" who="blinken-antony-j"><id>{id}</id><role>secretary</role>
<name>Antony John Blinken</name><start-date>{date}</start-date><end-date>{date}</end-date>
<country id="ukraine">Ukraine</country><locale>Kyiv</locale><remarks>{remarks}</remarks></trip>"""


@pytest.mark.nlp
def test_a_bare_surname_joins_the_one_full_name_of_that_country_read_later(tmp_path):
    path = tmp_path / "blinken-antony-j.xml"
    path.write_text("<trips>" + TRIP.format(
        id="1", date="2021-05-06", remarks="Met with Foreign Minister Kuleba.") + TRIP.format(
        id="2", date="2022-01-19", remarks="Met with Foreign Minister Dmytro Kuleba.") + "</trips>")
    import_paths([path], err=io.StringIO())
    assert list(Official.objects.filter(name__contains="Kuleba").values_list("name", "country")) \
        == [("Dmytro Kuleba", "UA")]
    assert record_meeting("secretary-travels", "1").participations.filter(
        official__name="Dmytro Kuleba", title="Foreign Minister").exists()


def test_names_curators_rejected_are_not_linked(visits_file):
    from meetings.models import RejectedName

    RejectedName.objects.create(name="Mette Frederiksen")
    import_paths([visits_file], err=io.StringIO())
    assert not Official.objects.filter(name="Mette Frederiksen").exists()
    assert not record_meeting("visits", "9301").participations.exists()


@pytest.mark.nlp
def test_the_us_president_named_in_a_secretarys_remarks_is_the_president_of_the_time(
        tmp_path):
    secretary = tmp_path / "travels" / "secretary-travels"
    president = tmp_path / "travels" / "president-travels"
    secretary.mkdir(parents=True)
    president.mkdir(parents=True)
    (president / "bush-george-h-w.xml").write_text(
        "<trips>" + TRIP.format(id="10", date="1991-07-09", remarks="").replace(
            "secretary", "president").replace("Antony John Blinken", "George H.W. Bush")
        + "</trips>")
    (secretary / "baker-james-addison.xml").write_text("<trips>" + TRIP.format(
        id="11", date="1991-10-29", remarks="Accompanied President Bush to a meeting with "
        "Soviet President Gorbachev.").replace("Antony John Blinken", "James Addison Baker")
        + "</trips>")
    report = import_paths([tmp_path], err=io.StringIO())
    assert (report["read"], report.failed) == (2, 0), report.failures
    madrid = record_meeting("secretary-travels", "11")
    assert ("George H.W. Bush", "President", "US", "participant") in people(madrid)
    assert not Official.objects.filter(name="Bush").exists()


@pytest.mark.nlp
def test_a_bare_surname_in_another_country_is_another_person(tmp_path):
    path = tmp_path / "blinken-antony-j.xml"
    path.write_text("<trips>" + TRIP.format(
        id="1", date="2021-05-06", remarks="Met with President Yang.") + TRIP.format(
        id="2", date="2022-01-19", remarks="Met with President Yang.").replace(
        '<country id="ukraine">Ukraine</country>', '<country id="china">China</country>')
        + "</trips>")
    import_paths([path], err=io.StringIO())
    assert sorted(Official.objects.filter(name="Yang").values_list("country", flat=True)) \
        == ["CN", "UA"]


def test_records_another_import_stored_meanwhile_are_skipped(visits_file):
    from meetings.historian.store import file_store
    from meetings.historian.xml_files import read_file
    from meetings.services.officials import OfficialResolver

    import_paths([visits_file], err=io.StringIO())
    # A second import that read the file before the first one committed.
    written = file_store(read_file(visits_file), extractions={}, index=OfficialResolver(),
                         twins={})
    assert (written.known, written.meetings) == (4, [])
    assert Meeting.objects.count() == 4


def test_the_command_tags_new_record_meetings_with_topics(secretary_file, make_topic):
    from meetings.models import Meeting

    nato = make_topic("NATO", aliases=["NATO"])
    out = io.StringIO()
    call_command("import_records", str(secretary_file), "--no-crosscheck", stdout=out,
                 stderr=io.StringIO())
    tagged = Meeting.objects.filter(from_record=True, topic_links__topic=nato)
    # "Attended the NATO Foreign Ministerial." and nothing else names the alliance.
    assert tagged.count() == 1
    assert "topics:" in out.getvalue() and "1 topic links added" in out.getvalue()
    again = io.StringIO()
    call_command("import_records", str(secretary_file), "--no-crosscheck", stdout=again,
                 stderr=io.StringIO())
    assert Meeting.objects.filter(topic_links__topic=nato).count() == 1
