"""Small server-side SVG charts (no chart library, no script)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class MonthChart:
    bars: list[Bar]
    width: int
    height: int
    max_count: int
    first: str
    last: str


def month_chart(counts: list[tuple[dt.date, int]], *, width: int = 640,
                height: int = 120) -> MonthChart | None:
    """Bars per month from the first to the last month with meetings, gaps included."""
    if not counts:
        return None
    by_month = {(d.year, d.month): n for d, n in counts}
    first, last = min(by_month), max(by_month)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    # Long spans are grouped into years so bars stay visible.
    if len(months) > 120:
        years = sorted({y for y, _ in months})
        buckets = [(str(y), sum(n for (yy, _), n in by_month.items() if yy == y)) for y in years]
    else:
        buckets = [(dt.date(y, m, 1).strftime("%b %Y"), by_month.get((y, m), 0))
                   for y, m in months]
    top = max(n for _, n in buckets) or 1
    slot = width / len(buckets)
    bar_width = max(slot * 0.8, 1)
    bars = [
        Bar(x=round(i * slot, 2), y=round(height - (n / top) * (height - 4), 2),
            width=round(bar_width, 2), height=round((n / top) * (height - 4), 2),
            label=label, count=n)
        for i, (label, n) in enumerate(buckets)
    ]
    return MonthChart(bars=bars, width=width, height=height, max_count=top,
                      first=buckets[0][0], last=buckets[-1][0])
