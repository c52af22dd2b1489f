import datetime as dt
import time

import pytest

from meetings.ingest.dates import dateline_date, first_full_date, period_holding, resolve_date
from meetings.ingest.records import DateRef

FRIDAY = dt.date(2024, 1, 12)  # the seed article's date


def day(phrase: str, base: dt.date = FRIDAY) -> dt.date | None:
    ref = resolve_date(phrase, base=base)
    assert ref is None or ref.precision == "day", ref
    return ref.value if ref else None


def test_wednesday_resolves_to_the_previous_wednesday():
    assert day("a Wednesday meeting") == dt.date(2024, 1, 10)


@pytest.mark.parametrize("phrase", ["Friday", "on Friday", "Friday's", "Friday’s meeting"])
def test_weekday_of_the_article_date_is_the_article_date(phrase):
    assert day(phrase) == FRIDAY


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Thursday", dt.date(2024, 1, 11)),
        ("late Monday", dt.date(2024, 1, 8)),
        ("Wednesday night", dt.date(2024, 1, 10)),
        ("Saturday", dt.date(2024, 1, 6)),
        ("last Friday", dt.date(2024, 1, 5)),
        ("next Tuesday", dt.date(2024, 1, 16)),
        ("Tuesday of last week", dt.date(2024, 1, 2)),
    ],
)
def test_weekdays_resolve_to_the_latest_such_day_on_or_before_the_base(phrase, expected):
    assert day(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", FRIDAY),
        ("yesterday", dt.date(2024, 1, 11)),
        ("last night", dt.date(2024, 1, 11)),
        ("two days ago", dt.date(2024, 1, 10)),
    ],
)
def test_relative_days(phrase, expected):
    assert day(phrase) == expected


def test_day_and_month_without_year_takes_the_closest_year():
    # The Taiwan election was the day after the article, not a year earlier.
    assert day("Jan. 13") == dt.date(2024, 1, 13)
    assert day("13 January") == dt.date(2024, 1, 13)
    assert day("Dec. 28") == dt.date(2023, 12, 28)
    assert day("Dec. 28", base=dt.date(2024, 12, 20)) == dt.date(2024, 12, 28)


@pytest.mark.parametrize(
    "phrase", ["November", "in November", "a November summit", "Nov.", "last November"]
)
def test_month_name_is_the_latest_such_month_with_month_precision(phrase):
    assert resolve_date(phrase, base=FRIDAY) == DateRef(
        dt.date(2023, 11, 1), "month", phrase, dt.date(2023, 11, 30)
    )


def test_current_month_name_is_this_year():
    ref = resolve_date("January", base=FRIDAY)
    assert (ref.value, ref.end) == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))


def test_month_and_year():
    ref = resolve_date("November 2023", base=FRIDAY)
    assert (ref.value, ref.precision, ref.end) == (
        dt.date(2023, 11, 1),
        "month",
        dt.date(2023, 11, 30),
    )


def test_may_the_verb_is_not_a_month():
    assert resolve_date("may", base=FRIDAY) is None
    assert resolve_date("May", base=FRIDAY).value == dt.date(2023, 5, 1)


@pytest.mark.parametrize(
    ("phrase", "value", "end"),
    [
        ("this week", dt.date(2024, 1, 8), dt.date(2024, 1, 14)),
        ("earlier this week", dt.date(2024, 1, 8), dt.date(2024, 1, 14)),
        ("last week", dt.date(2024, 1, 1), dt.date(2024, 1, 7)),
    ],
)
def test_weeks_run_monday_to_sunday(phrase, value, end):
    assert resolve_date(phrase, base=FRIDAY) == DateRef(value, "week", phrase, end)


def test_months_and_years_relative_to_the_base():
    assert resolve_date("this month", base=FRIDAY) == DateRef(
        dt.date(2024, 1, 1), "month", "this month", dt.date(2024, 1, 31)
    )
    assert resolve_date("last month", base=FRIDAY).value == dt.date(2023, 12, 1)
    assert resolve_date("last year", base=FRIDAY) == DateRef(
        dt.date(2023, 1, 1), "year", "last year", dt.date(2023, 12, 31)
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "January 12, 2024",
        "Jan. 12, 2024",
        "12 January 2024",
        "12 Jan 2024",
        "2024-01-12",
        "1/12/2024",
        "the 12th of January 2024",
    ],
)
def test_full_dates_have_day_precision(phrase):
    assert resolve_date(phrase, base=dt.date(2020, 6, 1)) == DateRef(FRIDAY, "day", phrase)


def test_numeric_dates_slashes_month_first_dots_day_first():
    assert day("1/12/2024", base=dt.date(2020, 1, 1)) == FRIDAY
    assert day("12.01.2024", base=dt.date(2020, 1, 1)) == FRIDAY
    assert day("13/1/2024", base=dt.date(2020, 1, 1)) == dt.date(2024, 1, 13)


def test_ranges_keep_their_end():
    ref = resolve_date("January 10-12, 2024", base=FRIDAY)
    assert (ref.value, ref.end, ref.precision) == (dt.date(2024, 1, 10), FRIDAY, "day")
    ref = resolve_date("Jan. 30 - Feb. 2, 2024", base=FRIDAY)
    assert (ref.value, ref.end) == (dt.date(2024, 1, 30), dt.date(2024, 2, 2))


@pytest.mark.parametrize(
    ("phrase", "year"), [("2024", 2024), ("in 2023", 2023), ("early 2022", 2022)]
)
def test_bare_year_has_year_precision(phrase, year):
    ref = resolve_date(phrase, base=FRIDAY)
    assert (ref.value, ref.precision, ref.end) == (
        dt.date(year, 1, 1),
        "year",
        dt.date(year, 12, 31),
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "the past few months",
        "recent years",
        "a day",
        "two",
        "",
        "the following week",
        "2024-02-30",
        "Feb. 30",
    ],
)
def test_unknown_phrases_return_none(phrase):
    assert resolve_date(phrase, base=FRIDAY) is None


def test_every_phrase_resolves_in_milliseconds():
    # dateparser spends about two seconds failing on "late Monday".
    phrases = [
        "late Monday",
        "the past few months",
        "recent years",
        "a day",
        "two",
        "1/12/2024",
        "Jan. 13",
        "November",
    ]
    for phrase in phrases:
        started = time.perf_counter()
        resolve_date(phrase, base=FRIDAY)
        assert time.perf_counter() - started < 0.005, phrase


def test_first_full_date_in_the_seed_caption():
    text = "REUTERS/Anna Rose Layden\nBlinken meets Liu in Washington, U.S., January 12, 2024.\n"
    assert first_full_date(text) == FRIDAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks on 12 January 2024 and Jan. 3, 2023.", FRIDAY),
        ("On Jan. 3, 2023, then 12 January 2024.", dt.date(2023, 1, 3)),
        ("Posted 2024-01-05.", dt.date(2024, 1, 5)),
        ("On February 30, 2024 (a typo) and March 3, 2024.", dt.date(2024, 3, 3)),
        ("On Friday the minister met his counterpart.", None),
        ("In 2024 and in January.", None),
    ],
)
def test_first_full_date_takes_the_earliest_valid_one(text, expected):
    assert first_full_date(text) == expected


def test_a_weekday_on_its_own_day_of_a_different_week():
    wednesday = dt.date(2024, 1, 10)
    assert day("Wednesday", base=wednesday) == wednesday
    assert day("Friday", base=dt.date(2024, 1, 13)) == FRIDAY
    assert day("Sunday", base=dt.date(2024, 1, 8)) == dt.date(2024, 1, 7)


def test_the_phrase_is_kept_as_given():
    assert resolve_date("  a Wednesday meeting ", base=FRIDAY).phrase == "a Wednesday meeting"


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        # Sunday 21 and Monday 22 lie in two weeks of one month.
        ("around January 21 or 22", dt.date(2024, 1, 1), "month"),
        ("21 or 22 January", dt.date(2024, 1, 1), "month"),
        ("January 16 or 17", dt.date(2024, 1, 15), "week"),
        ("next Thursday or Friday", dt.date(2024, 1, 15), "week"),
        ("Tuesday or Wednesday", dt.date(2024, 1, 8), "week"),
    ],
)
def test_two_possible_days_give_the_smallest_week_or_month_holding_both(
    phrase, value, precision
):
    ref = resolve_date(phrase, base=FRIDAY)
    assert (ref.value, ref.precision) == (value, precision)


def test_two_possible_days_in_two_months_and_two_weeks_give_no_date():
    assert resolve_date("January 28 or February 5", base=FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:36 12.01.2024\n\nLeaders meet", FRIDAY),
        ("MOSCOW, 12.01.2024. The ministers met.", FRIDAY),
        ("BISHKEK, January 8. The presidents met.", dt.date(2024, 1, 8)),
        ("The ministers met on 12.01.2024.", None),
        ("Updated: 12-01-2024 20:35 IST", None),
    ],
)
def test_a_dateline_may_be_written_in_numbers(text, expected):
    ref = dateline_date(text, base=FRIDAY)
    assert (ref.value if ref else None) == expected


def test_the_period_holding_two_days():
    assert period_holding(dt.date(2024, 1, 11), FRIDAY, phrase="x").precision == "week"
    assert period_holding(dt.date(2024, 1, 7), dt.date(2024, 1, 8), phrase="x").precision == (
        "month"
    )
    assert period_holding(dt.date(2023, 12, 31), dt.date(2024, 1, 1), phrase="x") is None
