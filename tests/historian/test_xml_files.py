"""Office of the Historian XML -> HistoryRecord, and one clear error per bad input."""

import datetime as dt

from meetings.historian.xml_files import HistoryRecord, read_file, xml_files
from meetings.runs import InputError


def test_a_secretary_trip_is_read_with_its_text_collapsed(secretary_file):
    items = read_file(secretary_file)
    trip = next(r for r in items if r.record_id == "9101")
    assert trip.collection == "secretary-travels"
    assert trip.traveller == "Antony John Blinken"
    assert trip.traveller_title == "Secretary of State"
    assert (trip.start, trip.end) == (dt.date(2022, 6, 2), dt.date(2022, 6, 3))
    assert (trip.country, trip.country_id, trip.locale) == ("Japan", "japan", "Tokyo")
    assert trip.text == ("Held talks at the U.S.-Japan Economic Policy Consultative Committee "
                         "and met with Minister for Foreign Affairs Yoshimasa Hayashi.")
    assert trip.file == "secretary-trips.xml"
    assert trip.url == ("https://history.state.gov/departmenthistory/travels/secretary/"
                        "sample-secretary")


def test_a_president_trip_with_empty_remarks_is_read(president_file):
    [trip] = read_file(president_file)
    assert trip.collection == "president-travels"
    assert trip.traveller_title == "President"
    assert trip.text == ""
    assert trip.url.endswith("/travels/president/sample-president")


def test_a_visit_is_read_with_its_year_page(visits_file):
    visits = read_file(visits_file)
    assert [v.record_id for v in visits] == ["9301", "9302", "9303", "9304"]
    xi = visits[2]
    assert xi.collection == "visits"
    assert xi.traveller == "President Xi Jinping"
    assert xi.country == "China, People’s Republic of"
    assert xi.text == "Attended the APEC Leaders' Meeting at San Francisco, CA."
    assert xi.url == "https://history.state.gov/departmenthistory/visits/2023"
    assert visits[3].traveller == "President Gitanas Nauseda and Prime Minister Ingrida Simonyte"


def test_malformed_xml_gives_one_error_and_no_records(bad_dir):
    [error] = read_file(bad_dir / "malformed.xml")
    assert isinstance(error, InputError)
    assert error.origin.endswith("malformed.xml")
    assert "malformed XML" in error.reason


def test_an_unknown_root_element_is_refused(bad_dir):
    [error] = read_file(bad_dir / "unknown-root.xml")
    assert "unknown root element <letters>" in str(error)


def test_a_record_without_dates_is_an_error_naming_its_id_and_the_rest_is_read(bad_dir):
    error, visit = read_file(bad_dir / "undated.xml")
    assert isinstance(error, InputError) and error.origin.endswith("undated.xml#9101")
    assert "start-date" in error.reason
    assert isinstance(visit, HistoryRecord) and visit.record_id == "9102"


def test_folders_are_walked_recursively_in_order(records_dir):
    names = [p.name for p in xml_files([records_dir])]
    assert names == ["president-trips.xml", "secretary-trips.xml", "visits.xml"]


def test_a_missing_file_is_an_error(tmp_path):
    [error] = read_file(tmp_path / "nope.xml")
    assert "cannot read" in error.reason
