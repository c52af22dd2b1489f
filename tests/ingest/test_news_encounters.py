"""Who met whom in real-news wording (issue 13, meetings): one short invented article
per rule, each stating what must come out of the whole extraction."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ingest.invented import extract, parties

pytestmark = pytest.mark.nlp



# --------------------------------------------------------------------------- triggers


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Slovenian President Ana Kovac spoke briefly with Croatian Prime Minister Ivo Maric "
         "on Friday.", "call"),
        ("Slovenian President Ana Kovac spoke today with Croatian Prime Minister Ivo Maric.",
         "call"),
        ("Slovenian President Ana Kovac sat down with Croatian Prime Minister Ivo Maric for "
         "talks on Friday.", "meeting"),
        ("Slovenian President Ana Kovac further conferred with Croatian Prime Minister Ivo "
         "Maric on Friday.", "meeting"),
        ("Slovenian Foreign Minister Ana Kovac called on Croatian Prime Minister Ivo Maric in "
         "Zagreb on Friday.", "meeting"),
    ],
    ids=["spoke-briefly", "spoke-today", "sat-down", "conferred", "called-on"],
)
def test_verbs_of_meeting_with_words_between_or_a_particle(body, kind):
    (m,) = extract(body).meetings
    assert parties(m) == {"Ana Kovac", "Ivo Maric"}
    assert m.kind == kind


def test_the_two_had_spoken_is_a_background_call():
    body = (
        "U.S. President Joe Biden on Thursday had his first phone call with Kenyan President "
        "Uhuru Kenyatta. The two leaders had spoken in December last year."
    )
    calls = sorted(extract(body).meetings, key=lambda m: m.background)
    assert [(parties(m), m.background) for m in calls] == [
        ({"Joe Biden", "Uhuru Kenyatta"}, False),
        ({"Joe Biden", "Uhuru Kenyatta"}, True),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Japanese and Mongolian leaders called on North Korea to comply with the resolutions.",
        "Argentine President Tomas Vidal called Brazilian President Ana Souza a “dangerous "
        "populist” during the campaign.",
    ],
    ids=["appeal", "naming"],
)
def test_calling_on_someone_to_act_or_calling_someone_names_is_no_call(body):
    assert extract(body).meetings == ()


# --------------------------------------------------------------------------- participants


def test_who_reports_the_meeting_at_the_end_of_the_sentence_is_not_a_party():
    body = (
        "Secretary of State Tom Reyes will meet Nigerian President Musa Bello in Abuja next "
        "week, State Department spokesman Paul Grant said. Reyes will then travel on to "
        "Ghana where he will meet President Kofi Mensah, Grant added, noting that the trip "
        "was long planned."
    )
    extraction = extract(body)
    assert sorted(parties(m) for m in extraction.meetings) == sorted(
        [{"Tom Reyes", "Musa Bello"}, {"Tom Reyes", "Kofi Mensah"}]
    )


def test_a_list_of_titled_people_before_met_are_all_parties():
    body = (
        "French President Paul Girard, German Chancellor Hans Weber, Italian Prime Minister "
        "Luca Rossi and Romanian President Dan Popa met Ukrainian President Ivan Petrenko in "
        "Kyiv on Thursday."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Paul Girard", "Hans Weber", "Luca Rossi", "Dan Popa", "Ivan Petrenko"}


def test_two_spellings_of_one_name_are_one_official_and_one_meeting():
    body = (
        "Turkish Foreign Minister Hakan Yilmaz met Russian presidential aide Vladimir "
        "Sidorovsky in Istanbul on Thursday. Yilmaz meets with Presidential Aide Vladimir "
        "Sidorovskiy at the Dolmabahce Palace (photo)."
    )
    extraction = extract(body)
    assert [o.name for o in extraction.officials] == ["Hakan Yilmaz", "Vladimir Sidorovsky"]
    (m,) = extraction.meetings
    assert parties(m) == {"Hakan Yilmaz", "Vladimir Sidorovsky"}


def test_a_welcome_at_a_named_airport_is_no_meeting():
    body = (
        "Transport Minister Le Van Thanh receives Prime Minister of Singapore Tan Wei Ming at "
        "Tan Son Nhat International Airport."
    )
    assert extract(body).meetings == ()


# --------------------------------------------------------------------------- offices


def test_an_office_whose_holder_is_named_only_late_is_that_person():
    body = (
        "On Friday, the Secretary-General started the day by meeting with Ana Kovac, the "
        "Foreign Minister of Slovenia. He met with Croatian President Ivo Maric. He also met "
        "the President of Bosnia. The "
        "Secretary-General also had bilateral meetings with Jan Novak, the Prime Minister of "
        "Slovakia; and Petra Horvat, the Vice-President of Serbia.\n\n"
        "In the evening, Mr. Ortega took part in a dinner."
    )
    extraction = extract(body)
    titles = {o.name: o.title for o in extraction.officials}
    assert titles["Ortega"] == "Secretary-General"
    assert sorted((sorted(parties(m)), m.countries) for m in extraction.meetings) == [
        (["Ana Kovac", "Ortega"], ()),
        (["Ivo Maric", "Ortega"], ()),
        (["Jan Novak", "Ortega"], ()),
        (["Ortega"], ("BA",)),
        (["Ortega", "Petra Horvat"], ()),
    ]


def test_an_office_is_not_given_to_a_later_person_named_without_an_honorific():
    body = (
        "On Friday, the Secretary-General met with Ana Kovac, the Foreign Minister of "
        "Slovenia. The photographs were taken by John Ortega."
    )
    extraction = extract(body)
    assert "John Ortega" not in {o.name for o in extraction.officials}
    assert [parties(m) for m in extraction.meetings] == []


def test_hosts_as_a_noun_is_no_meeting():
    body = (
        "Even as Secretary of State Tom Reyes was discussing trade with his Chinese hosts, "
        "North Korean leader Kim Jong-un presided over a rocket test."
    )
    assert extract(body).meetings == ()


@pytest.mark.parametrize(
    "body",
    [
        "Speaking to reporters, spokesman Dmitry Orlov said a meeting between Russian President "
        "Ivan Sokolov and U.S. President Tom Reyes could be coordinated quickly if necessary.",
        "“This is always a concern of President Budi Santoso whenever he meets the Prime "
        "Minister of Malaysia,” the minister said.",
    ],
    ids=["could", "whenever"],
)
def test_a_possible_or_habitual_meeting_is_no_meeting(body):
    assert extract(body).meetings == ()


def test_people_after_since_are_not_parties_to_the_visit():
    body = (
        "South African President Cyril Ramaphosa is expected to pay a state visit to Britain "
        "next month. It will be the first such visit since King Charles succeeded his mother "
        "Queen Elizabeth."
    )
    assert all(
        not parties(m) & {"Charles", "Elizabeth"} for m in extract(body).meetings
    )


def test_the_king_is_the_king_the_article_is_about_not_the_last_one_named():
    body = (
        "AMMAN — King Hamid on Wednesday received Saudi Minister of State Ali Kattan, who "
        "delivered a letter from King Faisal. King Hamid asked the minister to convey his "
        "greetings to King Faisal.\n\n"
        "Also on Wednesday, the King received Qatari Deputy Prime Minister Khalid Attiyah at "
        "the palace."
    )
    assert sorted(sorted(parties(m)) for m in extract(body).meetings) == [
        ["Ali Kattan", "Hamid"],
        ["Hamid", "Khalid Attiyah"],
    ]


def test_the_speaker_of_said_after_a_meeting_took_part_in_it():
    body = (
        "“This is a vital first step,” Malaysian Prime Minister Anwar Rahman said after a "
        "special meeting with Cambodian Prime Minister Hun Sok and Thai Prime Minister "
        "Somchai Prasert."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Anwar Rahman", "Hun Sok", "Somchai Prasert"}


def test_he_after_said_is_the_one_who_said_it():
    body = (
        "Ukrainian President Ivan Petrenko spoke with U.S. President Tom Reyes on Friday. "
        "The call came a day after Reyes said he had a disappointing conversation with "
        "Russian President Ivan Sokolov."
    )
    assert sorted(sorted(parties(m)) for m in extract(body).meetings) == [
        ["Ivan Petrenko", "Tom Reyes"],
        ["Ivan Sokolov", "Tom Reyes"],
    ]


def test_told_someone_in_a_sentence_about_the_call_names_both_sides():
    body = (
        "U.S. President Tom Reyes told Ukrainian President Ivan Petrenko on Friday that he "
        "wants to help, a source with knowledge of the call said."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Tom Reyes", "Ivan Petrenko"} and m.kind == "call"


@pytest.mark.parametrize(
    "body",
    [
        "Canadian Prime Minister Jan Holt congratulates U.S. President Tom Reyes in phone call.",
        "Japanese Prime Minister Jan Holt on Tuesday discussed bilateral relations and the "
        "global situation with Mongolian President Tom Reyes at a meeting in Tokyo.",
    ],
    ids=["in-a-call", "at-a-meeting"],
)
def test_a_meeting_that_is_the_setting_of_the_clause_has_all_its_people(body):
    (m,) = extract(body).meetings
    assert parties(m) == {"Jan Holt", "Tom Reyes"}


def test_the_two_men_spoke_is_the_pair_not_the_office_named_before():
    body = (
        "Canadian Prime Minister Jan Holt congratulates U.S. President Tom Reyes in phone "
        "call.\n\nThe Prime Minister’s Office says the two men spoke by phone Saturday. The two "
        "men also spoke in November after the election."
    )
    calls = sorted(extract(body).meetings, key=lambda m: m.background)
    assert [(parties(m), m.background) for m in calls] == [
        ({"Jan Holt", "Tom Reyes"}, False),
        ({"Jan Holt", "Tom Reyes"}, True),
    ]


def test_they_and_whoever_else_the_sentence_names_took_part():
    body = (
        "Israeli Prime Minister Dan Levi and Turkish President Ali Demir spoke by phone on "
        "Thursday. They last spoke by phone in 2013, when then-U.S. President Tom Reyes hosted "
        "a conversation in which Levi apologized."
    )
    calls = sorted(extract(body).meetings, key=lambda m: m.background)
    assert [(parties(m), m.background) for m in calls] == [
        ({"Dan Levi", "Ali Demir"}, False),
        ({"Dan Levi", "Ali Demir", "Tom Reyes"}, True),
    ]


def test_the_prime_minister_after_a_setting_is_the_prime_minister_named_before():
    body = (
        "Prime Minister Abebe Tadesse held talks with President Kofi Mensah of Ghana on "
        "Saturday. In discussions with President Joseph Kollie of Liberia, the Prime Minister "
        "highlighted plans for a university."
    )
    assert sorted(sorted(parties(m)) for m in extract(body).meetings) == [
        ["Abebe Tadesse", "Joseph Kollie"],
        ["Abebe Tadesse", "Kofi Mensah"],
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("An extended meeting with the participation of the presidents of Kyrgyzstan and "
         "Tajikistan is held in Bishkek. During the meeting, President Nurlan Asanov noted "
         "that relations are a priority.",
         ({"Nurlan Asanov"}, {"KG", "TJ"})),
        ("Saudi Crown Prince Faisal bin Khalid and Iranian President Reza Karimi held talks on "
         "Friday. During the phone call, the Crown Prince and Mr Karimi discussed the region.",
         ({"Faisal bin Khalid", "Reza Karimi"}, set())),
    ],
    ids=["countries", "call"],
)
def test_people_in_during_the_meeting_join_the_meeting_just_reported(body, expected):
    (m,) = extract(body).meetings
    assert (parties(m), set(m.countries)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "A G20 Leaders’ Summit declaration has been adopted, presidency spokesperson Vincent "
        "Dlamini has confirmed.",
        "In a statement, Colombian President Luis Prieto called for economies to move away "
        "from oil.",
    ],
    ids=["has-confirmed", "called-for"],
)
def test_no_meeting_of_a_spokesman_or_an_appeal(body):
    assert extract(body).meetings == ()


def test_told_reporters_at_the_end_is_a_reporting_tag():
    body = (
        "U.S. President Tom Reyes met Colombian President Luis Prieto on Friday. “During the "
        "conversation today, President Reyes and President Prieto will make progress,” "
        "spokesman Paul Grant told reporters."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Tom Reyes", "Luis Prieto"}


def test_an_honorifics_dot_ends_no_sentence():
    body = (
        "Foreign Minister Musa Bello held a bilateral discussion with U.S. Assistant "
        "Secretary of State., Hon. Molly Grant on the sidelines of the assembly."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Musa Bello", "Molly Grant"}


def test_arabic_article_spellings_of_one_name_are_one_person():
    body = (
        "Ethiopian Prime Minister Abiy Tesfaye was received by President Al Sisi of Egypt on "
        "Saturday. Egyptian President Abdel-Fattah el-Sisi will meet Abiy Tesfaye on Sunday. "
        "Abiy will hold the bilateral meeting with Sisi at the palace, el-Sisi's office said."
    )
    extraction = extract(body)
    sisi = [o for o in extraction.officials if o.name.endswith("Sisi")]
    assert [o.name for o in sisi] == ["Abdel-Fattah el-Sisi"]
    assert set(sisi[0].aliases) >= {"Al Sisi", "Sisi"}
    assert all(
        parties(m) == {"Abiy Tesfaye", "Abdel-Fattah el-Sisi"} for m in extraction.meetings
    )


def test_a_joint_press_conference_brings_the_two_together_a_press_conference_alone_not():
    joint = extract(
        "At a joint press conference on Tuesday, Canadian Prime Minister Jan Holt and Mexican "
        "President Luis Prieto announced that visa restrictions would be lifted."
    )
    (m,) = joint.meetings
    assert parties(m) == {"Jan Holt", "Luis Prieto"}
    alone = extract(
        "Canadian Prime Minister Jan Holt held a press conference on Tuesday about Mexican "
        "President Luis Prieto."
    )
    assert alone.meetings == ()


def test_met_two_counterparts_then_separate_meetings_is_one_meeting_with_each():
    body = (
        "The Turkish president also met Uzbek President Aziz Karimov and Serbian President "
        "Marko Petrovic in Budapest on Sunday. The Hungarian premier had invited them. In "
        "separate closed-door meetings with his counterparts, he discussed trade."
    )
    apart = extract("Turkish President Ali Demir arrived in Hungary. " + body)
    assert sorted(sorted(parties(m)) for m in apart.meetings) == [
        ["Ali Demir", "Aziz Karimov"],
        ["Ali Demir", "Marko Petrovic"],
    ]
    together = extract(
        "Turkish President Ali Demir arrived in Hungary. The Turkish president also met Uzbek "
        "President Aziz Karimov and Serbian President Marko Petrovic in Budapest on Sunday."
    )
    assert [parties(m) for m in together.meetings] == [
        {"Ali Demir", "Aziz Karimov", "Marko Petrovic"}
    ]


# --------------------------------------------------------------------------- gazetteer


def test_a_known_officials_family_name_alone_is_that_official():
    from meetings.ingest.records import KnownOfficial, Lexicon

    lexicon = Lexicon(officials=(
        KnownOfficial(name="Sergey Lavrov", title="Foreign Minister", country="RU"),
        KnownOfficial(name="Wang Yi", title="Foreign Minister", country="CN"),
        KnownOfficial(name="Wang Wentao", title="Commerce Minister", country="CN"),
    ))
    body = (
        "Lavrov held talks with Turkish Foreign Minister Mevlut Cavusoglu in Ankara on Tuesday. "
        "Officials said Wang was not invited."
    )
    extraction = extract(body, lexicon=lexicon)
    names = {o.name: (o.title, o.country) for o in extraction.officials}
    assert names["Sergey Lavrov"] == ("Foreign Minister", "RU")
    assert not {"Wang Yi", "Wang Wentao"} & set(names)
    (m,) = extraction.meetings
    assert parties(m) == {"Sergey Lavrov", "Mevlut Cavusoglu"}


def test_a_meeting_of_the_countries_of_a_meeting_just_reported_is_that_meeting():
    body = (
        "Ambassador Ali Khan met Afghan Foreign Minister Hamid Sadiq in Kabul on "
        "Tuesday. This was the first meeting between a Pakistani official and the "
        "representative of the interim Afghan government."
    )
    (m,) = extract(body).meetings
    assert parties(m) == {"Ali Khan", "Hamid Sadiq"}
    assert len(m.evidence) == 2


def test_a_name_in_an_apposition_after_an_office_of_an_organisation_is_a_person():
    body = (
        "The Chairperson of the African Union Commission, Moussa Faki Mahamat, concluded a "
        "two day working visit to South Africa today. The Chairperson was received by "
        "President Cyril Ramaphosa, where the two leaders held consultations on the upcoming "
        "extraordinary Summits."
    )
    extraction = extract(body)
    titles = {o.name: o.title for o in extraction.officials}
    assert titles["Moussa Faki Mahamat"] == "Chairperson of the African Union Commission"
    assert "Summits" not in titles
    assert [parties(m) for m in extraction.meetings] == [
        {"Moussa Faki Mahamat", "Cyril Ramaphosa"}
    ]


def test_a_line_of_talks_of_the_two_countries_is_not_folded_into_their_ministers_meeting():
    body = (
        "Secretary of State Tom Reyes met Chinese minister Liu Wei in Washington on Friday. "
        "Military talks between the United States and China were also held this week."
    )
    assert sorted((sorted(parties(m)), sorted(m.countries)) for m in extract(body).meetings) == [
        ([], ["CN", "US"]),
        (["Liu Wei", "Tom Reyes"], []),
    ]


def test_in_relation_to_the_meeting_is_no_plan_and_a_residence_is_no_person():
    body = (
        "The presidency noted distortions in relation to the meeting held by Kenyan President "
        "Jacob Mabuza and Ugandan President Paul Okello on January 7 at the official Dr John "
        "Dube residence in Durban."
    )
    extraction = extract(body, day=dt.date(2018, 1, 14))
    assert "John Dube" not in {o.name for o in extraction.officials}
    (m,) = extraction.meetings
    assert parties(m) == {"Jacob Mabuza", "Paul Okello"} and not m.planned


def test_a_capital_written_in_words_is_no_person():
    body = (
        "Two top Asean officials met on Friday with Myanmar junta leader Min Aung Hlaing in "
        "the country's capital, Nay Pyi Taw."
    )
    assert "Nay Pyi Taw" not in {o.name for o in extract(body).officials}


def test_the_subject_after_a_summit_between_two_countries_is_no_party_and_not_planned():
    body = (
        "Japanese Prime Minister Jan Holt and South Korean President Kim Min-ho held talks in "
        "Washington on Wednesday. Referring to a summit between the leaders of Russia and "
        "North Korea in June, Holt expressed serious concern. At the meeting, Holt and Kim "
        "also agreed on trade."
    )
    meetings = {
        (tuple(sorted(parties(m))), tuple(sorted(m.countries)), m.planned)
        for m in extract(body, day=dt.date(2024, 7, 12)).meetings
    }
    assert meetings == {
        (("Jan Holt", "Kim Min-ho"), (), False),
        ((), ("KP", "RU"), False),
    }


def test_returning_to_a_dialogue_is_no_meeting_and_stays_a_statement():
    body = (
        "Russian Foreign Minister Ivan Sokolov met Turkish Foreign Minister Ali Demir in Ankara "
        "on Tuesday. At the same time, Demir called on the US to return to a dialogue, warning "
        "that threats would cause chaos."
    )
    extraction = extract(body)
    (m,) = extraction.meetings
    assert parties(m) == {"Ivan Sokolov", "Ali Demir"}
    assert extract(
        "Turkish Foreign Minister Ali Demir urged Russian Foreign Minister Ivan Sokolov to "
        "return to a dialogue."
    ).meetings == ()
    assert any(
        s.speaker == "Ali Demir" and "return to a dialogue" in s.text
        for s in extraction.statements
    )
