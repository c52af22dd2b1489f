"""The public entry points: extract (no database) and ingest (extract + store).

Both stream: files are read one at a time, articles go through spaCy in small
batches, and each article is stored in its own transaction as soon as it is ready,
so memory stays flat and Ctrl-C leaves only whole articles behind. This is the
embedded run, in one process; to run in parallel, on one machine or many, ingest
through the queue (``ingest --queue`` and ``ingest_worker``: ``queue.py``, ``tasks.py``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, TextIO

from meetings.ingest.records import ArticleInput, Extraction, Lexicon
from meetings.runs import InputError, RunReport

if TYPE_CHECKING:
    from meetings.ingest.persist import ArticleStored

CHUNK = 16  # articles per spaCy batch
TRANSIENT_ATTEMPTS = 3  # tries of an article's transaction that meets a deadlock


def ingest_report() -> RunReport:
    """An empty report of an ingest, re-extraction or extract run; ids["meetings"] gets the
    meetings written."""
    return RunReport("{read} articles read: {stored} stored, {reprocessed} re-extracted, "
                     "{unchanged} unchanged, {no_meetings} without meetings (not stored), "
                     "{failed} failed; {meetings} meetings, {statements} statements written")


def _say(err: TextIO, line: str) -> None:
    """One line on ``err``. (print() writes the line end apart, and a command's stderr, a
    Django OutputWrapper, ends each write with a line end: print gave an empty line.)"""
    err.write(line + "\n")
    err.flush()


# --------------------------------------------------------------------------- extraction


def _extract_chunk(chunk: list[ArticleInput],
                   lexicon: Lexicon | None = None) -> list[Extraction | InputError]:
    """Extract a batch; if the batch fails, retry one by one so one bad article costs one."""
    from meetings.ingest.pipeline import extract_many

    try:
        return list(extract_many(chunk, lexicon=lexicon, batch_size=len(chunk)))
    except Exception:  # noqa: BLE001 - isolated below, article by article
        results: list[Extraction | InputError] = []
        for article in chunk:
            try:
                results.extend(extract_many([article], lexicon=lexicon, batch_size=1))
            except Exception as exc:  # noqa: BLE001 - reported per article
                results.append(InputError(article.origin, f"extraction failed: {exc}"))
        return results


def _chunks(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_articles(articles: Iterable[ArticleInput], *,
                     lexicon: Lexicon | None = None) -> Iterator[Extraction | InputError]:
    """Extraction for each article, in input order."""
    for chunk in _chunks(articles, CHUNK):
        yield from _extract_chunk(chunk, lexicon)


def read_inputs(paths: Sequence[str], *, default_date: dt.date | None, max_bytes: int,
                stdin: TextIO | None, report: RunReport,
                on_failure: Callable[[InputError], None],
                on_warning: Callable[[str], None] | None = None) -> Iterator[ArticleInput]:
    """The articles read; each input counts in ``report`` as "read", and a failed one is
    added to its failures and passed to ``on_failure``."""
    from meetings.ingest.article_files import read_paths

    for item in read_paths(paths, max_bytes=max_bytes, default_date=default_date, stdin=stdin,
                           on_warning=on_warning):
        report.add("read")
        if isinstance(item, InputError):
            report.failures.append(item)
            on_failure(item)
        else:
            yield item


def extract_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                  max_bytes: int = 10_000_000, stdin: TextIO | None = None,
                  lexicon: Lexicon | None = None,
                  on_failure: Callable[[InputError], None] = lambda f: None,
                  on_warning: Callable[[str], None] | None = None,
                  report: RunReport | None = None) -> Iterator[Extraction]:
    """Read and extract, without touching the database."""
    report = report if report is not None else ingest_report()
    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=report, on_failure=on_failure, on_warning=on_warning)
    for result in extract_articles(articles, lexicon=lexicon):
        if isinstance(result, InputError):
            report.failures.append(result)
            on_failure(result)
        else:
            yield result


# --------------------------------------------------------------------------- ingestion


def ingest_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                 max_bytes: int = 10_000_000, stdin: TextIO | None = None,
                 reprocess: bool = False, err: TextIO = sys.stderr, progress: bool = False,
                 report: RunReport | None = None) -> RunReport:
    """Read, extract and store. Articles already stored (same body) are skipped before NLP."""
    from meetings.ingest import persist

    report = report if report is not None else ingest_report()

    def fail(failure: InputError) -> None:
        _say(err, f"error: {failure}")

    lexicon = persist.lexicon_from_db()
    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=report, on_failure=fail,
                           on_warning=lambda message: _say(err, f"warning: {message}"))

    def new_only(items: Iterable[ArticleInput]) -> Iterator[ArticleInput]:
        # One query per chunk tells which bodies are stored already.
        seen: set[str] = set()
        for chunk in _chunks(items, 64):
            digests = [persist.body_sha256(a.body) for a in chunk]
            stored = persist.stored_hashes(digests)
            for article, digest in zip(chunk, digests, strict=True):
                if digest in seen or (digest in stored and not reprocess):
                    report.add("unchanged")
                    continue
                seen.add(digest)
                yield article

    def record(outcome: ArticleStored | InputError | NoMeetings) -> None:
        if isinstance(outcome, InputError):
            report.failures.append(outcome)
            fail(outcome)
        elif isinstance(outcome, NoMeetings):
            report.add("no_meetings")
            _say(err, f"skipped: {outcome.origin}: no meetings found")
        elif not outcome.created:
            report.add("unchanged")
        else:
            report.add("reprocessed" if outcome.reprocessed else "stored")
            report.add("meetings", outcome.meetings)
            report.add("statements", outcome.statements)
            report.ids["meetings"].update(outcome.meeting_ids)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit=" articles", file=err, dynamic_ncols=True)
    try:
        for result in extract_articles(new_only(articles), lexicon=lexicon):
            # Each article in its own transaction: Ctrl-C here or in the NLP keeps only
            # whole articles (the one being written is rolled back).
            record(_store_one(result, reprocess=reprocess))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    confirm_with_records(report.ids["meetings"])
    return report


@dataclass(frozen=True)
class NoMeetings:
    """An article read and understood, in which no meeting was found (not stored)."""

    origin: str


def _store_one(result: Extraction | InputError, *, reprocess: bool):
    """Store one extraction; what happened, as a value."""
    from meetings.ingest import persist

    if isinstance(result, InputError):
        return result
    if not result.meetings:
        return NoMeetings(result.article.origin)
    from django.db import OperationalError

    for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
        try:
            return persist.article_store(extraction=result, reprocess=reprocess)
        except OperationalError as exc:
            # A deadlock with another run storing the same people: that transaction was
            # rolled back whole; it goes again (as a queued job would).
            if attempt == TRANSIENT_ATTEMPTS:
                return InputError(result.article.origin, f"could not be stored: {exc}")
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported
            return InputError(result.article.origin, f"could not be stored: {exc}")
    raise AssertionError("unreachable")


def confirm_with_records(meeting_ids: set[int]) -> None:
    """Link the meetings just written to the official records that confirm them."""
    from meetings.models import RecordSource

    if meeting_ids and RecordSource.objects.exists():
        from meetings.historian import crosscheck

        crosscheck(meeting_ids=sorted(meeting_ids))



def reprocess_stored(*, err: TextIO = sys.stderr, progress: bool = False,
                     report: RunReport | None = None) -> RunReport:
    """Extract every stored article again with the current rules, keeping curated records."""
    from meetings.ingest import persist
    from meetings.models import Article

    report = report if report is not None else ingest_report()
    lexicon = persist.lexicon_from_db()

    def stored() -> Iterator[ArticleInput]:
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
        for chunk in (ids[i:i + 64] for i in range(0, len(ids), 64)):
            for article in Article.objects.filter(pk__in=chunk).order_by("id"):
                report.add("read")
                yield ArticleInput(title=article.title, body=article.body,
                                   date=article.published_on, source=article.source,
                                   url=article.url, id=article.external_id,
                                   origin=article.origin or f"article {article.pk}")

    for result in extract_articles(stored(), lexicon=lexicon):
        if isinstance(result, InputError):
            report.failures.append(result)
            _say(err, f"error: {result}")
            continue
        try:
            stored_ = persist.article_store(extraction=result, reprocess=True)
        except Exception as exc:  # noqa: BLE001 - reported per article
            failure = InputError(result.article.origin, f"could not be stored: {exc}")
            report.failures.append(failure)
            _say(err, f"error: {failure}")
            continue
        report.add("reprocessed")
        report.add("meetings", stored_.meetings)
        report.add("statements", stored_.statements)
        report.ids["meetings"].update(stored_.meeting_ids)
    confirm_with_records(report.ids["meetings"])
    return report
