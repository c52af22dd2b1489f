"""The meetings page never misleads: form, chips, facets and URL agree; filters say why."""

import datetime as dt
import re

import pytest

from meetings.models import Confirmation
from meetings.when import meeting_when, meeting_when_iso

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def html_of(response) -> str:
    return response.content.decode()


def listing(html: str) -> str:
    """The meeting cards only (not the facets or the form)."""
    return html.split('class="meeting-list"')[1].split("</ol>")[0] \
        if 'class="meeting-list"' in html else ""


@pytest.fixture
def people(make_official, make_meeting, make_topic):
    sisi = make_official("Abdel Fattah al-Sisi", title="President", country="EG")
    # A better fuzzy match for the display name than Sisi himself would be.
    other = make_official("Abdel Fattah", title="Minister", country="EG")
    erdogan = make_official("Recep Tayyip Erdoğan", title="President", country="TR")
    blinken = make_official("Antony Blinken", title="Secretary of State", country="US")
    biden = make_official("Joe Biden", title="President", country="US")
    wang = make_official("Wang Yi", title="Foreign Minister", country="CN")
    taiwan = make_topic("Taiwan")
    strait = make_topic("Taiwan Strait", parent=taiwan)
    with_sisi = make_meeting(officials=[sisi, blinken], date=dt.date(2024, 3, 1),
                             name="Sisi and Blinken", country_codes=["EG", "US"])
    for n in range(3):
        make_meeting(officials=[other], date=dt.date(2023, 1, 1 + n), name=f"other {n}",
                     country_codes=["EG"])
    trip = make_meeting(officials=[blinken, biden, wang], date=dt.date(2023, 11, 12),
                        end_date=dt.date(2023, 11, 17), name="APEC week",
                        place="San Francisco", country_codes=["CN", "US"])
    trip.topic_links.create(topic=strait)
    summit = make_meeting(officials=[biden, wang], date=dt.date(2023, 11, 1),
                          end_date=dt.date(2023, 11, 30), date_precision="month", kind="summit",
                          name="November summit", country_codes=["CN", "US"])
    make_meeting(officials=[blinken, biden], date=dt.date(2024, 2, 1), name="Cabinet",
                 country_codes=["US"])
    make_meeting(officials=[erdogan], date=dt.date(2024, 2, 2), name="Ankara",
                 country_codes=["TR"])
    return {"sisi": sisi, "other": other, "erdogan": erdogan, "blinken": blinken,
            "biden": biden, "wang": wang, "taiwan": taiwan, "strait": strait,
            "with_sisi": with_sisi, "trip": trip, "summit": summit}


# --------------------------------------------------------------------------- form = state


def test_fragment_carries_the_form_with_the_facet_just_clicked(client, people):
    html = html_of(client.get("/?kind=summit", **HTMX))
    assert '<option value="summit" selected>' in html
    assert "November summit" in listing(html) and "APEC week" not in listing(html)


def test_after_removing_a_chip_its_control_is_cleared(client, people):
    html = html_of(client.get("/?kind=summit&country=CN", **HTMX))
    chip = re.search(r'<a class="chip" href="([^"]*)"[^>]*aria-label="Remove filter Kind: Summit"',
                     html)
    url = chip.group(1).replace("&amp;", "&")
    assert url == "/?country=CN"
    after = html_of(client.get(url, **HTMX))
    kind = after.split('id="filter-kind"')[1].split("</select>")[0]
    assert '<option value="" selected>Any kind' in kind and '"summit" selected' not in kind
    assert '<option value="CN" selected>' in after


def test_a_chosen_person_stays_a_slug_in_the_form(client, people):
    html = html_of(client.get("/?person=abdel-fattah-al-sisi", **HTMX))
    assert '<input type="hidden" name="person" value="abdel-fattah-al-sisi">' in html
    # The text box is empty: submitting the form again sends the slug, not the name.
    box = html.split('id="filter-person"')[1].split(">")[0]
    assert 'value=""' in box
    assert "Sisi and Blinken" in listing(html) and "other 0" not in listing(html)


def test_plain_get_drops_empty_parameters_and_names_the_person_by_slug(client, people):
    response = client.get("/?person=&country=&kind=&q=&from=&to=&confirmed=&topic=taiwan")
    assert response.status_code == 302 and response["Location"] == "/?topic=taiwan"
    response = client.get("/?person=Antony+Blinkn")
    assert response.status_code == 302 and response["Location"] == "/?person=antony-blinken"
    assert client.get("/?person=antony-blinken").status_code == 200


def test_htmx_answers_push_the_clean_url(client, people):
    response = client.get("/?person=&country=CN&kind=&from=&q=", **HTMX)
    assert response["HX-Push-Url"] == "/?country=CN"


def test_suggestions_swap_the_browse_region_not_the_page(client, people):
    html = html_of(client.get("/officials/suggest/?person=blinken", **HTMX))
    assert "hx-boost" not in html
    assert 'hx-get="/?person=antony-blinken" hx-target="#browse"' in html
    assert 'role="option"' in html


def test_suggestions_forgive_missing_accents(client, people):
    html = html_of(client.get("/officials/suggest/?person=Erdogan", **HTMX))
    assert "Recep Tayyip Erdoğan" in html
    response = client.get("/?person=erdogan", **HTMX)
    assert "Ankara" in listing(html_of(response))


def test_a_pick_adds_to_the_people_already_chosen(client, people):
    html = html_of(client.get(
        "/officials/suggest/?person=antony-blinken&person=wang", **HTMX))
    assert "/?person=antony-blinken&amp;person=wang-yi" in html
    assert "/?person=antony-blinken\"" not in html


# --------------------------------------------------------------------------- say why


def test_an_unknown_person_lists_nothing_and_says_why(client, people):
    response = client.get("/?person=Zorblax+Quimby")
    assert response.status_code == 200
    html = html_of(response)
    assert listing(html) == ""
    assert "nobody is known as “Zorblax Quimby”" in html
    assert 'aria-invalid="true"' in html.split('id="filter-person"')[1].split(">")[0]


def test_more_people_than_a_page_looks_up_are_left_out_and_said_so(client, people):
    slugs = ["antony-blinken", "wang-yi", "joe-biden", "abdel-fattah", "abdel-fattah-al-sisi",
             "recep-tayyip-erdogan"]
    html = html_of(client.get("/?" + "&".join(f"person={s}" for s in slugs), **HTMX))
    assert "At most 5 people at once: “recep-tayyip-erdogan” left out." in html
    assert "Person: Recep Tayyip Erdoğan" not in html


def test_an_invalid_date_is_reported_on_its_field_and_the_page_answers(client, people):
    response = client.get("/?from=2024-13-45&to=2024-12-31")
    assert response.status_code == 200
    html = html_of(response)
    assert "“2024-13-45”: Not a date" in html
    assert 'id="start-error"' in html
    assert "APEC week" in listing(html)  # the valid "to" still applies ...
    assert "To 31 Dec 2024" in html  # ... and its chip says so
    assert "From " not in html.split('class="chips"')[1].split("</ul>")[0]


def test_an_unknown_country_is_reported_and_the_known_one_applies(client, people):
    html = html_of(client.get("/?country=ZZ&country=TR"))
    assert "“ZZ” is not a country code" in html
    assert "Ankara" in listing(html) and "APEC week" not in listing(html)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("start", "end", "precision", "text", "iso"), [
    (dt.date(2023, 11, 12), dt.date(2023, 11, 17), "day", "12–17 Nov 2023", "2023-11-12"),
    (dt.date(2023, 11, 30), dt.date(2023, 12, 2), "day", "30 Nov – 2 Dec 2023", "2023-11-30"),
    (dt.date(2023, 12, 30), dt.date(2024, 1, 2), "day", "30 Dec 2023 – 2 Jan 2024",
     "2023-12-30"),
    (dt.date(2024, 1, 12), None, "day", "12 Jan 2024", "2024-01-12"),
    (dt.date(2024, 1, 8), dt.date(2024, 1, 14), "week", "Week of 8 Jan 2024", "2024-W02"),
    (dt.date(2023, 11, 1), dt.date(2023, 11, 30), "month", "November 2023", "2023-11"),
    (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year", "2023", "2023"),
    (None, None, "day", "Undated", ""),
])
def test_dates_are_written_at_their_precision(start, end, precision, text, iso):
    assert meeting_when(date=start, end=end, precision=precision) == text
    assert meeting_when_iso(date=start, precision=precision) == iso


def test_cards_and_meeting_page_show_ranges_and_precision(client, people):
    html = html_of(client.get("/"))
    assert '<time datetime="2023-11-12">12–17 Nov 2023</time>' in html
    assert '<time datetime="2023-11">November 2023</time>' in html
    assert "1 Nov 2023" not in html
    page = html_of(client.get(people["trip"].get_absolute_url()))
    assert "12–17 November 2023" in page
    summit = html_of(client.get(people["summit"].get_absolute_url()))
    assert "November 2023" in summit and "1 November 2023" not in summit


# --------------------------------------------------------------------------- official page


def test_met_most_often_keeps_colleagues_apart(client, people):
    html = html_of(client.get(people["blinken"].get_absolute_url()))
    met = html.split("Met most often")[1].split("Travelled with")[0]
    travelled = html.split("Travelled with")[1].split("<h2>Topics")[0]
    assert "Wang Yi" in met and "Abdel Fattah al-Sisi" in met and "Joe Biden" not in met
    assert "Joe Biden" in travelled and "Wang Yi" not in travelled
    # Each count opens the meetings of the two.
    assert 'href="/?person=antony-blinken&amp;person=wang-yi"' in met


def test_empty_lists_say_so_in_a_sentence(client, people, make_official):
    loner = make_official("Ada Nobody", country="FR")
    html = html_of(client.get(loner.get_absolute_url()))
    assert "None yet" not in html and '<li class="muted">' not in html
    assert "No meetings recorded for Ada Nobody yet." in html
    assert "No meetings with officials of other countries or organisations yet." in html
    topic_html = html_of(client.get(people["taiwan"].get_absolute_url()))
    assert '<li class="muted">' not in topic_html


# --------------------------------------------------------------------------- topics


def test_a_parent_topic_includes_its_children(client, people):
    html = html_of(client.get("/?topic=taiwan"))
    assert "APEC week" in listing(html)
    page = html_of(client.get(people["taiwan"].get_absolute_url()))
    assert "APEC week" in page
    assert 'Includes the narrower topics: <a href="/topics/taiwan-strait/">Taiwan Strait' in page
    assert "Antony Blinken" in page.split("Officials most involved")[1]
    narrow = html_of(client.get("/?topic=taiwan-strait"))
    assert "APEC week" in listing(narrow)


# --------------------------------------------------------------------------- confirmed


def test_record_meetings_are_confirmed_by_definition(client, people, make_meeting):
    record = make_meeting(officials=[people["blinken"]], date=dt.date(2024, 4, 1),
                          from_record=True, name="Record trip", country_codes=["US"])
    Confirmation.objects.create(meeting=people["with_sisi"], record=record)
    yes = listing(html_of(client.get("/?confirmed=yes")))
    assert "Record trip" in yes and "Sisi and Blinken" in yes and "Cabinet" not in yes
    no = listing(html_of(client.get("/?confirmed=no")))
    assert "Cabinet" in no and "Record trip" not in no and "Sisi and Blinken" not in no
    html = html_of(client.get("/"))
    facet = html.split("<h2>Official record</h2>")[1].split("</ul>")[0]
    assert ">Confirmed</a>\n              <span class=\"n\">2</span>" in facet
    assert "confirmed by definition" in html


# --------------------------------------------------------------------------- two parties


def test_two_people_mean_meetings_of_both_and_facets_keep_working(client, people):
    html = html_of(client.get("/?person=antony-blinken&person=wang-yi"))
    assert "APEC week" in listing(html)
    assert "Cabinet" not in listing(html) and "November summit" not in listing(html)
    assert html.count('<input type="hidden" name="person"') == 2
    # A person facet adds to the people; an active one removes itself.
    facets = html.split('class="facets"')[1]
    assert "/?person=antony-blinken&amp;person=wang-yi&amp;person=joe-biden" in facets
    assert 'href="/?person=wang-yi"' in facets


def test_two_countries_mean_meetings_between_them(client, people):
    html = html_of(client.get("/?country=US&country=CN"))
    cards = listing(html)
    assert "APEC week" in cards and "November summit" in cards
    assert "Cabinet" not in cards and "Ankara" not in cards
    assert '<option value="US" selected>' in html and '<option value="CN" selected>' in html
    assert "/?country=US&amp;country=CN&amp;" not in html.split('id="filters"')[0]


def test_meeting_page_has_a_cite_this_block(client, people):
    html = html_of(client.get(people["trip"].get_absolute_url()))
    cite = html.split("Cite this")[1].split("</section>")[0]
    url = f"http://testserver/meetings/{people['trip'].pk}/"
    assert f'<a href="{url}">{url}</a>' in cite
    assert f"accessed {dt.datetime.now(dt.UTC):%-d %B %Y}" in cite
    assert "12–17 November 2023" in cite


def test_the_second_page_says_which_meetings_it_shows(client, people, make_meeting):
    for n in range(30):
        make_meeting(date=dt.date(2010, 1, 1) + dt.timedelta(days=n), name=f"old {n}")
    first = client.get("/")
    assert "Meetings 1–25 of 38" in html_of(first)
    second = html_of(client.get(f"/?cursor={first.context['page'].next_cursor}"))
    assert "Meetings 26–38 of 38" in second
    assert '<ol class="meeting-list" start="26">' in second
