"""Official records (Office of the Historian trips and visits) and the news cross-check.

Public entry points: ``import_paths`` (files or folders -> meetings, then the
cross-check) and ``crosscheck`` (officials named on both sides joined, then news
meetings confirmed by records; after news ingestion, call it with the ids of the
meetings just written).

One module per step: ``xml_files`` (XML -> HistoryRecord), ``remarks`` (names, events and
places in the free text), ``matching`` (are two names one person), ``store`` (records ->
rows through the write side, one transaction per file), ``unify`` (record officials joined
to the news officials of the same person) and ``crosscheck``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from meetings.historian.crosscheck import CrosscheckReport, confirmations_refresh, crosscheck
from meetings.historian.xml_files import HistoryRecord
from meetings.runs import InputError

__all__ = ["ImportReport", "confirmations_refresh", "crosscheck", "import_paths"]

NLP_BATCH = 256


@dataclass
class ImportReport:
    """Counts for the summary line."""

    files: int = 0
    read: int = 0  # records read without error
    known: int = 0  # already imported (skipped)
    deleted: int = 0  # their meeting was deleted by a curator (skipped)
    meetings: int = 0  # meetings created
    twins: int = 0  # records that joined another id's meeting
    participants: int = 0
    officials: int = 0  # officials created
    failures: list[InputError] = field(default_factory=list)
    crosscheck: CrosscheckReport | None = None

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        line = (f"{self.files} files, {self.read} records read: {self.meetings} meetings "
                f"created, {self.twins} duplicate records joined to their twin, {self.known} "
                f"already imported, {self.deleted} deleted by curators, {self.failed} failed; "
                f"{self.participants} participants, {self.officials} new officials")
        if self.crosscheck is not None:
            line += f"\n{self.crosscheck.summary()}"
        return line


def _raw(err: TextIO) -> TextIO:
    # Django's OutputWrapper ends every write with a newline, which breaks a progress bar.
    return getattr(err, "_out", err)


def _extract(records: list[HistoryRecord], *, n_process: int, bar) -> Iterator:
    """Counterparts named in trip remarks, through the article pipeline in large batches."""
    from meetings.ingest.persist import lexicon_from_db
    from meetings.ingest.pipeline import extract_many
    from meetings.ingest.records import ArticleInput, Lexicon

    articles = (ArticleInput(title="", body=r.text, date=r.start, origin=r.origin)
                for r in records)
    if n_process > 1:
        from django.db import connections

        connections.close_all()  # forked workers must not share the parent's DB socket
    # Remarks name counterparts with their titles, so the known officials add little here,
    # and matching thousands of them costs more than the rest of the extraction; the
    # names curators rejected still apply.
    lexicon = Lexicon(rejected_people=lexicon_from_db().rejected_people)
    for extraction in extract_many(articles, lexicon=lexicon, batch_size=NLP_BATCH,
                                   n_process=n_process):
        if bar is not None:
            bar.update(1)
        yield extraction


def _extractions(records: list[HistoryRecord], *, n_process: int, err: TextIO,
                 progress: bool) -> dict:
    """Extraction of each record's remarks, keyed on the record's origin."""
    if not records:  # nothing to read: do not load the statistical pipeline
        return {}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="remarks", total=len(records), unit=" records", file=_raw(err),
                   dynamic_ncols=True)
    try:
        pairs = zip(records, _extract(records, n_process=n_process, bar=bar), strict=True)
        return {record.origin: extraction for record, extraction in pairs}
    finally:
        if bar is not None:
            bar.close()


def _index(files: list[tuple[str, list[HistoryRecord]]], extractions: dict, us):
    """The official resolver, told which full names this import will meet."""
    from meetings.historian.store import people_of
    from meetings.services.officials import OfficialResolver

    index = OfficialResolver()
    for _, records in files:
        for record in records:
            for person in people_of(record, extractions.get(record.origin), us):
                index.expect(person.record, default_country=person.default_country,
                             when=record.start)
    return index


def import_paths(paths: Sequence[str], *, n_process: int = 1, err: TextIO = sys.stderr,
                 progress: bool = False, check: bool = True) -> ImportReport:
    """Import trip and visit XML files (or folders of them), then cross-check the news."""
    from meetings.curation import record_key as record_deleted_key
    from meetings.historian.remarks import USTravellers
    from meetings.historian.store import deleted_records, file_store, known_records, record_key
    from meetings.historian.xml_files import read_paths
    from meetings.models import Official

    report = ImportReport()
    known_ids, twins = known_records()
    deleted = deleted_records()
    files: list[tuple[str, list[HistoryRecord]]] = []
    all_trips: list[HistoryRecord] = []
    for path, items in read_paths(paths):
        report.files += 1
        new: list[HistoryRecord] = []
        for item in items:
            if isinstance(item, InputError):
                report.failures.append(item)
                err.write(f"error: {item}" + "\n")
                continue
            report.read += 1
            if item.is_trip:
                all_trips.append(item)
            if (item.collection, item.record_id) in known_ids:
                report.known += 1
                continue
            if record_deleted_key(collection=item.collection, record_id=item.record_id) in deleted:
                report.deleted += 1
                continue
            known_ids.add((item.collection, item.record_id))  # a repeated id counts once
            new.append(item)
        if new:
            files.append((str(path), new))

    # Only one record of a group of upstream twins goes through the NLP.
    seen = set(twins)
    to_parse: list[HistoryRecord] = []
    for _, records in files:
        for record in records:
            key = record_key(record)
            if key not in seen:
                seen.add(key)
                if record.is_trip and record.text:
                    to_parse.append(record)

    extractions = _extractions(to_parse, n_process=n_process, err=err, progress=progress)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="import", total=sum(len(records) for _, records in files),
                   unit=" records", file=_raw(err), dynamic_ncols=True)
    officials_before = Official.objects.count()
    # Every trip read (known ones too) tells who was President or Secretary when.
    us = USTravellers(all_trips)
    index = _index(files, extractions, us)
    try:
        for path, records in files:
            try:
                written = file_store(records, extractions=extractions, index=index,
                                     twins=twins, us=us)
            except Exception as exc:  # noqa: BLE001 - reported per file; the rest goes on
                failure = InputError(path, f"not stored: {exc}")
                report.failures.append(failure)
                err.write(f"error: {failure}" + "\n")
                index = _index(files, extractions, us)  # forget the rolled-back officials
                continue
            report.meetings += len(written.meetings)
            report.twins += written.twins
            report.known += written.known
            twins.update(written.keys)
            report.participants += written.participants
            if bar is not None:
                bar.update(len(records))
    finally:
        if bar is not None:
            bar.close()
    report.officials = Official.objects.count() - officials_before
    if check:
        report.crosscheck = crosscheck()
    return report
