"""News meetings confirmed by official records: one set-based query, then Confirmation rows.

A news meeting (``from_record=False``) and a record meeting are linked when they share an
official and their dates overlap (a news date of week, month or year precision covers
its whole period), and, where both say, the place agrees (same city, or at least the same
country: a record's "Woodside" confirms the news' "San Francisco") or a counterpart
agrees (a second shared official). When neither the place nor the counterparts can be
compared, the shared official and the dates suffice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from meetings.countries import name_of, place_country
from meetings.models import Confirmation
from meetings.runs import RunReport
from meetings.text import normalize_name

_PAIRS = """
WITH news AS (
    SELECT id, date, place, place_country,
           COALESCE(end_date, CASE date_precision
               WHEN 'week' THEN date + 6
               WHEN 'month' THEN (date_trunc('month', date) + interval '1 month - 1 day')::date
               WHEN 'year' THEN (date_trunc('year', date) + interval '1 year - 1 day')::date
               ELSE date END) AS last_day
    FROM meetings_meeting WHERE NOT from_record AND date IS NOT NULL
), rec AS (
    SELECT id, date, COALESCE(end_date, date) AS last_day, place, place_country
    FROM meetings_meeting WHERE from_record AND date IS NOT NULL
)
SELECT n.id, r.id, array_agg(DISTINCT o.name ORDER BY o.name), r.date, r.last_day,
       n.place, n.place_country, r.place, r.place_country,
       (SELECT count(*) FROM meetings_participation p WHERE p.meeting_id = n.id),
       (SELECT count(*) FROM meetings_participation p WHERE p.meeting_id = r.id)
FROM news n
JOIN meetings_participation pn ON pn.meeting_id = n.id
JOIN meetings_participation pr ON pr.official_id = pn.official_id
JOIN rec r ON r.id = pr.meeting_id AND r.date <= n.last_day AND r.last_day >= n.date
JOIN meetings_official o ON o.id = pn.official_id
{scope}
GROUP BY n.id, r.id, r.date, r.last_day, n.place, n.place_country, r.place, r.place_country
"""


@dataclass(frozen=True)
class Candidate:
    meeting_id: int
    record_id: int
    shared: tuple[str, ...]  # names of the officials in both
    start: dt.date
    end: dt.date
    news_place: str
    news_country: str
    record_place: str
    record_country: str
    news_people: int
    record_people: int


def crosscheck_report() -> RunReport:
    """An empty report of a cross-check: ``pairs`` counts the candidates considered,
    ``merged`` the officials joined across news and records, ``kept_curated`` the curated
    confirmations left as they are."""
    return RunReport("cross-check: {merged} officials merged across news and records, "
                     "{pairs} candidate pairs, {created} confirmations created, "
                     "{updated} updated, {removed} removed", extra=("kept_curated",))


def _places(place: str) -> set[str]:
    # A record's locale may list several cities: "Jerusalem, Ramallah".
    return {normalize_name(p) for p in place.split(",") if normalize_name(p)}


def _country(place: str, code: str) -> str:
    if code:
        return code
    return place_country(place.split(",")[0].strip()) if place else ""


def reason_for(c: Candidate) -> str | None:
    """Why the record confirms the meeting, or None when it does not."""
    dates = c.start.isoformat() if c.start == c.end else f"{c.start} – {c.end}"
    news_cities, record_cities = _places(c.news_place), _places(c.record_place)
    news_code = _country(c.news_place, c.news_country)
    record_code = _country(c.record_place, c.record_country)
    agreement = ""
    if news_cities & record_cities:
        agreement = c.news_place
    elif news_code and news_code == record_code:
        where = c.record_place or c.news_place
        agreement = f"{where}, {name_of(record_code)}" if where else name_of(record_code)
    counterpart = len(c.shared) >= 2
    if not agreement and not counterpart:
        place_known = bool((c.news_place or news_code) and (c.record_place or record_code))
        others_known = c.news_people > len(c.shared) and c.record_people > len(c.shared)
        if place_known or others_known:
            return None
    parts = [", ".join(c.shared), dates] + ([agreement] if agreement else [])
    return "; ".join(parts)[:300]


def candidates(*, meeting_ids: Iterable[int] | None = None) -> list[Candidate]:
    """Pairs sharing an official with overlapping dates (one query)."""
    params: list = []
    scope = ""
    if meeting_ids is not None:
        scope = "WHERE n.id = ANY(%s) OR r.id = ANY(%s)"
        ids = list(meeting_ids)
        params = [ids, ids]
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS.format(scope=scope), params)
        return [Candidate(row[0], row[1], tuple(row[2]), *row[3:]) for row in cursor.fetchall()]


def crosscheck(*, meeting_ids: Iterable[int] | None = None) -> RunReport:
    """Join officials named on both sides (``unify.officials_unify``), then refresh
    the confirmations (all, or those of ``meeting_ids``)."""
    from meetings.historian.unify import officials_unify

    merged = officials_unify()
    report = confirmations_refresh(meeting_ids=meeting_ids)
    report.add("merged", len(merged))
    return report


def confirmations_refresh(*, meeting_ids: Iterable[int] | None = None) -> RunReport:
    """Create the confirmations that hold, drop machine-made ones that no longer do.

    ``meeting_ids`` limits the work to those meetings (news or record side), e.g. the
    meetings an ingestion just wrote; None checks everything. Curated rows are kept.
    """
    ids = list(meeting_ids) if meeting_ids is not None else None
    report = crosscheck_report()
    wanted: dict[tuple[int, int], str] = {}
    for candidate in candidates(meeting_ids=ids):
        report.add("pairs")
        if (reason := reason_for(candidate)) is not None:
            wanted[(candidate.meeting_id, candidate.record_id)] = reason
    with transaction.atomic():
        existing = Confirmation.objects.all()
        if ids is not None:
            existing = existing.filter(Q(meeting_id__in=ids) | Q(record_id__in=ids))
        stale, changed = [], []
        for confirmation in existing:
            pair = (confirmation.meeting_id, confirmation.record_id)
            reason = wanted.pop(pair, None)
            if confirmation.curated:
                report.add("kept_curated")
            elif reason is None:
                stale.append(confirmation.pk)
            elif reason != confirmation.reason:
                confirmation.reason = reason
                changed.append(confirmation)
        Confirmation.objects.filter(pk__in=stale).delete()
        Confirmation.objects.bulk_update(changed, ["reason"])
        Confirmation.objects.bulk_create(
            [Confirmation(meeting_id=m, record_id=r, reason=reason)
             for (m, r), reason in wanted.items()], ignore_conflicts=True)
    report.add("created", len(wanted))
    report.add("updated", len(changed))
    report.add("removed", len(stale))
    return report
