"""Dates of meetings as people write them, at the precision the sources give."""

from __future__ import annotations

from django import template

from meetings.when import meeting_when, meeting_when_iso

register = template.Library()


@register.filter
def when(meeting, style: str = "") -> str:
    """A meeting's date or range at its precision; ``|when:"long"`` spells the month out."""
    return meeting_when(date=meeting.date, end=meeting.end_date,
                        precision=meeting.date_precision, long=style == "long")


@register.filter
def when_iso(meeting) -> str:
    return meeting_when_iso(date=meeting.date, precision=meeting.date_precision)
