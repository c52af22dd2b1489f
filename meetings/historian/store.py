"""Plain records -> Meeting, Participation and RecordSource rows, one transaction per file.

Idempotent: a record whose (collection, id) is stored is skipped before any NLP.
Records duplicated upstream (same traveller, dates, country and text under two ids)
make one meeting with a source per id, also when the twin was imported earlier.
Meetings a curator edited are never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction

from meetings.historian.matching import variants
from meetings.historian.remarks import (
    USTravellers,
    clean_name,
    counterparts,
    multilateral_events,
    parse_visitor,
    record_country,
    visit_place,
)
from meetings.historian.xml_files import VISITS, HistoryRecord
from meetings.ingest.records import Extraction, OfficialRecord
from meetings.models import (
    Meeting,
    MeetingKind,
    Official,
    Participation,
    RecordSource,
    Tombstone,
)
from meetings.services import INGEST_LOCK, derived
from meetings.services.officials import OfficialResolver
from meetings.text import normalize_name

DedupKey = tuple[str, str, dt.date, dt.date, str, str]


def dedup_key(*, collection: str, traveller: str, start: dt.date, end: dt.date, country: str,
              text: str) -> DedupKey:
    """What makes two records the same trip. Visits leave out the country (the visitor's,
    which the stored meeting does not keep as such)."""
    return (collection, normalize_name(traveller), start, end,
            "" if collection == VISITS else country, " ".join(text.split()).casefold())


def record_key(record: HistoryRecord) -> DedupKey:
    return dedup_key(collection=record.collection, traveller=record.traveller,
                     start=record.start, end=record.end, country=record_country(record),
                     text=record.text)


def deleted_records() -> set[str]:
    """Keys (curation.record_key) of the records whose meeting a curator deleted."""
    return set(Tombstone.objects.filter(kind=Tombstone.Kind.MEETING, key__startswith="record:")
               .values_list("key", flat=True))


def known_records() -> tuple[set[tuple[str, str]], dict[DedupKey, int]]:
    """Stored (collection, record id) pairs, and the meeting of each stored dedup key."""
    ids: set[tuple[str, str]] = set()
    meetings: dict[DedupKey, int] = {}
    rows = RecordSource.objects.values_list(
        "collection", "record_id", "traveller", "text", "meeting_id", "meeting__date",
        "meeting__end_date", "meeting__place_country")
    for collection, record_id, traveller, text, meeting_id, start, end, country in rows:
        ids.add((collection, record_id))
        if start is not None:
            key = dedup_key(collection=collection, traveller=traveller, start=start,
                            end=end or start, country=country, text=text)
            meetings.setdefault(key, meeting_id)
    return ids, meetings


@dataclass
class FileStored:
    """What storing one file's records did, in its one transaction: a per-file value, which
    ``import_paths`` counts in the run's ``RunReport`` once the transaction committed."""

    meetings: list[int] = field(default_factory=list)  # created
    sources: int = 0  # RecordSource rows created
    twins: int = 0  # records added to a meeting that another id had made
    known: int = 0  # stored by another import meanwhile (skipped)
    keys: dict[DedupKey, int] = field(default_factory=dict)  # dedup keys of the new meetings
    participants: int = 0


@dataclass(frozen=True)
class Person:
    record: OfficialRecord
    role: str
    variants: tuple[str, ...] = ()
    default_country: str = ""  # assumed when the person is not known already


def people_of(record: HistoryRecord, extraction: Extraction | None,
              us: USTravellers | None = None) -> list[Person]:
    """The traveller or visitor(s), then the counterparts the remarks name.

    A counterpart's role (host or participant) waits for the resolved official's country.
    """
    country = record_country(record)
    if record.is_trip:
        name = clean_name(record.traveller)
        people = [Person(OfficialRecord(name=name, title=record.traveller_title, country="US"),
                         "guest", tuple(variants(name)))]
        if extraction is not None:
            people.extend(Person(official, "", default_country=default)
                          for official, default in counterparts(
                              extraction, host_country=country, traveller=name, us=us))
        return people
    return [Person(OfficialRecord(name=clean_name(name), title=title, country=country), "guest")
            for title, name in parse_visitor(record.traveller)]


def meeting_of(record: HistoryRecord, officials: Sequence[Official]) -> Meeting:
    """An unsaved Meeting for a record and its resolved officials."""
    events = multilateral_events(record.text)
    if record.is_trip:
        place, place_country = record.locale, record_country(record)
    else:
        place, place_country = visit_place(record.text)
    kind = MeetingKind.MULTILATERAL if events else MeetingKind.VISIT
    event = "; ".join(events)[:300]
    return Meeting(
        kind=kind, name=event, date=record.start,
        end_date=record.end if record.end != record.start else None, date_precision="day",
        place=place[:200], place_country=place_country, from_record=True,
        country_codes=derived.meeting_countries(
            countries=(), place_country=place_country, officials=[o.country for o in officials]),
        summary=derived.meeting_summary(name=event, kind=kind, place=place, countries=(),
                                        people=[o.name for o in officials]),
    )


def source_of(record: HistoryRecord, meeting_id: int) -> RecordSource:
    return RecordSource(meeting_id=meeting_id, collection=record.collection, file=record.file,
                        record_id=record.record_id, url=record.url, text=record.text,
                        traveller=record.traveller[:200])


def file_store(records: Iterable[HistoryRecord], *, extractions: dict[str, Extraction],
               index: OfficialResolver, twins: dict[DedupKey, int],
               us: USTravellers | None = None) -> FileStored:
    """Store one file's new records atomically. ``extractions`` is keyed on record origin;
    ``twins`` maps the dedup keys of stored meetings to their ids."""
    written = FileStored()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The news ingestion's lock: officials are never created twice concurrently.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_LOCK])
        records = list(records)
        # Another import may have stored some of these since we looked: skip them.
        stored = set(RecordSource.objects.filter(
            collection__in={r.collection for r in records},
            record_id__in=[r.record_id for r in records]).values_list("collection", "record_id"))
        written.known = sum((r.collection, r.record_id) in stored for r in records)
        records = [r for r in records if (r.collection, r.record_id) not in stored]
        pending: list[tuple[Meeting, list[tuple[Official, Person]], list[HistoryRecord]]] = []
        by_key: dict[DedupKey, int] = {}  # key -> index into pending
        sources: list[RecordSource] = []
        joined: set[int] = set()  # stored meetings that twins of these records join
        for record in records:
            key = record_key(record)
            if key in twins:
                sources.append(source_of(record, twins[key]))
                joined.add(twins[key])
                written.twins += 1
                continue
            if key in by_key:
                pending[by_key[key]][2].append(record)
                written.twins += 1
                continue
            resolved: dict[int, tuple[Official, Person]] = {}
            for person in people_of(record, extractions.get(record.origin), us):
                official = index.resolve(person.record, variants=person.variants,
                                         default_country=person.default_country,
                                         when=record.start)
                if official is not None and official.pk not in resolved:
                    resolved[official.pk] = (official, person)
            people = list(resolved.values())
            by_key[key] = len(pending)
            pending.append((meeting_of(record, [o for o, _ in people]), people, [record]))
        meetings = Meeting.objects.bulk_create([m for m, _, _ in pending])
        participations = []
        for meeting, (_, people, group) in zip(meetings, pending, strict=True):
            written.meetings.append(meeting.pk)
            written.keys[record_key(group[0])] = meeting.pk
            sources.extend(source_of(r, meeting.pk) for r in group)
            host = meeting.place_country
            participations.extend(
                Participation(meeting=meeting, official=official,
                              role=person.role or ("host" if host and official.country == host
                                                   else "participant"),
                              title=(person.record.title or official.title)[:300])
                for official, person in people)
        Participation.objects.bulk_create(participations)
        RecordSource.objects.bulk_create(sources)
        written.sources = len(sources)
        written.participants = len(participations)
        derived.meetings_refresh(meeting_ids=[*written.meetings, *joined])
    return written
