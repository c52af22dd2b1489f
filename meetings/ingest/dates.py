"""Date phrases from news text, resolved against the article's date.

News writes dates relative to the day of publication: "on Friday" is the latest
Friday on or before the article date, "a November summit" is the latest November
on or before it, "Jan. 13" is whichever Jan. 13 lies closest to it (an election
can be the day after). dateparser gets these wrong (it reads "Friday" with base
Friday as a week earlier and spends seconds failing on "late Monday"), so the
weekday, month and relative-period rules are our own, written as a handful of
compiled regexes that fail in microseconds. dateparser is not used at all: the
explicit forms it would handle are covered here too, and its first call alone
(loading its language data) costs a quarter of a second.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from meetings.ingest.records import DateRef

__all__ = [
    "resolve_date",
    "first_full_date",
    "dateline_date",
    "weekday_anchors",
    "period_holding",
]

_MONTHS = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Longest names first so "sept" wins over "sep" and "june" over "jun".
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MON = rf"(?P<{{name}}>{_MONTH_RE})\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:1[89]|20|21)\d\d)"
_DASH = r"\s*(?:-|–|—|to|through|until)\s*"


def _m(name: str) -> str:
    return _MON.format(name=name)


def _d(name: str) -> str:
    return _DAY.format(name=name)


def _y(name: str) -> str:
    return _YEAR.format(name=name)


_B = r"(?<![\w-])"  # word start that also refuses the middle of "12-13" style tokens
_E = r"(?![\w])"

# Full dates, each optionally a range. Month-first ("January 10-12, 2024",
# "Jan. 30 - Feb. 2, 2024"), day-first ("10-12 January 2024"), ISO ("2024-01-12").
_FULL_PATTERNS = (
    re.compile(
        rf"{_B}{_m('m1')}\s+{_d('d1')}"
        rf"(?:{_DASH}(?:{_m('m2')}\s+)?{_d('d2')})?"
        rf",?\s+(?:of\s+)?{_y('y')}{_E}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_B}(?:the\s+)?{_d('d1')}(?:\s+of)?(?:\s+{_m('m1')})?"
        rf"(?:{_DASH}(?:the\s+)?{_d('d2')})?(?:\s+of)?\s+{_m('m2')},?\s+{_y('y')}{_E}",
        re.IGNORECASE,
    ),
    re.compile(rf"{_B}{_y('y')}-(?P<m1>[01]\d)-(?P<d1>[0-3]\d){_E}"),
)
# Day and month without a year: "Jan. 13", "13 January", "January 10-12".
_DAY_MONTH_PATTERNS = (
    re.compile(
        rf"{_B}{_m('m1')}\s+{_d('d1')}(?:{_DASH}(?:{_m('m2')}\s+)?{_d('d2')})?{_E}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_B}(?:the\s+)?{_d('d1')}(?:\s+of)?(?:\s+{_m('m1')})?"
        rf"(?:{_DASH}(?:the\s+)?{_d('d2')})?(?:\s+of)?\s+{_m('m2')}{_E}",
        re.IGNORECASE,
    ),
)
# Two possible days: "May 7 or 8", "7 or 8 May", "Thursday or Friday".
_EITHER_DAY_MONTH = (
    re.compile(
        rf"{_B}{_m('m1')}\s+{_d('d1')}\s+or\s+(?:{_m('m2')}\s+)?{_d('d2')}{_E}", re.IGNORECASE
    ),
    re.compile(
        rf"{_B}{_d('d1')}(?:\s+{_m('m1')})?\s+or\s+{_d('d2')}\s+{_m('m2')}{_E}", re.IGNORECASE
    ),
)
_EITHER_WEEKDAY = re.compile(
    r"\b(?P<w1>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+or\s+"
    r"(?P<w2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_MONTH_YEAR = re.compile(rf"{_B}{_m('m')},?\s+(?:of\s+)?{_y('y')}{_E}", re.IGNORECASE)
_MONTH = re.compile(rf"(?<![\w])(?P<m>{_MONTH_RE})(?:\.|(?![\w]))", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"(?<![\w/.-]){_y('y')}(?![\w/-]|\.\d)")
_WEEKDAY = re.compile(r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_NUMERIC = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")
_DAYS_AGO = re.compile(
    r"^(?:some\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+days?\s+ago$"
)
_PERIOD = re.compile(r"\b(?P<which>this|last|next|past)\s+(?P<unit>week|month|year)\b")
_SIMPLE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
}  # fmt: skip
# Phrases anchored on something other than the article date ("two days after the
# vote", "the following week") or vague ones ("recent years"): no date.
_BLOCKERS = re.compile(
    r"\b(?:after|before|since|until|till|ago|recent|recently|previous|following|"
    r"coming|few|several|every|each|within|between|decades?|centur(?:y|ies)|"
    r"days|weeks|months|years|anniversary|fiscal|quarter)\b"
)


def _clean(phrase: str) -> str:
    text = phrase.strip().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"\s+", " ", text)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_ref(year: int, month: int, phrase: str) -> DateRef:
    return DateRef(dt.date(year, month, 1), "month", phrase, _month_end(year, month))


def _year_ref(year: int, phrase: str) -> DateRef:
    return DateRef(dt.date(year, 1, 1), "year", phrase, dt.date(year, 12, 31))


def _week_ref(day: dt.date, phrase: str) -> DateRef:
    monday = day - dt.timedelta(days=day.weekday())
    return DateRef(monday, "week", phrase, monday + dt.timedelta(days=6))


def _month_no(name: str | None) -> int | None:
    if not name:
        return None
    return int(name) if name.isdigit() else _MONTHS[name.lower()]


def _full_from_match(m: re.Match[str]) -> tuple[dt.date, dt.date | None] | None:
    """Turn a full-date match (maybe a range) into (start, end or None)."""
    groups = m.groupdict()
    year = int(groups["y"])
    m1 = _month_no(groups.get("m1"))
    m2 = _month_no(groups.get("m2"))
    d1 = int(groups["d1"])
    d2 = int(groups["d2"]) if groups.get("d2") else None
    if m1 is None:  # "10-12 January 2024": the only month is the second one
        m1 = m2
    if m2 is None:
        m2 = m1
    assert m1 is not None and m2 is not None
    start = _safe_date(year, m1, d1)
    if start is None:
        return None
    if d2 is None:
        return start, None
    end = _safe_date(year, m2, d2)
    if end is None or end < start:
        return None
    return start, end


def first_full_date(text: str) -> dt.date | None:
    """The first complete calendar date written in ``text`` ("January 12, 2024"), or None."""
    best: tuple[int, dt.date] | None = None
    for pattern in _FULL_PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            found = _full_from_match(m)
            if found is not None:
                best = (m.start(), found[0])
                break
    return best[1] if best else None


def _closest_year(month: int, day: int, base: dt.date) -> dt.date | None:
    candidates = [
        d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe_date(y, month, day))
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - base).days), d > base))


def _month_before(month: int, base: dt.date, *, strict: bool) -> int:
    """The year that puts ``month`` on or before (strictly before) base's month."""
    if month < base.month or (month == base.month and not strict):
        return base.year
    return base.year - 1


def _weekday_ref(weekday: int, text: str, base: dt.date, phrase: str) -> DateRef:
    if m := re.search(r"\b(last|next|this)\s+week\b", text):  # "Monday of last week"
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=step)
        return DateRef(monday + dt.timedelta(days=weekday), "day", phrase)
    back = (base.weekday() - weekday) % 7
    if re.search(r"\blast\s+\w+day\b", text) and back == 0:
        back = 7  # "last Friday" written on a Friday is a week ago
    if re.search(r"\bnext\s+\w+day\b", text):
        ahead = (weekday - base.weekday()) % 7 or 7
        return DateRef(base + dt.timedelta(days=ahead), "day", phrase)
    if re.search(r"\bthis\s+\w+day\b", text):
        day = base + dt.timedelta(days=weekday - base.weekday())  # within base's week
        return DateRef(day, "day", phrase)
    return DateRef(base - dt.timedelta(days=back), "day", phrase)


def _period_ref(which: str, unit: str, base: dt.date, phrase: str) -> DateRef | None:
    step = {"this": 0, "last": -1, "past": -1, "next": 1}[which]
    if which == "past":
        return None  # "the past week" is a span ending today, not a calendar week
    if unit == "week":
        return _week_ref(base + dt.timedelta(weeks=step), phrase)
    if unit == "month":
        index = base.year * 12 + base.month - 1 + step
        return _month_ref(index // 12, index % 12 + 1, phrase)
    return _year_ref(base.year + step, phrase)


def _weekend_ref(text: str, base: dt.date, phrase: str) -> DateRef:
    wd = base.weekday()
    if "next" in text.split() or ("this" in text.split() and wd < 5):
        saturday = base + dt.timedelta(days=5 - wd)
    elif wd >= 5:
        saturday = base - dt.timedelta(days=wd - 5)
    else:
        saturday = base - dt.timedelta(days=wd + 2)
    return DateRef(saturday, "day", phrase, saturday + dt.timedelta(days=1))


def _explicit_year(text: str, base: dt.date) -> int | None:
    m = re.search(r"\b(this|last|next)\s+year\b", text)
    if m is None:
        return None
    return base.year + {"this": 0, "last": -1, "next": 1}[m.group(1)]


def _numeric_date(text: str) -> dt.date | None:
    """ "1/12/2024" month first (US), "12.01.2024" day first (European); swapped if impossible."""
    a, b, c = (int(x) for x in re.split(r"[/.]", text))
    if c < 100:
        c += 2000
    if "." in text:
        a, b = b, a
    if a > 12:
        a, b = b, a
    return _safe_date(c, a, b)


def resolve_date(phrase: str, *, base: dt.date) -> DateRef | None:
    """Resolve a date phrase ("on Friday", "a November summit") against the article date."""
    original = phrase.strip()
    text = _clean(phrase)
    if not text or len(text) > 80:
        return None

    # 1. Explicit full dates and ranges, written in the text itself.
    for pattern in _FULL_PATTERNS:
        if m := pattern.search(text):
            found = _full_from_match(m)
            if found:
                return DateRef(found[0], "day", original, found[1])
    lower = text.lower()
    if m := _NUMERIC.search(text):
        if parsed := _numeric_date(m.group(0)):
            return DateRef(parsed, "day", original)
        return None

    if m := _DAYS_AGO.match(re.sub(r"^(?:about|some|nearly|almost)\s+", "", lower)):
        n = m.group("n")
        days = 1 if n == "a" else _NUMBERS.get(n) or int(n)
        return DateRef(base - dt.timedelta(days=days), "day", original)
    if _BLOCKERS.search(lower):
        return None

    # 2. Two possible days ("around May 7 or 8"): the smallest week, else month, that
    # holds both; a guess at one of the days would be a precision the text does not give.
    if (either := _either_ref(text, lower, base, original)) is not None:
        return either or None

    # 3. Day and month without a year: the year that puts it closest to base.
    for pattern in _DAY_MONTH_PATTERNS:
        if m := pattern.search(text):
            if not _is_real_month(m, "m1") or not _is_real_month(m, "m2"):
                continue
            g = m.groupdict()
            m1 = _month_no(g.get("m1")) or _month_no(g.get("m2"))
            m2 = _month_no(g.get("m2")) or m1
            assert m1 is not None and m2 is not None
            start = _closest_year(m1, int(g["d1"]), base)
            if start is None:
                return None
            if g.get("d2"):
                end = _safe_date(start.year, m2, int(g["d2"]))
                if end is None or end < start:
                    return None
                return DateRef(start, "day", original, end)
            return DateRef(start, "day", original)

    # 4. Month and year.
    if m := _MONTH_YEAR.search(text):
        if _is_real_month(m, "m"):
            return _month_ref(int(m.group("y")), _MONTHS[m.group("m").lower()], original)

    # 5. Days relative to the article date.
    stripped = re.sub(r"^(?:on|at|by|from|in|during|for|until)\s+", "", lower)
    stripped = re.sub(r"^(?:late|early|earlier|later)\s+", "", stripped)
    if stripped in _SIMPLE_DAYS:
        return DateRef(base + dt.timedelta(days=_SIMPLE_DAYS[stripped]), "day", original)
    if re.search(r"\b(?:yesterday|last night)\b", lower):
        return DateRef(base - dt.timedelta(days=1), "day", original)
    if re.search(r"\b(?:today|tonight)\b", lower):
        return DateRef(base, "day", original)

    # 6. Weekday names: the latest such day on or before the article date.
    if m := _WEEKDAY.search(lower):
        return _weekday_ref(_WEEKDAYS[m.group("w")], lower, base, original)
    if re.search(r"\bweekend\b", lower):
        return _weekend_ref(lower, base, original)

    # 7. Month names: the latest such month on or before the article's month.
    for m in _MONTH.finditer(text):
        if not _is_real_month(m, "m"):
            continue
        month = _MONTHS[m.group("m").lower()]
        year = _explicit_year(lower, base)
        if year is None:
            words = lower.split()
            if "next" in words:
                year = base.year if month > base.month else base.year + 1
            elif "this" in words:
                year = base.year
            else:
                year = _month_before(month, base, strict="last" in words)
        return _month_ref(year, month, original)

    # 8. Periods: this/last/next week, month, year.
    if m := _PERIOD.search(lower):
        return _period_ref(m.group("which"), m.group("unit"), base, original)

    # 9. A bare year: "2024", "in 2023", "early 2024".
    if m := _YEAR_ONLY.search(text):
        return _year_ref(int(m.group("y")), original)
    return None


def _either_ref(text: str, lower: str, base: dt.date, phrase: str) -> DateRef | bool | None:
    """ "May 7 or 8", "next Thursday or Friday": the week, else the month, holding both;
    False when none holds both, None when the phrase gives no two days."""
    days: tuple[dt.date, dt.date] | None = None
    for pattern in _EITHER_DAY_MONTH:
        if (m := pattern.search(text)) and _is_real_month(m, "m1") and _is_real_month(m, "m2"):
            g = m.groupdict()
            m1 = _month_no(g.get("m1")) or _month_no(g.get("m2"))
            m2 = _month_no(g.get("m2")) or m1
            assert m1 is not None and m2 is not None
            first = _closest_year(m1, int(g["d1"]), base)
            second = _safe_date(first.year, m2, int(g["d2"])) if first else None
            if first is None or second is None:
                return False
            days = (first, second)
            break
    if days is None and (m := _EITHER_WEEKDAY.search(lower)):
        first_ref = _weekday_ref(_WEEKDAYS[m.group("w1")], lower, base, phrase)
        # The second day is in the same week as the first, after it.
        ahead = (_WEEKDAYS[m.group("w2")] - first_ref.value.weekday()) % 7
        days = (first_ref.value, first_ref.value + dt.timedelta(days=ahead))
    if days is None:
        return None
    return period_holding(*sorted(days), phrase=phrase) or False


def period_holding(first: dt.date, last: dt.date, *, phrase: str) -> DateRef | None:
    """The week, else the month, that holds both days (the precision two possible days,
    or some day of a stay, give); None when neither does."""
    if first.isocalendar()[:2] == last.isocalendar()[:2]:
        return _week_ref(first, phrase)
    if (first.year, first.month) == (last.year, last.month):
        return _month_ref(first.year, first.month, phrase)
    return None


def _is_real_month(m: re.Match[str], group: str) -> bool:
    """Refuse the verbs and words that share a month's spelling ("may", "march", "sep")."""
    word = m.groupdict().get(group)
    if not word:
        return True
    lower = word.lower()
    if lower in {"may", "march", "mar", "jan", "sep", "dec", "oct", "aug", "jun", "jul"}:
        # Abbreviations and verb-like names count only when capitalised.
        return word[0].isupper()
    return True


# A dateline: a line that opens with a date ("October 20, 2016", "Wednesday, April 12,
# 2017, 11:08 a.m.", a wire's "14:36 16.06.2022") or with a place and a date
# ("BISHKEK, July 8.").
_DATELINE = re.compile(
    rf"^[ \t]*(?:[A-Z][\w.'’ -]{{1,40}},[ \t]*){{0,2}}(?:[0-2]?\d:[0-5]\d[ \t]+)?(?P<date>(?i:"
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH_RE})\.?\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:1[89]|20)\d\d)?"
    rf"|[0-3]?\d\s+(?:{_MONTH_RE})\.?(?:,?\s+(?:1[89]|20)\d\d)?"
    rf"|[0-3]?\d[./][01]?\d[./](?:1[89]|20)\d\d))(?![\w-])",
    re.MULTILINE,
)


def dateline_date(text: str, *, base: dt.date, within: int = 800) -> DateRef | None:
    """The day a dateline near the start of ``text`` gives, or None.

    A meeting an article reports with no date of its own is dated by the dateline.
    """
    for m in _DATELINE.finditer(text[:within]):
        ref = resolve_date(m.group("date"), base=base)
        if ref is not None and ref.precision == "day":
            return ref
    return None


# A weekday written with its date: "On Friday morning, 13 February", "Thursday, May 5".
_ANCHOR = re.compile(
    rf"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b[\w ]{{0,12}},?\s+"
    rf"(?P<date>(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH_RE})\.?"
    rf"|(?:{_MONTH_RE})\.?\s+[0-3]?\d(?:st|nd|rd|th)?)(?![\w-])",
    re.IGNORECASE,
)


def weekday_anchors(text: str, *, base: dt.date) -> list[tuple[int, int, dt.date]]:
    """(offset, weekday, day) for each weekday the text writes with its date.

    A readout published weeks later says "On Friday, 13 February, ... Later on Friday":
    the second Friday is the one the text has named, not the last before publication.
    """
    out = []
    for m in _ANCHOR.finditer(text):
        ref = resolve_date(m.group("date"), base=base)
        weekday = _WEEKDAYS[m.group("w").lower()]
        if ref is not None and ref.precision == "day" and ref.value.weekday() == weekday:
            out.append((m.start(), weekday, ref.value))
    return out
