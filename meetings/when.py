"""A meeting's date as people write it and as ISO 8601, at the precision the sources give.

Pure functions shared by the pages (the ``when`` template filters), the exports and the
feed, so every output shows a date the same way.
"""

from __future__ import annotations

import datetime as dt


def _day(date: dt.date, *, month: str, year: bool = True) -> str:
    text = f"{date.day} {date.strftime(month)}"
    return f"{text} {date.year}" if year else text


def meeting_when(*, date: dt.date | None, end: dt.date | None, precision: str,
                 long: bool = False) -> str:
    """"12–17 Nov 2023", "Week of 8 Jan 2024", "November 2023", "2023" or "Undated"."""
    month = "%B" if long else "%b"
    if date is None:
        return "Undated"
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%B %Y")
    if precision == "week":
        return f"Week of {_day(date, month=month)}"
    if not end or end <= date:
        return _day(date, month=month)
    if (date.year, date.month) == (end.year, end.month):
        return f"{date.day}–{_day(end, month=month)}"
    if date.year == end.year:
        return f"{_day(date, month=month, year=False)} – {_day(end, month=month)}"
    return f"{_day(date, month=month)} – {_day(end, month=month)}"


def meeting_when_iso(*, date: dt.date | None, precision: str) -> str:
    """The <time datetime> value at the same precision: 2023, 2023-11, 2024-W02, 2024-01-12."""
    if date is None:
        return ""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if precision == "week":
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return date.isoformat()
