"""The public entry points: extract (no database) and ingest (extract + store).

Both stream: files are read one at a time, articles go through spaCy in small
batches, and each article is stored in its own transaction as soon as it is ready,
so memory stays flat and Ctrl-C leaves only whole articles behind.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, TextIO

from meetings.ingest.records import ArticleInput, Extraction, Lexicon

if TYPE_CHECKING:
    from meetings.ingest.persist import Stored

CHUNK = 16  # articles per spaCy batch and per worker task


@dataclass(frozen=True)
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Report:
    """Counts for the summary line."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    reprocessed: int = 0
    no_meetings: int = 0
    meetings: int = 0
    statements: int = 0
    failures: list[Failure] = field(default_factory=list)
    meeting_ids: set[int] = field(default_factory=set)  # meetings written in this run

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (f"{self.read} articles read: {self.stored} stored, {self.reprocessed} "
                f"re-extracted, {self.unchanged} unchanged, {self.no_meetings} without "
                f"meetings (not stored), {self.failed} failed; {self.meetings} meetings, "
                f"{self.statements} statements written")


# --------------------------------------------------------------------------- extraction


_worker_lexicon: Lexicon | None = None


def _init_worker(lexicon: Lexicon | None) -> None:
    global _worker_lexicon
    _worker_lexicon = lexicon


def _extract_chunk(chunk: list[ArticleInput],
                   lexicon: Lexicon | None = None) -> list[Extraction | Failure]:
    """Extract a batch; if the batch fails, retry one by one so one bad article costs one."""
    from meetings.ingest.pipeline import extract_many

    lexicon = lexicon if lexicon is not None else _worker_lexicon
    try:
        return list(extract_many(chunk, lexicon=lexicon, batch_size=len(chunk)))
    except Exception:  # noqa: BLE001 - isolated below, article by article
        results: list[Extraction | Failure] = []
        for article in chunk:
            try:
                results.extend(extract_many([article], lexicon=lexicon, batch_size=1))
            except Exception as exc:  # noqa: BLE001 - reported per article
                results.append(Failure(article.origin, f"extraction failed: {exc}"))
        return results


def _chunks(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_articles(articles: Iterable[ArticleInput], *, lexicon: Lexicon | None = None,
                     workers: int = 1) -> Iterator[Extraction | Failure]:
    """Extraction for each article, in input order, with ``workers`` processes."""
    if workers <= 1:
        for chunk in _chunks(articles, CHUNK):
            yield from _extract_chunk(chunk, lexicon)
        return
    for results in _in_pool(_extract_chunk, articles, lexicon=lexicon, workers=workers):
        yield from results


def _in_pool(task: Callable[[list[ArticleInput]], list], articles: Iterable[ArticleInput], *,
             lexicon: Lexicon | None, workers: int) -> Iterator[list]:
    """``task`` over chunks of articles in ``workers`` forked processes, in input order."""
    # Bounded hand-over: at most 2 chunks per worker are in flight, so a huge input
    # never piles up in memory ahead of the workers.
    slots = threading.Semaphore(workers * 2)

    def bounded() -> Iterator[list[ArticleInput]]:
        for chunk in _chunks(articles, CHUNK):
            slots.acquire()
            yield chunk

    from django.db import connections

    from meetings.ingest.nlp import get_nlp

    # Loaded once here, the pipeline is shared by the forked workers (copy on write)
    # instead of being loaded again in each of them.
    get_nlp()
    connections.close_all()  # forked workers must not share the parent's DB socket
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(lexicon,)) as pool:
        for results in pool.imap(task, bounded()):
            slots.release()
            yield results


def read_inputs(paths: Sequence[str], *, default_date: dt.date | None, max_bytes: int,
                stdin: TextIO | None, report: Report,
                on_failure: Callable[[Failure], None]) -> Iterator[ArticleInput]:
    from meetings.ingest.readers import ReadError, read_paths

    for item in read_paths(paths, max_bytes=max_bytes, default_date=default_date, stdin=stdin):
        report.read += 1
        if isinstance(item, ReadError):
            failure = Failure(item.origin, item.reason)
            report.failures.append(failure)
            on_failure(failure)
        else:
            yield item


def extract_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                  max_bytes: int = 10_000_000, stdin: TextIO | None = None,
                  lexicon: Lexicon | None = None, workers: int = 1,
                  on_failure: Callable[[Failure], None] = lambda f: None,
                  report: Report | None = None) -> Iterator[Extraction]:
    """Read and extract, without touching the database."""
    report = report if report is not None else Report()
    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=report, on_failure=on_failure)
    for result in extract_articles(articles, lexicon=lexicon, workers=workers):
        if isinstance(result, Failure):
            report.failures.append(result)
            on_failure(result)
        else:
            yield result


# --------------------------------------------------------------------------- ingestion


def ingest_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                 max_bytes: int = 10_000_000, stdin: TextIO | None = None, workers: int = 1,
                 reprocess: bool = False, err: TextIO = sys.stderr, progress: bool = False,
                 report: Report | None = None) -> Report:
    """Read, extract and store. Articles already stored (same body) are skipped before NLP."""
    from meetings.ingest import persist

    report = report if report is not None else Report()

    def fail(failure: Failure) -> None:
        print(f"error: {failure}", file=err, flush=True)

    lexicon = persist.lexicon_from_db()
    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=report, on_failure=fail)

    def new_only(items: Iterable[ArticleInput]) -> Iterator[ArticleInput]:
        # One query per chunk tells which bodies are stored already.
        seen: set[str] = set()
        for chunk in _chunks(items, 64):
            digests = [persist.body_sha256(a.body) for a in chunk]
            stored = persist.stored_hashes(digests)
            for article, digest in zip(chunk, digests, strict=True):
                if digest in seen or (digest in stored and not reprocess):
                    report.unchanged += 1
                    continue
                seen.add(digest)
                yield article

    def record(outcome: Stored | Failure | NoMeetings) -> None:
        if isinstance(outcome, Failure):
            report.failures.append(outcome)
            fail(outcome)
        elif isinstance(outcome, NoMeetings):
            report.no_meetings += 1
            print(f"skipped: {outcome.origin}: no meetings found", file=err, flush=True)
        elif not outcome.created:
            report.unchanged += 1
        else:
            if outcome.reprocessed:
                report.reprocessed += 1
            else:
                report.stored += 1
            report.meetings += outcome.meetings
            report.statements += outcome.statements
            report.meeting_ids.update(outcome.meeting_ids)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit=" articles", file=err, dynamic_ncols=True)
    from django.db import connection

    # One writer stores every article, each in its own transaction, in a thread that
    # overlaps the NLP (of this process, or of the ``workers`` processes extracting in
    # parallel); inside a caller's transaction (a test, a larger job) the writes go
    # through the caller's connection instead.
    def store(result: Extraction | Failure) -> None:
        record(_store_one(result, reprocess=reprocess))

    writer = _InlineWriter(store) if connection.in_atomic_block else _Writer(store)
    try:
        for result in extract_articles(new_only(articles), lexicon=lexicon, workers=workers):
            writer.put(result)
            if bar is not None:
                bar.update(1)
    finally:
        # Also on Ctrl-C: what was extracted is stored whole, then the run stops.
        writer.close()
        if bar is not None:
            bar.close()
    confirm_with_records(report.meeting_ids)
    return report


@dataclass(frozen=True)
class NoMeetings:
    """An article read and understood, in which no meeting was found (not stored)."""

    origin: str


def _store_one(result: Extraction | Failure, *, reprocess: bool):
    """Store one extraction; what happened, as a value (for threads and processes)."""
    from meetings.ingest import persist

    if isinstance(result, Failure):
        return result
    if not result.meetings:
        return NoMeetings(result.article.origin)
    try:
        return persist.article_store(extraction=result, reprocess=reprocess)
    except Exception as exc:  # noqa: BLE001 - one article's failure is reported
        return Failure(result.article.origin, f"could not be stored: {exc}")


class _InlineWriter:
    """Stores each result at once, in the calling thread."""

    def __init__(self, store: Callable[[Extraction | Failure], None]) -> None:
        self.put = store

    def close(self) -> None:
        pass


class _Writer:
    """Stores results in a thread of its own, so database round trips overlap the NLP.

    One writer, in input order, each article in its own transaction (so concurrent
    writers never wait on one another's lock); the queue is short so memory stays flat.
    """

    _DONE = object()

    def __init__(self, store: Callable[[Extraction | Failure], None]) -> None:
        self._store = store
        # Room for two spaCy batches: the extractions of a batch come out together, and
        # the NLP should not wait for the writer in the middle of one; still bounded, so
        # memory stays flat.
        self._queue: queue.Queue = queue.Queue(maxsize=2 * CHUNK)
        self._error: BaseException | None = None
        # Started by the first put: by then any worker processes have been forked, so
        # no fork ever copies a process with this thread running.
        self._thread = threading.Thread(target=self._run, name="ingest-writer", daemon=True)

    def _run(self) -> None:
        from django.db import connections

        try:
            while (item := self._queue.get()) is not self._DONE:
                if self._error is None:
                    self._store(item)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self._error = exc
            while self._queue.get() is not self._DONE:
                pass
        finally:
            connections.close_all()

    def put(self, item: Extraction | Failure) -> None:
        if self._error is not None:
            raise self._error
        if self._thread.ident is None:
            self._thread.start()
        self._queue.put(item)

    def close(self) -> None:
        if self._thread.ident is None:  # nothing was ever put
            return
        self._queue.put(self._DONE)
        self._thread.join()
        if self._error is not None:
            raise self._error


def confirm_with_records(meeting_ids: set[int]) -> None:
    """Link the meetings just written to the official records that confirm them."""
    from meetings.models import RecordSource

    if meeting_ids and RecordSource.objects.exists():
        from meetings.records import crosscheck

        crosscheck(meeting_ids=sorted(meeting_ids))



def reprocess_stored(*, workers: int = 1, err: TextIO = sys.stderr, progress: bool = False,
                     report: Report | None = None) -> Report:
    """Extract every stored article again with the current rules, keeping curated records."""
    from meetings.ingest import persist
    from meetings.models import Article

    report = report if report is not None else Report()
    lexicon = persist.lexicon_from_db()

    def stored() -> Iterator[ArticleInput]:
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
        for chunk in (ids[i:i + 64] for i in range(0, len(ids), 64)):
            for article in Article.objects.filter(pk__in=chunk).order_by("id"):
                report.read += 1
                yield ArticleInput(title=article.title, body=article.body,
                                   date=article.published_on, source=article.source,
                                   url=article.url, id=article.external_id,
                                   origin=article.origin or f"article {article.pk}")

    for result in extract_articles(stored(), lexicon=lexicon, workers=workers):
        if isinstance(result, Failure):
            report.failures.append(result)
            print(f"error: {result}", file=err, flush=True)
            continue
        try:
            stored_ = persist.article_store(extraction=result, reprocess=True)
        except Exception as exc:  # noqa: BLE001 - reported per article
            failure = Failure(result.article.origin, f"could not be stored: {exc}")
            report.failures.append(failure)
            print(f"error: {failure}", file=err, flush=True)
            continue
        report.reprocessed += 1
        report.meetings += stored_.meetings
        report.statements += stored_.statements
        report.meeting_ids.update(stored_.meeting_ids)
    confirm_with_records(report.meeting_ids)
    return report
