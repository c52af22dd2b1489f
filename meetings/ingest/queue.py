"""Queued ingest, the enqueuing side: files -> stored articles (pending) -> jobs of batches.

``ingest --queue`` reads the files where it runs, stores each new article once (the
body's SHA-256 is unique, so two runs at once store it once), marks it ``pending``
and enqueues one job per batch of article ids (``tasks.ingest_articles``), each batch
with its articles in one transaction: an interrupted run leaves no article without a
job. Workers anywhere then need only the database. Status and waiting read the job
table.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO

from django.db import connection, transaction

from meetings.ingest.records import ArticleInput
from meetings.ingest.service import Failure, Report, read_inputs
from meetings.ingest.tasks import BATCH, ingest_articles

TASK = ingest_articles.name


@dataclass
class Enqueued:
    """Counts for the summary line of a queued ingest."""

    read: int = 0
    new: int = 0  # stored now, waiting for a worker
    queued_again: int = 0  # stored earlier, still waiting (an interrupted or failed run)
    unchanged: int = 0  # stored and extracted already
    failures: list[Failure] = field(default_factory=list)
    job_ids: list[int] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (f"{self.read} articles read: {self.new} new and {self.queued_again} waiting "
                f"again, queued in {len(self.job_ids)} jobs; {self.unchanged} already stored, "
                f"{self.failed} failed")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def enqueue_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                  max_bytes: int = 10_000_000, stdin: TextIO | None = None,
                  reprocess: bool = False, err: TextIO = sys.stderr,
                  report: Enqueued | None = None) -> Enqueued:
    """Store the new articles of these files (pending) and enqueue them in batches."""
    from meetings.ingest.persist import body_sha256
    from meetings.ingest.pipeline import MissingDateError, base_date

    report = report if report is not None else Enqueued()

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        print(f"error: {failure}", file=err, flush=True)

    def dated(articles: Iterable[ArticleInput]) -> Iterator[tuple[ArticleInput, str]]:
        # A date is the one thing extraction needs that the text may not give: an
        # article without one is refused here, where the file is, not by a worker.
        seen: set[str] = set()
        for article in articles:
            digest = body_sha256(article.body)
            if digest in seen:
                report.unchanged += 1
                continue
            seen.add(digest)
            if article.date is None:
                try:
                    article = _with_date(article, base_date(article))
                except MissingDateError as exc:
                    fail(Failure(article.origin, str(exc).split(": ", 1)[-1]))
                    continue
            yield article, digest

    reads = Report()  # what read_inputs counts: articles read, inputs that could not be
    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=reads, on_failure=lambda f: print(f"error: {f}", file=err,
                                                                    flush=True))
    queued = _queued_article_ids()
    for batch in _batches(dated(articles), BATCH):
        with transaction.atomic():
            ids = _store_pending(batch, reprocess=reprocess, queued=queued, report=report)
            if ids:
                report.job_ids.append(ingest_articles.defer(article_ids=ids))
                report.article_ids.extend(ids)
    report.read += reads.read
    report.failures[:0] = reads.failures
    return report


def enqueue_stored(*, article_ids: Sequence[int] | None = None,
                   report: Enqueued | None = None) -> Enqueued:
    """``--reprocess --queue``: mark stored articles pending and enqueue them in batches."""
    from meetings.models import Article

    report = report if report is not None else Enqueued()
    qs = Article.objects.order_by("id")
    if article_ids is not None:
        qs = qs.filter(pk__in=list(article_ids))
    ids = list(qs.values_list("id", flat=True))
    report.read += len(ids)
    for batch in _batches(ids, BATCH):
        with transaction.atomic():
            Article.objects.filter(pk__in=batch).update(pending=True, extraction_error="")
            report.job_ids.append(ingest_articles.defer(article_ids=batch))
        report.article_ids.extend(batch)
        report.queued_again += len(batch)
    return report


def _with_date(article: ArticleInput, date: dt.date) -> ArticleInput:
    from dataclasses import replace

    return replace(article, date=date)


def _queued_article_ids() -> set[int]:
    """Ids of the articles in jobs still queued or running (not to be queued twice)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT jsonb_array_elements(args->'article_ids')::bigint"
            " FROM procrastinate_jobs WHERE task_name = %s AND status IN ('todo', 'doing')",
            [TASK])
        return {row[0] for row in cursor.fetchall()}


_COLUMNS = ("title", "source", "url", "external_id", "published_on", "body", "sha256",
            "origin")


def _store_pending(batch: list[tuple[ArticleInput, str]], *, reprocess: bool,
                   queued: set[int], report: Enqueued) -> list[int]:
    """Insert the batch's new articles as pending; the ids of the batch to enqueue."""
    from meetings.ingest.persist import refresh_search
    from meetings.models import Article

    rows = [(a.title[:500], a.source[:200], a.url[:1000], a.id[:200], a.date, a.body, digest,
             a.origin[:1000]) for a, digest in batch]
    with connection.cursor() as cursor:
        # ON CONFLICT: a body stored by a concurrent run stays that run's, stored once.
        cursor.execute(
            f"INSERT INTO meetings_article ({', '.join(_COLUMNS)}, pipeline_version,"  # noqa: S608 - constant text
            " ingested_at, pending, extraction_error)"
            f" SELECT {', '.join(f't.{c}' for c in _COLUMNS)}, '', statement_timestamp(),"
            " true, '' FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[],"
            " %s::date[], %s::text[], %s::text[], %s::text[])"
            f" AS t({', '.join(_COLUMNS)})"
            " ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256",
            [list(column) for column in zip(*rows, strict=True)])
        created = dict((digest, pk) for pk, digest in cursor.fetchall())
    if created:
        refresh_search(article_ids=list(created.values()))
    report.new += len(created)
    others = [digest for _, digest in batch if digest not in created]
    ids = list(created.values())
    for pk, pending in Article.objects.filter(sha256__in=others).values_list("id", "pending"):
        if pk in queued:
            report.unchanged += 1  # waiting in a job already
        elif pending:
            report.queued_again += 1
            ids.append(pk)
        elif reprocess:
            Article.objects.filter(pk=pk).update(pending=True, extraction_error="")
            report.queued_again += 1
            ids.append(pk)
        else:
            report.unchanged += 1
    queued.update(ids)
    return sorted(ids)


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class QueueStatus:
    """The ingest jobs by state, and the reasons of the failed ones."""

    queued: int
    running: int
    done: int
    failed: int
    cancelled: int
    retried: int  # jobs run more than once (transient errors, stopped or lost workers)
    waiting_articles: int
    failures: tuple[tuple[int, str], ...]  # (job id, "origin: reason")

    def lines(self) -> list[str]:
        out = [f"jobs: {self.queued} queued, {self.running} running, {self.done} done, "
               f"{self.failed} failed, {self.cancelled} cancelled; {self.retried} retried",
               f"articles waiting for extraction: {self.waiting_articles}"]
        out += [f"failed: job {job}: {reason}" for job, reason in self.failures]
        return out


def queue_status(*, job_ids: Sequence[int] | None = None, reasons: int = 20) -> QueueStatus:
    """Counts of the ingest jobs (all, or these), with up to ``reasons`` failure reasons."""
    from django.db.models import Count, Q
    from procrastinate.contrib.django.models import ProcrastinateJob

    from meetings.models import Article

    jobs = ProcrastinateJob.objects.filter(task_name=TASK)
    if job_ids is not None:
        jobs = jobs.filter(pk__in=list(job_ids))
    counts = jobs.aggregate(
        queued=Count("id", filter=Q(status="todo")),
        running=Count("id", filter=Q(status="doing")),
        done=Count("id", filter=Q(status="succeeded")),
        failed=Count("id", filter=Q(status="failed")),
        cancelled=Count("id", filter=Q(status__in=["cancelled", "aborted"])),
        # attempts counts the runs that ended: one for a job done the first time.
        retried=Count("id", filter=Q(attempts__gt=1)
                      | Q(status__in=["todo", "doing"], attempts__gt=0)))
    failures: list[tuple[int, str]] = []
    for job in jobs.filter(status="failed").order_by("id")[:reasons]:
        articles = Article.objects.filter(pk__in=job.args.get("article_ids", []),
                                          pending=True).exclude(extraction_error="")
        found = [(job.pk, f"{a.origin or f'article {a.pk}'}: {a.extraction_error}")
                 for a in articles.order_by("id")]
        failures += found or [(job.pk, "see the worker's log")]
    waiting = Article.objects.filter(pending=True)
    if job_ids is not None:
        ids = {pk for args in jobs.values_list("args", flat=True)
               for pk in args.get("article_ids", [])}
        waiting = waiting.filter(pk__in=ids)
    return QueueStatus(waiting_articles=waiting.count(), failures=tuple(failures[:reasons]),
                       **counts)


def wait_drained(*, job_ids: Sequence[int], err: TextIO = sys.stderr, progress: bool = False,
                 poll: float = 0.5) -> QueueStatus:
    """Wait until none of these jobs is queued or running; a progress bar in articles."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    sizes = dict(ProcrastinateJob.objects.filter(pk__in=list(job_ids)).values_list(
        "id", "args"))
    sizes = {pk: len(args.get("article_ids", [])) for pk, args in sizes.items()}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", total=sum(sizes.values()), unit=" articles", file=err,
                   dynamic_ncols=True)
    try:
        while True:
            open_jobs = set(ProcrastinateJob.objects.filter(
                pk__in=list(sizes), status__in=["todo", "doing"]).values_list("id", flat=True))
            if bar is not None:
                bar.update(sum(n for pk, n in sizes.items() if pk not in open_jobs) - bar.n)
            if not open_jobs:
                break
            time.sleep(poll)
    finally:
        if bar is not None:
            bar.close()
    return queue_status(job_ids=list(sizes))
