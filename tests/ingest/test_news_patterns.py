"""What real news does that the seed does not: one short invented article per pattern
(issue 13), each stating exactly what must come out of the whole extraction."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ingest.invented import FRIDAY, extract, parties

pytestmark = pytest.mark.nlp



def summary(meeting):
    date = (meeting.date.value, meeting.date.precision) if meeting.date else None
    return parties(meeting), set(meeting.countries), date


# --------------------------------------------------------------------------- 1. one record


def test_headline_the_meeting_the_talks_and_both_sides_are_one_meeting():
    body = (
        "Blinken meets Wang in Beijing\n\n"
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in "
        "Beijing on Friday. The meeting lasted three hours. During the talks, both sides "
        "discussed trade. The two ministers agreed to keep talking."
    )
    (m,) = extract(body).meetings
    assert summary(m) == ({"Antony Blinken", "Wang Yi"}, set(), (FRIDAY, "day"))
    assert m.place == "Beijing" and not m.background and not m.planned
    evidence = [body[e.start : e.end] for e in m.evidence]
    assert evidence[0] == "Blinken meets Wang in Beijing"
    assert "The meeting lasted three hours." in evidence
    assert "During the talks, both sides discussed trade." in evidence


def test_a_later_undated_reference_does_not_take_the_date_away():
    body = (
        "Kenyan President William Ruto met Chinese President Xi Jinping in Beijing on "
        "Tuesday. The talks focused on debt."
    )
    (m,) = extract(body).meetings
    assert summary(m) == ({"William Ruto", "Xi Jinping"}, set(), (dt.date(2024, 1, 9), "day"))


# --------------------------------------------------------------------------- 2. parties


def test_two_visitors_and_their_host_are_one_meeting_of_three():
    body = (
        "German Chancellor Angela Merkel and French President Francois Hollande flew to "
        "Moscow on Friday.\n\nMerkel and Hollande met Putin in Moscow on Friday."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Angela Merkel", "Francois Hollande", "Putin"}
    assert m.place == "Moscow"


def test_delegations_and_their_mediator_are_one_meeting():
    body = (
        "Delegations led by Russian presidential aide Vladimir Medinsky and Ukrainian "
        "Defence Minister Rustem Umerov held talks in Istanbul on Friday, mediated by "
        "Turkish Foreign Minister Hakan Fidan."
    )
    (m,) = extract(body).meetings
    assert m.kind == "talks" and m.place == "Istanbul"
    assert parties(m) == {"Vladimir Medinsky", "Rustem Umerov", "Hakan Fidan"}


def test_met_one_and_later_another_is_two_meetings_with_the_subject():
    body = (
        "Indian Foreign Minister S Jaishankar met Russian Foreign Minister Sergei Lavrov "
        "and, later, Chinese Foreign Minister Qin Gang on Thursday."
    )
    meetings = extract(body).meetings
    assert [parties(m) for m in meetings] == [
        {"S Jaishankar", "Sergei Lavrov"},
        {"S Jaishankar", "Qin Gang"},
    ]


def test_the_passive_keeps_guest_and_host():
    body = (
        "Qatari Prime Minister Mohammed Al-Thani was received by Egyptian President Abdel "
        "Fattah al-Sisi in Cairo on Tuesday."
    )
    (m,) = extract(body).meetings
    assert {(p.name, p.role) for p in m.participants} == {
        ("Mohammed Al-Thani", "guest"),
        ("Abdel Fattah al-Sisi", "host"),
    }


# --------------------------------------------------------------------------- 4. not meetings


@pytest.mark.parametrize(
    "body",
    [
        "A planned summit between U.S. President Joe Biden and Chinese President Xi Jinping "
        "was cancelled on Tuesday.",
        "The Kremlin denied that Russian President Vladimir Putin would meet Ukrainian "
        "President Volodymyr Zelensky.",
        "French President Emmanuel Macron said he hoped to bring U.S. President Joe Biden and "
        "Chinese President Xi Jinping together for talks.",
        "Chinese Premier Li Qiang was welcomed at the airport by Australian Trade Minister "
        "Don Farrell on Saturday.",
        "Argentine President Javier Milei received Brazilian President Jair Bolsonaro at his "
        "inauguration.",
    ],
    ids=["cancelled", "denied", "wished", "arrival", "inauguration"],
)
def test_what_did_not_happen_or_is_a_ceremony_is_no_meeting(body):
    assert extract(body).meetings == ()


def test_a_historical_year_is_not_the_date_of_the_meeting():
    body = (
        "U.S. President Joe Biden met Cuban President Miguel Diaz-Canel on Tuesday, their "
        "first meeting since the 1959 revolution."
    )
    (m,) = extract(body).meetings
    assert (m.date.value, m.date.precision) == (dt.date(2024, 1, 9), "day")
    assert not m.background


# --------------------------------------------------------------------------- 5. unnamed


def test_a_counterpart_named_by_office_is_a_meeting_with_that_country():
    body = (
        "Turkish President Recep Tayyip Erdogan met Hungarian Prime Minister Viktor Orban in "
        "Budapest on Monday. He also met Uzbekistan's foreign minister."
    )
    first, second = extract(body).meetings
    assert parties(first) == {"Recep Tayyip Erdogan", "Viktor Orban"}
    assert (parties(second), second.countries) == ({"Recep Tayyip Erdogan"}, ("UZ",))


def test_the_officials_of_the_two_sides_will_meet_is_a_planned_meeting_of_the_countries():
    body = (
        "Indian Prime Minister Narendra Modi met Pakistani Prime Minister Nawaz Sharif in Ufa "
        "on Friday. The foreign secretaries will meet in Islamabad in January."
    )
    held, planned = extract(body).meetings
    assert parties(held) == {"Narendra Modi", "Nawaz Sharif"} and not held.planned
    assert planned.planned and planned.participants == ()
    assert set(planned.countries) == {"IN", "PK"}


def test_a_planned_meeting_on_a_weekday_is_the_coming_one():
    body = (
        "Chinese Foreign Minister Wang Yi will meet Japanese Foreign Minister Yoko Kamikawa "
        "on Monday."
    )
    (m,) = extract(body).meetings
    assert m.planned and (m.date.value, m.date.precision) == (dt.date(2024, 1, 15), "day")


# --------------------------------------------------------------------------- 7. background


def test_the_two_last_spoke_is_a_dated_background_call():
    body = (
        "Japanese Prime Minister Fumio Kishida spoke by phone with South Korean President "
        "Yoon Suk Yeol on Wednesday. The two last spoke in March."
    )
    today, earlier = extract(body).meetings
    assert summary(today) == (
        {"Fumio Kishida", "Yoon Suk Yeol"}, set(), (dt.date(2024, 1, 10), "day")
    )
    assert not today.background
    assert summary(earlier) == (
        {"Fumio Kishida", "Yoon Suk Yeol"}, set(), (dt.date(2023, 3, 1), "month")
    )
    assert earlier.background and earlier.kind == "call"


def test_following_up_on_a_meeting_is_background():
    body = (
        "Chinese Vice Premier He Lifeng spoke with U.S. Treasury Secretary Janet Yellen on "
        "Thursday, following up on the meeting between President Joe Biden and President Xi "
        "Jinping in November."
    )
    call, summit = extract(body).meetings
    assert parties(call) == {"He Lifeng", "Janet Yellen"} and not call.background
    assert parties(summit) == {"Joe Biden", "Xi Jinping"} and summit.background
    assert (summit.date.value, summit.date.precision) == (dt.date(2023, 11, 1), "month")


# --------------------------------------------------------------------------- dates


def test_a_meeting_without_a_date_of_its_own_takes_the_datelines_day():
    body = (
        "BISHKEK, Kyrgyzstan, January 8. Kyrgyz President Sadyr Japarov and Tajik President "
        "Emomali Rahmon held talks in Bishkek."
    )
    (m,) = extract(body).meetings
    assert (m.date.value, m.date.precision, m.date.phrase) == (
        dt.date(2024, 1, 8), "day", "January 8"
    )


def test_last_month_gives_month_precision():
    body = "Indian Prime Minister Narendra Modi met French President Emmanuel Macron last month."
    (m,) = extract(body).meetings
    assert (m.date.value, m.date.precision) == (dt.date(2023, 12, 1), "month")


def test_a_range_of_days_starts_on_its_first_day():
    body = "Chinese Premier Li Qiang visited Australia on January 8-10 and met Anthony Albanese."
    meeting = next(m for m in extract(body).meetings if "Li Qiang" in parties(m))
    assert (meeting.date.value, meeting.date.end) == (dt.date(2024, 1, 8), dt.date(2024, 1, 10))


# --------------------------------------------------------------------------- 3. officials


def officials(body: str) -> dict[str, tuple[str, str]]:
    return {o.name: (o.title, o.country) for o in extract(body).officials}


def test_a_bare_name_who_meets_an_official_is_one_and_keeps_his_short_name():
    body = "Xi Jinping met Kenyan President William Ruto in Beijing. Xi praised the visit."
    extraction = extract(body)
    xi = next(o for o in extraction.officials if o.name == "Xi Jinping")
    assert xi.aliases == ("Xi",) and len(xi.mentions) == 2
    assert parties(extraction.meetings[0]) == {"Xi Jinping", "William Ruto"}


def test_a_bare_name_who_meets_nobody_is_not_an_official():
    body = (
        "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov on "
        "Friday. Analyst John Park said the talks went well."
    )
    extraction = extract(body)
    assert set(officials(body)) == {"Wang Yi", "Sergei Lavrov"}
    assert "John Park" in extraction.not_officials


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "External Affairs Minister S Jaishankar met his Chinese counterpart Wang Yi.",
            {"S Jaishankar": ("External Affairs Minister", ""), "Wang Yi": ("", "CN")},
        ),
        (
            "Foreign Minister Park Jin met his Japanese counterpart, Yoshimasa Hayashi, in Seoul.",
            {"Park Jin": ("Foreign Minister", ""), "Yoshimasa Hayashi": ("", "JP")},
        ),
        (
            "Igor Kostyukov, director of the GRU, met Brazil's ambassador to China, Marcos "
            "Galvao.",
            {
                "Igor Kostyukov": ("Director of the GRU", ""),
                "Marcos Galvao": ("Ambassador to China", "BR"),
            },
        ),
        (
            "Turkish Foreign Minister Hakan Fidan met presidential aide Vladimir Medinsky.",
            {
                "Hakan Fidan": ("Foreign Minister", "TR"),
                "Vladimir Medinsky": ("Presidential Aide", ""),
            },
        ),
        (
            "H.E. Dr. Ahmed Al-Sayegh met Sheikh Tamim bin Hamad Al Thani in Doha.",
            {"Ahmed Al-Sayegh": ("", ""), "Tamim bin Hamad Al Thani": ("Sheikh", "")},
        ),
        (
            "Marco Rubio, President Donald Trump's new secretary of state, spoke with Mexican "
            "Foreign Secretary Juan Ramon de la Fuente.",
            {
                "Marco Rubio": ("Secretary of State", ""),
                "Donald Trump": ("President", ""),
                "Juan Ramon de la Fuente": ("Foreign Secretary", "MX"),
            },
        ),
        (
            "President Joko Widodo (Jokowi) received Malaysian Foreign Minister Dato' Saifuddin "
            "Abdullah. Jokowi said the two countries were close.",
            {
                "Joko Widodo": ("President", ""),
                "Saifuddin Abdullah": ("Foreign Minister", "MY"),
            },
        ),
    ],
    ids=["counterpart", "counterpart-apposition", "appositions", "lowercase-role",
         "honorifics", "another-persons-office", "bracketed-alias"],
)
def test_people_named_without_a_title_right_before_the_name(body, expected):
    assert officials(body) == expected


def test_a_possessive_name_is_the_person():
    body = (
        "House Speaker Nancy Pelosi's trip angered Beijing. Pelosi met Taiwanese President "
        "Tsai Ing-wen in Taipei."
    )
    extraction = extract(body)
    pelosi = next(o for o in extraction.officials if o.name == "Nancy Pelosi")
    assert pelosi.title == "House Speaker" or pelosi.title == "Speaker"
    assert parties(extraction.meetings[0]) == {"Nancy Pelosi", "Tsai Ing-wen"}


def test_the_dateline_photographer_and_byline_are_never_officials():
    body = (
        "BEIJING (Reuters) - Chinese Foreign Minister Wang Yi met Russian Foreign Minister "
        "Sergei Lavrov on Friday.\nREUTERS/Tingshu Wang\nReporting by Laurie Chen; Editing by "
        "Kim Coghill"
    )
    assert set(officials(body)) == {"Wang Yi", "Sergei Lavrov"}


def test_known_officials_from_the_database_are_found_without_a_title():
    from meetings.ingest.records import KnownOfficial, Lexicon

    lexicon = Lexicon(officials=(
        KnownOfficial(name="Hakan Fidan", title="Foreign Minister", country="TR",
                      aliases=("Fidan",)),
    ))
    body = "Fidan met Russian Foreign Minister Sergei Lavrov in Ankara."
    extraction = extract(body, lexicon=lexicon)
    fidan = next(o for o in extraction.officials if o.name == "Hakan Fidan")
    assert (fidan.title, fidan.country, fidan.aliases) == ("Foreign Minister", "TR", ("Fidan",))
    assert parties(extraction.meetings[0]) == {"Hakan Fidan", "Sergei Lavrov"}


def test_the_day_a_planned_meeting_was_announced_is_not_its_date():
    body = (
        "Japanese officials said on Tuesday that Prime Minister Fumio Kishida will meet South "
        "Korean President Yoon Suk Yeol in Seoul."
    )
    (m,) = extract(body).meetings
    assert m.planned and m.date is None


def test_he_also_met_is_on_the_occasion_just_reported():
    body = (
        "On Thursday, NATO Secretary General Jens Stoltenberg met Ukrainian President Petro "
        "Poroshenko in Munich. He also met Croatian Prime Minister Andrej Plenkovic."
    )
    first, second = extract(body).meetings
    assert parties(second) == {"Jens Stoltenberg", "Andrej Plenkovic"}
    assert first.date == second.date and second.date.value == dt.date(2024, 1, 11)


def test_today_dates_a_readout():
    body = (
        "Today, Egyptian President Abdel Fattah al-Sisi met Qatari Prime Minister Mohammed "
        "Al-Thani."
    )
    (m,) = extract(body).meetings
    assert (m.date.value, m.date.precision) == (FRIDAY, "day")


def test_a_headline_verb_is_not_part_of_a_name_and_long_names_are_whole():
    body = (
        "Tillerson, Xi Jinping Meet In Beijing\n\n"
        "U.S. Secretary of State Rex Tillerson met Chinese President Xi Jinping on Sunday. "
        "Qatari Prime Minister Mohammed bin Abdulrahman bin Jassim Al Thani met Tillerson "
        "later."
    )
    names = set(officials(body))
    assert {"Rex Tillerson", "Xi Jinping", "Mohammed bin Abdulrahman bin Jassim Al Thani"} == names


def test_a_plural_office_before_a_list_gives_it_to_every_name():
    body = (
        "President Amara Dlamini arrived in Accra on Tuesday. She is accompanied by "
        "ministers Thandi Mokoena, Sipho Ndlovu and Lerato Khumalo."
    )
    titles = {o.name: o.title for o in extract(body).officials}
    assert titles == {
        "Amara Dlamini": "President",
        "Thandi Mokoena": "Ministers",
        "Sipho Ndlovu": "Ministers",
        "Lerato Khumalo": "Ministers",
    }


def test_given_names_that_are_also_titles_and_long_portfolios():
    body = (
        "Afghanistan's acting foreign minister, Amir Khan Haqqani is expected in Islamabad. "
        "He will meet Pakistan's Foreign Minister Shah Mehmood Qureshi and President Hassan "
        "Sheikh Warsame. Minister of Communication and Multimedia Aziz Haji Karim, Minister "
        "of Rural Development Farid Osman and Minister of Sports and Culture Thabo Mkhize "
        "joined them."
    )
    titles = {name: title for name, (title, _) in officials(body).items()}
    assert titles == {
        "Amir Khan Haqqani": "Acting Foreign Minister",
        "Shah Mehmood Qureshi": "Foreign Minister",
        "Hassan Sheikh Warsame": "President",
        "Aziz Haji Karim": "Minister of Communication and Multimedia",
        "Farid Osman": "Minister of Rural Development",
        "Thabo Mkhize": "Minister of Sports and Culture",
    }


def test_a_shorter_form_of_a_full_name_is_the_same_person():
    body = (
        "Ethiopian Prime Minister Abiy Ahmed Ali met PLO Secretary-General Hussein al-Sheikh "
        "in Addis Ababa on Tuesday. Abiy Ahmed said the talks were useful."
    )
    extraction = extract(body)
    assert {o.name: o.title for o in extraction.officials} == {
        "Abiy Ahmed Ali": "Prime Minister",
        "Hussein al-Sheikh": "Secretary-General",
    }
    (m,) = extraction.meetings
    assert parties(m) == {"Abiy Ahmed Ali", "Hussein al-Sheikh"}


def test_media_networks_palaces_and_facilities_are_not_people():
    body = (
        "Philippine President Rodrigo Duterte met Chinese President Xi Jinping on Friday, "
        "Malacanang said. Xi told Sputnik the talks went well and Duterte wrote on Twitter "
        "that he visited Trump Tower. “I‘m told it was a productive meeting,” spokesman "
        "Salvador Panelo said."
    )
    names = set(officials(body))
    assert names == {"Rodrigo Duterte", "Xi Jinping", "Salvador Panelo"}


def test_a_setting_before_the_subject_does_not_take_the_subject():
    body = (
        "On the sidelines of the summit, Prime Minister Abiy Ahmed also met with President "
        "Hassan Sheikh Mohamud of Somalia on Friday."
    )
    (m,) = extract(body).meetings
    assert summary(m) == ({"Abiy Ahmed", "Hassan Sheikh Mohamud"}, set(), (FRIDAY, "day"))


def test_a_welcome_upon_arrival_is_no_meeting_and_the_described_ministers_are_officials():
    body = (
        "Indian Prime Minister Narendra Modi was welcomed by Minister in the Presidency, "
        "Thandi Dube after touching down at the air base on Friday. The ministers, Amadou "
        "Sow, Kofi Mensah and Musa Bello, were welcomed upon arrival."
    )
    extraction = extract(body)
    assert extraction.meetings == ()
    titles = {o.name: o.title for o in extraction.officials}
    assert {k: titles.get(k) for k in ("Amadou Sow", "Kofi Mensah", "Musa Bello")} == {
        "Amadou Sow": "",
        "Kofi Mensah": "",
        "Musa Bello": "",
    }


def test_a_title_keeps_its_inner_article_and_the_office_in_the_presidency():
    body = (
        "Minister in the Presidency, Thandi Dube met Mahmoud Ali Youssouf, the Chairperson "
        "of the African Union Commission, on Friday."
    )
    titles = {name: title for name, (title, _) in officials(body).items()}
    assert titles == {
        "Thandi Dube": "Minister in the Presidency",
        "Mahmoud Ali Youssouf": "Chairperson of the African Union Commission",
    }


def test_an_office_subject_with_no_holder_named_is_not_the_last_person_named():
    body = (
        "On Friday the Secretary-General started the day by meeting Amina Diallo, the "
        "Chairperson of the African Union Commission. He then met with the President of "
        "Ghana, John Mensah. The Secretary-General also met with the President of Burundi, "
        "Pierre Ndayizeye."
    )
    people = [parties(m) for m in extract(body).meetings]
    assert all(len(p) < 2 for p in people), people


def test_after_a_setting_the_people_before_the_next_trigger_are_its_subject():
    body = (
        "Sri Lankan Foreign Minister Mangala Samaraweera arrived in New Delhi on Thursday. "
        "During this visit Minister Samaraweera held bilateral talks with External Affairs "
        "Minister Sushma Swaraj on Friday."
    )
    (m,) = extract(body).meetings
    assert summary(m) == ({"Mangala Samaraweera", "Sushma Swaraj"}, set(), (FRIDAY, "day"))


def test_a_surname_phrase_is_the_full_name_and_an_office_word_is_no_name():
    body = (
        "Secretary Rubio's Meeting with Mexican Foreign Secretary de la Fuente\n\n"
        "Secretary of State Marco Rubio met with Mexican Foreign Secretary Juan Ramón de la "
        "Fuente in Washington on Friday. He then met the Chief Executive Officer, Ibrahim "
        "Mayaki."
    )
    extraction = extract(body)
    assert {o.name for o in extraction.officials} == {
        "Marco Rubio",
        "Juan Ramón de la Fuente",
        "Ibrahim Mayaki",
    }
    assert [parties(m) for m in extraction.meetings] == [
        {"Marco Rubio", "Juan Ramón de la Fuente"},
        {"Marco Rubio", "Ibrahim Mayaki"},
    ]


def test_a_headline_of_two_countries_and_a_first_name_shared_with_a_spouse():
    body = (
        "Chinese, Brazilian presidents hold talks\n\n"
        "Chinese President Xi Jinping held talks with Brazilian President Luiz Inacio Lula "
        "da Silva in Beijing on Friday. Xi and his wife posed with Lula and his wife "
        "Rosangela Lula da Silva. Xi held talks with Lula in Beijing on Friday."
    )
    extraction = extract(body)
    assert {o.name for o in extraction.officials} == {"Xi Jinping", "Luiz Inacio Lula da Silva"}
    (m,) = extraction.meetings
    assert summary(m) == ({"Xi Jinping", "Luiz Inacio Lula da Silva"}, set(), (FRIDAY, "day"))


def test_the_spokesman_who_announces_a_visit_is_not_a_party_to_it():
    body = (
        "U.S. Secretary of State John Kerry will travel to Nigeria next week. State "
        "Department spokesman John Kirby said the visit would focus on security. In "
        "Nigeria, he would meet President Muhammadu Buhari. Mexican President Claudia "
        "Sheinbaum said she will meet Canadian Prime Minister Mark Carney next week."
    )
    people = [parties(m) for m in extract(body).meetings]
    assert {"John Kerry", "Muhammadu Buhari"} in people
    assert {"Claudia Sheinbaum", "Mark Carney"} in people
    assert not any("John Kirby" in p for p in people)


def test_a_year_after_since_is_not_the_date_of_the_talks():
    body = (
        "Iranian Foreign Minister Abbas Araghchi and U.S. envoy Steve Witkoff held the "
        "highest-level talks since President Donald Trump left the deal in 2018 in Muscat "
        "on Friday."
    )
    (m,) = extract(body).meetings
    assert summary(m)[2] == (FRIDAY, "day")


def test_his_meeting_with_is_on_the_occasion_just_reported():
    body = (
        "On Friday, NATO Secretary General Jens Stoltenberg met Ukrainian President Petro "
        "Poroshenko in Munich. In his meeting with Russian Foreign Minister Sergey Lavrov, "
        "the Secretary General discussed arms control."
    )
    first, second = extract(body).meetings
    assert parties(second) == {"Jens Stoltenberg", "Sergey Lavrov"}
    assert second.date == first.date and second.date.value == FRIDAY


def test_talks_ahead_are_planned_and_not_dated_by_the_welcome_before_them():
    body = (
        "President Cyril Ramaphosa received a warm welcome in Washington on Thursday ahead "
        "of talks with U.S. President Joe Biden."
    )
    (m,) = extract(body).meetings
    assert m.planned and summary(m) == ({"Cyril Ramaphosa", "Joe Biden"}, set(), None)


def test_a_country_in_its_official_long_form_ends_the_title():
    body = (
        "On Friday, Foreign Minister Sergey Lavrov held talks with Minister of Foreign "
        "Affairs of the Federal Republic of Nigeria Yusuf Maitama Tuggar in Moscow."
    )
    extraction = extract(body)
    assert officials(body)["Yusuf Maitama Tuggar"] == (
        "Minister of Foreign Affairs of the Federal Republic of Nigeria",
        "NG",
    )
    (m,) = extraction.meetings
    assert summary(m) == ({"Sergey Lavrov", "Yusuf Maitama Tuggar"}, set(), (FRIDAY, "day"))


def test_a_discussion_with_is_a_meeting_not_dated_by_a_relative_clause():
    body = (
        "Foreign Minister Yusuf Maitama Tuggar held a bilateral discussion with U.S. "
        "Assistant Secretary of State Molly Phee on the preparations for the summit which "
        "will be held on 10 February. Minister Yusuf Tuggar thanked her."
    )
    extraction = extract(body)
    assert {o.name for o in extraction.officials} == {"Yusuf Maitama Tuggar", "Molly Phee"}
    (m,) = extraction.meetings
    assert summary(m) == ({"Yusuf Maitama Tuggar", "Molly Phee"}, set(), None)
