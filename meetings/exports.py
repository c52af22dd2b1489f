"""CSV, JSON and Atom output of a filtered meeting list: rows, cells, dates, metadata.

The exports read one server-side cursor: one SQL statement picks the filtered meetings
and joins their participants, topics and source URLs, each table grouped once per export
(``export_rows``), so the cost is one query whatever the number of meetings, with no
model instances. Measured with ``bench/exports.py`` on a scratch database of 100,000
``generate_demo_data`` meetings (whole responses read, best of 2-3 per run), on 2 cores
shared with other work at a load average of 6 to 8, so the figures spread: CSV 14,500 to
27,400 meetings/s, JSON 12,000 to 24,800 meetings/s over six runs; about half of the time
is the statement in Postgres. The first version (correlated subqueries, ArraySubquery,
JSON decoded in Python) made 10,400 to 13,800 under the same load; correlated scalar
subqueries returning text still took 8.4-9.3 s for the statement against 2.7-5.3 s.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Max, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import slugify

from meetings.cleaning import http_url
from meetings.models import Article, Meeting
from meetings.when import meeting_when, meeting_when_iso

LIMIT = 100_000  # rows in one export

CSV_COLUMNS = ["id", "kind", "name", "date", "end_date", "date_precision", "date_phrase",
               "place", "place_country", "background", "participants", "countries",
               "topics", "summary", "url", "source_urls"]

# OWASP's advice against CSV (formula) injection: a cell that a spreadsheet would read
# as a formula or a command starts with one of these; such a cell gets a leading
# apostrophe, and every cell is quoted.
_FORMULA_START = frozenset("=+-@\t\r")


def neutralise_cell(value: str) -> str:
    """A CSV cell that no spreadsheet evaluates: formula-like text gets a leading "'"."""
    return "'" + value if value[:1] in _FORMULA_START else value


def date_at_precision(date: dt.date | None, precision: str) -> str:
    """ISO 8601 at the precision known: 2024-01-12, 2024-W02, 2023-11 or 2023."""
    return meeting_when_iso(date=date, precision=precision)


def date_in_words(date: dt.date | None, precision: str, end: dt.date | None = None) -> str:
    """The date as the pages write it, month spelled out: "November 2023", "12–17 May 2024"."""
    return meeting_when(date=date, end=end, precision=precision, long=True)


# --------------------------------------------------------------------------- rows


_FIELDS = ("id", "kind", "name", "date", "end_date", "date_precision", "date_phrase", "place",
           "place_country", "background", "country_codes", "summary")

# The chosen meetings first (the filter, its order and its limit, as the ORM writes them),
# then each related table read once and grouped per meeting, joined by hash. Participants
# and topics come out as text ready to write: "; "-joined for CSV, JSON for JSON (spliced
# in as it is, never decoded and encoded again). Measured on 100,000 demo meetings under
# load, the same rows through correlated subqueries (ArraySubquery: one index probe per
# meeting and table) and decoded JSON streamed about 10,500 meetings/s.
_EXPORT_SQL = """
WITH picked AS MATERIALIZED ({picked}),
people AS (
    SELECT p.meeting_id, {people} AS people
    FROM meetings_participation p JOIN meetings_official o ON o.id = p.official_id
    WHERE p.meeting_id IN (SELECT id FROM picked) GROUP BY p.meeting_id),
topics AS (
    SELECT mt.meeting_id, {topics} AS topics
    FROM meetings_meetingtopic mt JOIN meetings_topic t ON t.id = mt.topic_id
    WHERE mt.meeting_id IN (SELECT id FROM picked) GROUP BY mt.meeting_id),
articles AS (
    SELECT ms.meeting_id, array_agg(a.url ORDER BY a.id) AS urls
    FROM meetings_meetingsource ms JOIN meetings_article a ON a.id = ms.article_id
    WHERE ms.meeting_id IN (SELECT id FROM picked) AND a.url <> '' GROUP BY ms.meeting_id),
records AS (
    SELECT meeting_id, array_agg(url ORDER BY record_id) AS urls
    FROM meetings_recordsource
    WHERE meeting_id IN (SELECT id FROM picked) AND url <> '' GROUP BY meeting_id)
SELECT picked.*, people.people, topics.topics, articles.urls, records.urls
FROM picked
LEFT JOIN people ON people.meeting_id = picked.id
LEFT JOIN topics ON topics.meeting_id = picked.id
LEFT JOIN articles ON articles.meeting_id = picked.id
LEFT JOIN records ON records.meeting_id = picked.id
ORDER BY picked.n
"""
_AGGREGATES = {
    "csv": {
        "people": "string_agg(o.name || CASE WHEN p.title <> '' THEN ' (' || p.title || ')' "
                  "ELSE '' END, '; ' ORDER BY p.id)",
        "topics": "string_agg(t.name, '; ' ORDER BY t.name)",
    },
    "json": {
        "people": "json_agg(json_build_object('name', o.name, 'title', p.title, "
                  "'country', o.country) ORDER BY p.id)::text",
        "topics": "json_agg(t.name ORDER BY t.name)::text",
    },
}
_EMPTY = {"csv": "", "json": "[]"}


def export_sql(qs: QuerySet[Meeting], *, form: str, limit: int = LIMIT) -> tuple[str, tuple]:
    """The statement that reads the meetings of ``qs`` with everything an export shows."""
    picked = (qs.annotate(n=Window(RowNumber(), order_by=qs.query.order_by or ["-id"]))
              .values_list(*_FIELDS, "n")[:limit])
    sql, params = picked.query.sql_with_params()
    return _EXPORT_SQL.format(picked=sql, **_AGGREGATES[form]), params


def export_rows(qs: QuerySet[Meeting], *, form: str, limit: int = LIMIT) -> Iterator[tuple]:
    """The meetings of ``qs`` from one server-side cursor: the ``_FIELDS``, then participants
    and topics as text for ``form`` ("csv" or "json"), then article and record URLs."""
    if qs.query.is_empty():  # a filter that matches nothing (an unknown person) has no SQL
        return
    sql, params = export_sql(qs, form=form, limit=limit)
    empty = _EMPTY[form]
    with transaction.atomic():
        with connection.cursor() as settings_cursor:
            # For this transaction only: the statement's sorts and hashes fit in memory,
            # and compiling it (JIT) costs more than it saves (measured: 1.6 s of 6 s).
            settings_cursor.execute("SET LOCAL work_mem = '64MB'")
            settings_cursor.execute("SET LOCAL jit = off")
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    yield row[:12] + (row[13] or empty, row[14] or empty, row[15] or (),
                                      row[16] or ())


@dataclass(frozen=True)
class Metadata:
    """What a citation of an export needs: when, which filter, which state of the data."""

    exported_at: str
    filter: str  # the query string, "" for everything
    filter_description: str
    data_version: str

    def as_dict(self) -> dict:
        return {"exported_at": self.exported_at, "filter": self.filter,
                "filter_description": self.filter_description,
                "data_version": self.data_version}

    def headers(self) -> dict[str, str]:
        return {"X-Export-Time": self.exported_at, "X-Export-Filter": self.filter or "(none)",
                "X-Data-Version": self.data_version}


def data_version() -> str:
    """The state of the data: meeting and article counts and the latest change to either."""
    meetings = Meeting.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    articles = Article.objects.aggregate(n=Count("id"), latest=Max("ingested_at"))
    latest = max((t for t in (meetings["latest"], articles["latest"]) if t), default=None)
    stamp = latest.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ") if latest else "empty"
    return f"{meetings['n']}m-{articles['n']}a-{stamp}"


def metadata(*, query: str, description: str) -> Metadata:
    """Metadata for an export made now."""
    now = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    return Metadata(exported_at=now.isoformat().replace("+00:00", "Z"), filter=query,
                    filter_description=description, data_version=data_version())


def file_name(*, params: list[tuple[str, str]], today: dt.date, suffix: str) -> str:
    """meetings_topic-human-rights_person-antony-blinken_2024-01-12.csv (bounded length)."""
    parts = ["meetings"]
    for key, value in params:
        part = slugify(f"{key}-{value}")[:40].strip("-")
        if part:
            parts.append(part)
    stem = "_".join(parts)[:150].rstrip("-_")
    return f"{stem}_{today.isoformat()}.{suffix}"


def _source_urls(row: tuple) -> list[str]:
    return [u for u in (*row[14], *row[15]) if http_url(u)]


# Rows per chunk handed to the server: one chunk per row spent more time in the response
# machinery (encoding, writing) than in making the row.
_BATCH = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[tuple], *, meeting_url: str) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark (so Excel reads it as UTF-8), formula-safe cells.

    ``meeting_url`` is the absolute URL of a meeting page with ``{id}`` for its id.
    """
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    lines: list[str] = []
    safe = neutralise_cell
    for row in rows:
        (pk, kind, name, date, end, precision, phrase, place, place_country, background,
         countries, summary, people, topics) = row[:14]
        # Every cell that holds stored text is neutralised; the others are written by us
        # (ids, ISO dates, choices, our URLs, http(s) URLs) and cannot start a formula.
        lines.append(writer.writerow([
            pk, kind, safe(name), date_at_precision(date, precision),
            date_at_precision(end, precision), precision, safe(phrase), safe(place),
            safe(place_country), background, safe(people), safe("; ".join(countries)),
            safe(topics), safe(summary), meeting_url.format(id=pk),
            " ".join(_source_urls(row))]))
        if len(lines) >= _BATCH:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def json_chunks(rows: Iterator[tuple], *, meeting_url: str, meta: Metadata) -> Iterator[str]:
    """``{"metadata": {...}, "meetings": [...]}``, one meeting per line."""
    yield '{"metadata": ' + json.dumps(meta.as_dict(), ensure_ascii=False) + ',\n"meetings": ['
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    lines: list[str] = []
    for n, row in enumerate(rows):
        (pk, kind, name, date, end, precision, phrase, place, place_country, background,
         countries, summary, people, topics) = row[:14]
        item = {
            "id": pk, "kind": kind, "name": name,
            "date": date_at_precision(date, precision) or None,
            "end_date": date_at_precision(end, precision) or None,
            "date_precision": precision, "date_phrase": phrase, "place": place,
            "place_country": place_country, "background": background,
            "countries": countries, "summary": summary, "url": meeting_url.format(id=pk),
            "source_urls": _source_urls(row),
        }
        # Participants and topics arrive as JSON text from Postgres: spliced in.
        lines.append(("," if n else "") + "\n" + dumps(item)[:-1]
                     + f', "participants": {people}, "topics": {topics}}}')
        if len(lines) >= _BATCH:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines) + "\n]}\n"
