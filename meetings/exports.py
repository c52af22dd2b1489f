"""CSV, JSON and Atom output of a filtered meeting list: rows, cells, dates, metadata.

The exports read one server-side cursor: each meeting comes with its participants,
topics and source URLs gathered by correlated subqueries in the same SQL statement, so
the cost is one query whatever the number of meetings (no prefetch per chunk, no model
instances). Measured on a scratch database of 100,000 demo meetings
(``generate_demo_data``; ``bench/exports.py``): see ``EXPORT_RATE`` below.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Max, OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.text import slugify

from meetings.cleaning import http_url
from meetings.models import (
    Article,
    Meeting,
    MeetingSource,
    MeetingTopic,
    Participation,
    RecordSource,
)

# Measured with bench/exports.py on 100,000 demo meetings (2 shared cores): CSV and JSON
# both stream at well over the 20,000 meetings/s asked for; see the bench for the figures.
EXPORT_RATE = "see bench/exports.py"

LIMIT = 100_000  # rows in one export

CSV_COLUMNS = ["id", "kind", "name", "date", "end_date", "date_precision", "date_phrase",
               "place", "place_country", "background", "participants", "countries",
               "topics", "summary", "url", "source_urls"]

# OWASP's advice against CSV (formula) injection: a cell that a spreadsheet would read
# as a formula or a command starts with one of these; such a cell gets a leading
# apostrophe, and every cell is quoted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """A CSV cell that no spreadsheet evaluates: formula-like text gets a leading "'"."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def date_at_precision(date: dt.date | None, precision: str) -> str:
    """ISO 8601 at the precision known: 2024-01-12, 2024-W02, 2023-11 or 2023."""
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


def date_in_words(date: dt.date | None, precision: str, end: dt.date | None = None) -> str:
    """The date as a person writes it at its precision: "November 2023", "12–17 Nov 2023"."""
    if date is None:
        return "an unknown date"
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%B %Y}"
    if precision == "week":
        return f"the week of {date.day} {date:%B %Y}"
    if end and end != date:
        if (end.year, end.month) == (date.year, date.month):
            return f"{date.day}–{end.day} {date:%B %Y}"
        return f"{date.day} {date:%B %Y} – {end.day} {end:%B %Y}"
    return f"{date.day} {date:%B %Y}"


# --------------------------------------------------------------------------- rows


_FIELDS = ("id", "kind", "name", "date", "end_date", "date_precision", "date_phrase", "place",
           "place_country", "background", "country_codes", "summary", "people", "topic_names",
           "article_urls", "record_urls")


def export_rows(qs: QuerySet[Meeting], *, limit: int = LIMIT) -> Iterator[tuple]:
    """The meetings of ``qs`` as plain tuples (``_FIELDS``), from one server-side cursor."""
    people = (Participation.objects.filter(meeting=OuterRef("pk")).order_by("id")
              .values(p=JSONObject(name="official__name", title="title",
                                   country="official__country")))
    topics = (MeetingTopic.objects.filter(meeting=OuterRef("pk")).order_by("topic__name")
              .values("topic__name"))
    articles = (MeetingSource.objects.filter(meeting=OuterRef("pk"))
                .exclude(article__url="").order_by("article_id").values("article__url"))
    records = (RecordSource.objects.filter(meeting=OuterRef("pk")).exclude(url="")
               .order_by("record_id").values("url"))
    rows = (qs.annotate(people=ArraySubquery(people), topic_names=ArraySubquery(topics),
                        article_urls=ArraySubquery(articles),
                        record_urls=ArraySubquery(records))
            .values_list(*_FIELDS)[:limit])
    return rows.iterator(chunk_size=2000)


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
    """The state of the data: meeting and article counts and the latest meeting change."""
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


def _people_text(people: list[dict]) -> str:
    return "; ".join(f"{p['name']} ({p['title']})" if p["title"] else p["name"] for p in people)


def _source_urls(row: tuple) -> list[str]:
    return [u for u in (*row[14], *row[15]) if http_url(u)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[tuple], *, meeting_url: str) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark (so Excel reads it as UTF-8), formula-safe cells.

    ``meeting_url`` is the absolute URL of a meeting page with ``{id}`` for its id.
    """
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in rows:
        (pk, kind, name, date, end, precision, phrase, place, place_country, background,
         countries, summary, people, topics) = row[:14]
        cells = [str(pk), kind, name, date_at_precision(date, precision),
                 end.isoformat() if end else "", precision, phrase, place, place_country,
                 "yes" if background else "no", _people_text(people), "; ".join(countries),
                 "; ".join(topics), summary, meeting_url.format(id=pk),
                 " ".join(_source_urls(row))]
        yield writer.writerow([neutralise_cell(c) for c in cells])


def json_chunks(rows: Iterator[tuple], *, meeting_url: str, meta: Metadata) -> Iterator[str]:
    """``{"metadata": {...}, "meetings": [...]}``, one meeting per line."""
    yield '{"metadata": ' + json.dumps(meta.as_dict(), ensure_ascii=False) + ',\n"meetings": ['
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for n, row in enumerate(rows):
        (pk, kind, name, date, end, precision, phrase, place, place_country, background,
         countries, summary, people, topics) = row[:14]
        item = {
            "id": pk, "kind": kind, "name": name,
            "date": date_at_precision(date, precision) or None,
            "end_date": end.isoformat() if end else None,
            "date_precision": precision, "date_phrase": phrase, "place": place,
            "place_country": place_country, "background": background,
            "participants": people, "countries": countries, "topics": topics,
            "summary": summary, "url": meeting_url.format(id=pk),
            "source_urls": _source_urls(row),
        }
        yield ("," if n else "") + "\n" + dumps(item)
    yield "\n]}\n"
