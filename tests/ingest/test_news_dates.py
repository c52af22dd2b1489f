"""How a meeting in real news picks its date (issue 13's dates): one short invented
article per rule, stating the date (value and precision) that must come out."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ingest.invented import FRIDAY, extract, parties, when

pytestmark = pytest.mark.nlp

MONDAY = dt.date(2024, 1, 15)


def with_people(meetings, *names):
    return next(m for m in meetings if set(names) <= parties(m))


def test_two_possible_days_give_the_month_that_holds_both():
    body = (
        "Japanese Prime Minister Fumio Kishida will visit Seoul and the two will meet around "
        "January 21 or 22, officials said on Friday. Kishida will meet South Korean President "
        "Yoon Suk Yeol in Seoul around January 21 or 22."
    )
    m = with_people(extract(body).meetings, "Fumio Kishida", "Yoon Suk Yeol")
    # Sunday 21 and Monday 22 lie in two weeks: the month is what the text gives.
    assert m.planned and when(m) == (dt.date(2024, 1, 1), "month")


def test_two_possible_weekdays_give_their_week():
    body = (
        "Indian Prime Minister Narendra Modi is likely to meet Pakistani Prime Minister Nawaz "
        "Sharif next Thursday or Friday."
    )
    (m,) = extract(body, day=MONDAY).meetings
    assert m.planned and when(m) == (dt.date(2024, 1, 15), "week")


def test_a_numeric_dateline_dates_the_meeting_it_reports():
    body = (
        "09:12 15.01.2024\n\nPresidents meet in Vilnius\n\nLithuanian President Gitanas "
        "Nauseda has started a meeting in Vilnius with Latvian President Edgars Rinkevics."
    )
    (m,) = extract(body, day=MONDAY).meetings
    assert when(m) == (MONDAY, "day") and m.date.phrase == "15.01.2024"


def test_later_the_same_day_is_the_day_just_reported_not_a_recalled_month():
    body = (
        "Italian Prime Minister Giorgia Meloni held talks with Polish Prime Minister Donald "
        "Tusk in Rome on Wednesday. Referring to a summit between the leaders of Russia and "
        "North Korea in December, Meloni expressed concern. Later on the same day, Meloni also "
        "met with Dutch Prime Minister Mark Rutte."
    )
    meetings = extract(body).meetings
    assert when(with_people(meetings, "Giorgia Meloni", "Donald Tusk")) == (
        dt.date(2024, 1, 10), "day"
    )
    assert when(with_people(meetings, "Giorgia Meloni", "Mark Rutte")) == (
        dt.date(2024, 1, 10), "day"
    )


def test_the_same_day_is_the_day_just_reported():
    body = (
        "Italian Prime Minister Giorgia Meloni held talks with Polish Prime Minister Donald "
        "Tusk in Rome on Wednesday. On the same day, Dutch Prime Minister Mark Rutte met "
        "Spanish Prime Minister Pedro Sanchez in Madrid."
    )
    m = with_people(extract(body).meetings, "Mark Rutte", "Pedro Sanchez")
    assert when(m) == (dt.date(2024, 1, 10), "day") and m.date.phrase == "the same day"


def test_the_day_of_an_arrival_is_not_the_day_of_a_meeting_still_to_come():
    body = (
        "Australian Prime Minister Anthony Albanese arrives in Fiji today and will meet with "
        "Prime Minister Sitiveni Rabuka where talks are expected on climate change."
    )
    (m,) = extract(body).meetings
    assert m.planned and m.date is None


def test_arriving_somewhere_to_meet_someone_is_the_day_of_the_arrival():
    body = (
        "German Chancellor Olaf Scholz arrived in Kyiv early this morning to meet Ukrainian "
        "President Volodymyr Zelensky."
    )
    m = with_people(extract(body).meetings, "Olaf Scholz", "Volodymyr Zelensky")
    assert when(m) == (FRIDAY, "day")


def test_setting_the_stage_for_talks_is_a_planned_meeting_without_the_visits_day():
    body = (
        "Chinese Foreign Minister Wang Yi began his two-day visit to India on Thursday, setting "
        "the stage for crucial discussions on border issues with National Security Advisor "
        "Ajit Doval."
    )
    m = with_people(extract(body).meetings, "Wang Yi", "Ajit Doval")
    assert m.planned and m.date is None


def test_this_sunday_in_a_report_of_a_call_held_is_the_sunday_just_past():
    body = (
        "French President Emmanuel Macron had a telephone conversation with Russian President "
        "Vladimir Putin this Sunday, the Elysee said."
    )
    (m,) = extract(body, day=MONDAY).meetings
    assert not m.planned and when(m) == (dt.date(2024, 1, 14), "day")


def test_a_meeting_on_one_day_of_a_visit_keeps_its_own_day():
    body = (
        "NATO Secretary General Jens Stoltenberg will visit Canada from January 21-23. On "
        "January 22, Prime Minister Justin Trudeau and Secretary General Stoltenberg will have "
        "a bilateral meeting in Ottawa."
    )
    m = with_people(extract(body).meetings, "Justin Trudeau", "Jens Stoltenberg")
    assert m.planned and when(m) == (dt.date(2024, 1, 22), "day")


def test_earlier_on_a_live_page_is_earlier_the_same_day():
    body = (
        "President Cyril Ramaphosa has been in bilateral meetings all day.\n\nEarlier, he met "
        "with the Chinese Premier Li Qiang at the convention centre."
    )
    m = with_people(extract(body).meetings, "Li Qiang")
    assert when(m) == (FRIDAY, "day") and not m.background


def test_a_date_after_before_belongs_to_the_other_event():
    body = (
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in "
        "Seoul, officials said, before the Group of Seven opens in Hiroshima on January 19."
    )
    m = with_people(extract(body).meetings, "Fumio Kishida", "Yoon Suk Yeol")
    assert not m.planned and m.date is None


def test_the_legs_of_a_trip_announced_for_next_week_are_in_that_week():
    body = (
        "U.S. Secretary of State Antony Blinken will travel to Kenya and Saudi Arabia next week "
        "for talks with Kenyan President William Ruto, the State Department said. In Saudi "
        "Arabia, Blinken would meet Crown Prince Mohammed bin Salman to discuss the war in Yemen."
    )
    m = with_people(extract(body).meetings, "Antony Blinken", "Mohammed bin Salman")
    assert m.planned and when(m) == (dt.date(2024, 1, 15), "week")


def test_an_undated_mention_of_two_people_just_reported_is_on_their_day():
    body = (
        "President Joko Widodo received Malaysian Prime Minister Anwar Ibrahim and Human "
        "Resources Minister Steven Sim at the Merdeka Palace on Friday. During the working "
        "visit, Widodo and Anwar observed the signing of a memorandum by Manpower Minister Ida "
        "Fauziyah."
    )
    m = with_people(extract(body).meetings, "Joko Widodo", "Anwar Ibrahim", "Ida Fauziyah")
    assert when(m) == (FRIDAY, "day")


def test_the_meeting_reported_comes_before_a_captioned_earlier_one():
    body = (
        "FILE PHOTO: Saudi Crown Prince Mohammed bin Salman meets Iranian President Masoud "
        "Pezeshkian in Doha on September 15, 2023.\n\nIranian President Masoud Pezeshkian held a "
        "phone call with Saudi Crown Prince Mohammed bin Salman on Thursday."
    )
    call, earlier = extract(body).meetings
    assert call.kind == "call" and not call.background
    assert when(call) == (dt.date(2024, 1, 11), "day")
    assert earlier.background and when(earlier) == (dt.date(2023, 9, 15), "day")


def test_a_weekday_the_text_has_dated_is_that_day_in_a_readout_published_later():
    body = (
        "The Secretary-General travelled to Addis Ababa for the African Union summit. "
        "On Friday morning, 12 January, the Secretary-General Antonio Guterres met with "
        "Mahmoud Ali Youssouf, the Chairperson of the African Union Commission. Later in the "
        "day on Friday, Guterres held talks with Ghanaian President John Dramani Mahama. He also "
        "met with Kenyan President William Ruto."
    )
    meetings = extract(body, day=dt.date(2024, 2, 7)).meetings
    for name in ("Mahmoud Ali Youssouf", "John Dramani Mahama", "William Ruto"):
        assert when(with_people(meetings, name)) == (FRIDAY, "day"), name


def test_he_also_met_is_not_on_the_day_of_a_meeting_recalled_in_between():
    body = (
        "Italian Prime Minister Giorgia Meloni held talks with Polish Prime Minister Donald "
        "Tusk in Rome on Wednesday. The two last met with Dutch Prime Minister Mark Rutte in "
        "December. Meloni also met Spanish Prime Minister Pedro Sanchez."
    )
    m = with_people(extract(body).meetings, "Giorgia Meloni", "Pedro Sanchez")
    assert when(m) == (dt.date(2024, 1, 10), "day")


def test_a_second_call_on_the_same_day_is_a_second_record():
    body = (
        "French President Emmanuel Macron had a telephone conversation with Russian President "
        "Vladimir Putin for the second time on Sunday, the Elysee said. On Sunday afternoon, "
        "Macron and Putin had a telephone conversation about Ukraine."
    )
    calls = [m for m in extract(body).meetings if m.kind == "call"]
    assert [when(c) for c in calls] == [(dt.date(2024, 1, 7), "day")] * 2
    assert all(parties(c) == {"Emmanuel Macron", "Vladimir Putin"} for c in calls)



def test_a_visit_concluded_today_gives_the_week_of_its_days():
    body = (
        "African Union Commission Chairperson Moussa Faki Mahamat concluded a two-day working "
        "visit to South Africa today, where he was received by President Cyril Ramaphosa."
    )
    m = with_people(extract(body).meetings, "Moussa Faki Mahamat", "Cyril Ramaphosa")
    # Thursday 11 and Friday 12 January lie in one week.
    assert when(m) == (dt.date(2024, 1, 8), "week")



def test_had_earlier_called_is_background():
    body = (
        "U.S. President Barack Obama met Cuban President Raul Castro in Panama City on Friday "
        "night. Obama had earlier called Castro before heading to Panama."
    )
    call = next(m for m in extract(body).meetings if m.kind == "call")
    assert call.background and call.date is None


def test_a_call_does_not_take_the_day_of_a_meeting_of_the_same_two():
    body = (
        "U.S. President Barack Obama met Cuban President Raul Castro in Panama City on Friday "
        "night. Obama and Castro had a phone call about the embassies."
    )
    meetings = extract(body).meetings
    meeting = next(m for m in meetings if m.kind != "call")
    call = next(m for m in meetings if m.kind == "call")
    assert when(meeting) == (FRIDAY, "day") and call.date is None


def test_a_mention_no_verb_dates_joins_the_talks_just_announced():
    body = (
        "Chinese Foreign Minister Wang Yi arrived in India on Monday, setting the stage "
        "for talks with National Security Advisor Ajit Doval. Wang and Doval are the "
        "designated special representatives for the boundary talks."
    )
    meetings = extract(body, day=MONDAY).meetings
    (m,) = [m for m in meetings if {"Wang Yi", "Ajit Doval"} <= parties(m)]
    assert m.planned and m.date is None


def test_today_inside_a_quote_is_the_day_the_quote_was_given():
    body = (
        "A statement from the ministry's spokesman on Wednesday read: \u201cToday, Foreign "
        "Minister Amara Diallo held talks with Italian Foreign Minister Paolo Neri in "
        "New York.\u201d"
    )
    m = with_people(extract(body).meetings, "Amara Diallo", "Paolo Neri")
    # The article is dated Friday 12 January; the statement's "today" is its Wednesday.
    assert when(m) == (dt.date(2024, 1, 10), "day")


def test_today_inside_a_quote_given_no_day_is_the_articles_day():
    body = (
        "\u201cToday in Muscat we hosted Foreign Minister Amara Diallo and Italian Foreign "
        "Minister Paolo Neri for talks,\u201d Omani Foreign Minister Badr Albusaidi said."
    )
    m = with_people(extract(body).meetings, "Amara Diallo", "Paolo Neri")
    assert when(m) == (FRIDAY, "day")


def test_a_meeting_planned_for_the_articles_day_and_then_reported_held_keeps_that_day():
    body = (
        "The Chilean foreign minister is on a working trip to Peru, during which he will "
        "hold a bilateral meeting in Lima on Friday with his Peruvian counterpart Rosa "
        "Quispe.\n\nAlberto Vidal is holding a joint press conference with Peruvian Foreign "
        "Minister Rosa Quispe after their meeting."
    )
    meetings = extract(body).meetings
    m = with_people(meetings, "Alberto Vidal", "Rosa Quispe")
    assert not m.planned and when(m) == (FRIDAY, "day")
    assert [x for x in meetings if "Rosa Quispe" in parties(x)] == [m]


def test_a_dated_mention_naming_one_party_dates_the_meeting_named_in_full():
    body = (
        "Chile on Wednesday made its first formal contact with the new Bolivian government "
        "when its envoy in La Paz met the acting foreign minister, Marco Quiroga.\n\n"
        "\u201cCalled on the new Bolivian Foreign Minister Marco Quiroga and discussed "
        "trade,\u201d "
        "Sergio Ortiz, Chile’s Ambassador to La Paz, said in a post after the meeting."
    )
    m = with_people(extract(body).meetings, "Sergio Ortiz", "Marco Quiroga")
    assert when(m) == (dt.date(2024, 1, 10), "day")


def test_talks_today_will_see_are_planned_and_do_not_date_the_meeting_just_reported():
    body = (
        "Tuesday marks a new chapter as the two neighbours agreed a ceasefire.\n"
        "\u201cThis is a vital first step,\u201d Malaysian Prime Minister Anwar Ibrahim said "
        "after a special meeting with Cambodian Prime Minister Hun Manet.\n"
        "Today will see regional military commanders engage in informal discussions."
    )
    m = with_people(extract(body, day=dt.date(2024, 1, 16)).meetings, "Anwar Ibrahim", "Hun Manet")
    assert not m.planned and m.date is None


def test_a_conversation_announced_for_today_is_the_one_reported_held_today():
    body = (
        "Colombian President Gustavo Paz met US President Joe Biden on Friday at the "
        "White House.\n\n\u201cDuring the conversation today, President Biden and President "
        "Paz will continue to make progress on many issues,\u201d spokesman John Kirby told "
        "reporters."
    )
    meetings = extract(body).meetings
    assert [when(m) for m in meetings] == [(FRIDAY, "day")]
    assert not meetings[0].planned
