"""Names, events and places in the records' free text."""

import datetime as dt

import pytest

from meetings.historian.remarks import (
    clean_name,
    multilateral_events,
    parse_visitor,
    record_country,
    visit_place,
)
from meetings.historian.xml_files import HistoryRecord


@pytest.mark.parametrize(("text", "people"), [
    ("Prime Minister Kyriakos Mitsotakis", [("Prime Minister", "Kyriakos Mitsotakis")]),
    ("President Xi Jinping", [("President", "Xi Jinping")]),
    ("King Abdullah and Crown Prince Hussein", [("King", "Abdullah"),
                                                 ("Crown Prince", "Hussein")]),
    ("President Anwar Sadat, Prime Minister Mustafa Khalil",
     [("President", "Anwar Sadat"), ("Prime Minister", "Mustafa Khalil")]),
    ("President Benigno S. Aquino, 3rd", [("President", "Benigno S. Aquino, 3rd")]),
    ("Premier and Prince Sihanouk", [("Premier and Prince", "Sihanouk")]),
    ("President- elect Ernesto Zedillo", [("President-elect", "Ernesto Zedillo")]),
    ("Valdas Adamkus", [("", "Valdas Adamkus")]),
    ("Pope John Paul II", [("Pope", "John Paul II")]),
])  # fmt: skip
def test_visitor_strings_give_titles_and_names(text, people):
    assert parse_visitor(text) == people


def test_parenthesised_parts_of_a_traveller_name_are_dropped():
    assert clean_name("Henry A. (Heinz Alfred) Kissinger") == "Henry A. Kissinger"


@pytest.mark.parametrize(("text", "events"), [
    ("Attended the NATO Foreign Ministerial.", ["NATO Foreign Ministerial"]),
    ("Attended the G7 Foreign and Development Ministers’ Meeting and met with Prime Minister "
     "Boris Johnson.", ["G7 Foreign and Development Ministers’ Meeting"]),
    ("Met with President Gudni Johannesson, and participated in the Arctic Council "
     "Ministerial.", ["Arctic Council Ministerial"]),
    ("Attended the APEC Leaders' Summit at San Francisco, CA.", ["APEC Leaders' Summit"]),
    ("Attended the U.S.-Japan Security Consultative Committee meeting and met with Minister "
     "for Foreign Affairs Toshimitsu Motegi.", []),
    ("Attended a U.S.-ROK Foreign and Defense Ministerial.", []),
    ("Attended the U.S.-ASEAN Summit.", ["U.S.-ASEAN Summit"]),
    ("Met with President Zelenskyy and Foreign Minister Kuleba.", []),
    ("Official Working Visit.", []),
    ("Attended a special NATO Ministerial meeting on the situation in Poland.",
     ["NATO Ministerial meeting"]),
    ("Attended a meeting of Western Foreign Ministers.",
     ["meeting of Western Foreign Ministers"]),
    ("Attended a U.S.-Japan Foreign Ministers meeting.", []),
    ("Attended the Conference on Disarmament.", ["Conference on Disarmament"]),
])  # fmt: skip
def test_multilateral_events_are_named_and_bilateral_ones_are_not(text, events):
    assert multilateral_events(text) == events


@pytest.mark.parametrize(("text", "place"), [
    ("Official Working Visit.", ("Washington", "US")),
    ("Offsite Meeting at Woodside, CA.", ("Woodside", "US")),
    ("Attended the G-20 Economic Summit in Pittsburgh, Pennsylvania.", ("Pittsburgh", "US")),
    ("Attended the UN General Assembly.", ("New York", "US")),
    ("Private visit. Met with the President in Chicago.", ("Chicago", "US")),
])  # fmt: skip
def test_a_visit_is_in_washington_unless_the_description_says_where(text, place):
    assert visit_place(text) == place


@pytest.mark.parametrize(("country", "slug", "code"), [
    ("China, People’s Republic of", "china", "CN"),
    ("Korea, Republic of", "korea-republic-of", "KR"),
    ("Korea, South", "korea-south", "KR"),
    ("Türkiye", "turkiye", "TR"),
    ("Holy See", "holy-see", "VA"),
    ("Palestinian Authority", "palestinian-authority", "PS"),
    ("Niger ", "niger", "NE"),
])  # fmt: skip
def test_record_countries_become_iso_codes(country, slug, code):
    record = HistoryRecord(collection="visits", file="x.xml", record_id="1",
                           start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1), traveller="X",
                           country=country.strip(), country_id=slug)
    assert record_country(record) == code


def _remark(text, *officials):
    from meetings.ingest.records import ArticleInput, Extraction

    return Extraction(article=ArticleInput(title="", body=text, date=dt.date(2016, 5, 1)),
                      officials=officials)


def test_a_counterparts_country_is_what_the_text_says_of_them_not_the_host():
    from meetings.historian.remarks import counterparts
    from meetings.ingest.records import OfficialRecord

    found = counterparts(_remark(
        "Met with Chancellor Merkel and French President Hollande.",
        OfficialRecord(name="Merkel", title="Chancellor"),
        OfficialRecord(name="Hollande", title="President", country="FR")),
        host_country="DE", traveller="John Kerry")
    # The foreigner is named with a nationality; the host's people without.
    assert [(o.name, o.country, default) for o, default in found] == [
        ("Merkel", "", "DE"), ("Hollande", "FR", "")]


def test_the_host_is_only_a_default_in_a_bilateral_visit():
    from meetings.historian.remarks import counterparts
    from meetings.ingest.records import OfficialRecord

    found = counterparts(_remark("Met with President Havel.",
                                 OfficialRecord(name="Havel", title="President")),
                         host_country="CS", traveller="James Baker")
    assert [(o.country, default) for o, default in found] == [("", "CS")]
    found = counterparts(_remark("Attended the NATO Summit. Met with President Duda.",
                                 OfficialRecord(name="Duda", title="President")),
                         host_country="PL", traveller="Joe Biden")
    assert [(o.country, default) for o, default in found] == [("", "")]


def test_international_officials_have_an_organisation_and_no_country():
    from meetings.historian.remarks import counterparts
    from meetings.ingest.records import OfficialRecord

    found = counterparts(_remark(
        "Met with NATO Secretary General Stoltenberg and Secretary of Defense Austin.",
        OfficialRecord(name="Stoltenberg", title="NATO Secretary General"),
        OfficialRecord(name="Austin", title="Secretary of Defense")),
        host_country="PL", traveller="Antony Blinken")
    assert [(o.name, o.country, o.organization, default) for o, default in found] == [
        ("Stoltenberg", "", "NATO", ""), ("Austin", "US", "", "")]


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Also met with Russian Foreign Minister Sergei Lavrov and Russian Aide to the President "
     "Yuri Ushakov, along with National Security Advisor Mike Waltz.", "Yuri Ushakov", "RU"),
    ("Also met with Russian Aide to the President Yuri Ushakov, along with National Security "
     "Advisor Mike Waltz.", "Mike Waltz", ""),
    ("Conferred with West German Chancellor Adenauer.", "Adenauer", "DE"),
    ("Met with Foreign Minister Dini and Montenegrin President Djukanovic.", "Djukanovic",
     "ME"),
    ("Met with Foreign Minister Dini and Montenegrin President Djukanovic.", "Dini", ""),
    ("Met with U.S. Ambassador to Russia Smith.", "Smith", "US"),  # "to Russia" is not whose
    ("Met with Prime Minister Barak and Chairman Arafat.", "Arafat", ""),
    ("Met with Chairman Arafat.", "Nobody", ""),
    # A lower-case word ends the title: the U.S. delegation is not the president's.
    ("Led the U.S. delegation to the inauguration of President Novak. Met with students.",
     "Novak", ""),
    ("Opened the Canadian pavilion at the request of visiting Dutch Premier Vos.", "Vos",
     "NL"),
])
def test_the_nationality_written_before_a_title_is_the_persons(text, name, code):
    from meetings.historian.remarks import written_nationality

    assert written_nationality(text, name) == code


def test_the_pope_serves_the_holy_see_wherever_he_is_met():
    from meetings.historian.remarks import counterparts
    from meetings.ingest.records import OfficialRecord

    found = counterparts(_remark("Audience with Pope Benedict XV.",
                                 OfficialRecord(name="Benedict XV", title="Pope")),
                         host_country="IT", traveller="Woodrow Wilson")
    assert [(o.country, default) for o, default in found] == [("VA", "")]
