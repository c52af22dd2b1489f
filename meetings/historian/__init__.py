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
from typing import TextIO

from meetings.historian.crosscheck import confirmations_refresh, crosscheck
from meetings.historian.xml_files import HistoryRecord
from meetings.runs import InputError, RunReport

__all__ = ["confirmations_refresh", "crosscheck", "import_paths", "import_report"]

NLP_BATCH = 256


def import_report() -> RunReport:
    """An empty report of a records import; its cross-check is ``parts["crosscheck"]``.

    ``read`` counts the records read without error, ``known`` those imported already and
    ``deleted`` those whose meeting a curator deleted (both skipped), ``twins`` the records
    that joined another id's meeting, ``officials`` the officials created.
    """
    return RunReport("{files} files, {read} records read: {meetings} meetings created, "
                     "{twins} duplicate records joined to their twin, {known} already "
                     "imported, {deleted} deleted by curators, {failed} failed; "
                     "{participants} participants, {officials} new officials")


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
                 progress: bool = False, check: bool = True) -> RunReport:
    """Import trip and visit XML files (or folders of them), then cross-check the news."""
    from meetings.curation import record_key as record_deleted_key
    from meetings.historian.remarks import USTravellers
    from meetings.historian.store import deleted_records, file_store, known_records, record_key
    from meetings.historian.xml_files import read_paths
    from meetings.models import Official

    report = import_report()
    known_ids, twins = known_records()
    deleted = deleted_records()
    files: list[tuple[str, list[HistoryRecord]]] = []
    all_trips: list[HistoryRecord] = []
    for path, items in read_paths(paths):
        report.add("files")
        new: list[HistoryRecord] = []
        for item in items:
            if isinstance(item, InputError):
                report.failures.append(item)
                err.write(f"error: {item}" + "\n")
                continue
            report.add("read")
            if item.is_trip:
                all_trips.append(item)
            if (item.collection, item.record_id) in known_ids:
                report.add("known")
                continue
            if record_deleted_key(collection=item.collection, record_id=item.record_id) in deleted:
                report.add("deleted")
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
            report.add("meetings", len(written.meetings))
            report.add("twins", written.twins)
            report.add("known", written.known)
            twins.update(written.keys)
            report.add("participants", written.participants)
            if bar is not None:
                bar.update(len(records))
    finally:
        if bar is not None:
            bar.close()
    report.add("officials", Official.objects.count() - officials_before)
    if check:
        report.parts["crosscheck"] = crosscheck()
    return report
