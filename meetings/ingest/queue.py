"""Queued ingest, the enqueuing side: files -> queued articles -> jobs of batches.

``ingest --queue`` reads the files where it runs, stores each new article once in the
queue table (``QueuedArticle``; the body's SHA-256 is unique there as in ``Article``,
so two runs at once queue it once) and enqueues one job per batch of ids
(``tasks.ingest_articles``), each batch with its job in one transaction: an
interrupted run leaves no article without a job. Workers anywhere then need only the
database. Status and waiting read the job table.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from django.db import connection, transaction

from meetings.ingest.records import ArticleInput
from meetings.ingest.service import read_inputs
from meetings.ingest.tasks import BATCH, TAIL, ingest_articles, reprocess_articles
from meetings.runs import InputError, RunReport

TASK = ingest_articles.name
TASKS = (ingest_articles.name, reprocess_articles.name)


def enqueue_report() -> RunReport:
    """An empty report of a queued ingest; ids["jobs"] gets the jobs enqueued.

    Counters: ``new``, queued now and waiting for a worker; ``queued_again``, queued
    earlier and left without a job (a failed job), or stored articles queued to be
    extracted again (--reprocess); ``unchanged``, stored already or waiting in a job
    already; ``jobs``, the jobs enqueued.
    """
    return RunReport("{read} articles read: {new} new and {queued_again} waiting again, "
                     "queued in {jobs} jobs; {unchanged} already stored, {failed} failed")


def _enqueued(report: RunReport, job_id: int) -> None:
    report.ids["jobs"].add(job_id)
    report.add("jobs")


def _batches(items: Iterable, size: int, *, tail: int = TAIL) -> Iterator[list]:
    """Lists of ``size`` items in order, but the last ``tail`` items one to a list."""
    buffer: list = []
    for item in items:
        buffer.append(item)
        if len(buffer) == size + tail:  # at least ``tail`` items follow these
            yield buffer[:size]
            del buffer[:size]
    if len(buffer) > tail:
        yield buffer[:len(buffer) - tail]
        del buffer[:len(buffer) - tail]
    for item in buffer:
        yield [item]


def enqueue_paths(paths: Sequence[str], *, default_date: dt.date | None = None,
                  max_bytes: int = 10_000_000, stdin: TextIO | None = None,
                  reprocess: bool = False, err: TextIO = sys.stderr,
                  report: RunReport | None = None) -> RunReport:
    """Queue the new articles of these files and enqueue them in batches of ids."""
    # Not the pipeline's or the write side's modules: queueing needs neither spaCy nor
    # the write side's libraries, and their imports would double its time.
    from meetings.ingest.article_files import MissingDateError, base_date
    from meetings.text import body_sha256

    report = report if report is not None else enqueue_report()

    def fail(failure: InputError) -> None:
        report.failures.append(failure)
        print(f"error: {failure}", file=err, flush=True)

    def dated(articles: Iterable[ArticleInput]) -> Iterator[tuple[ArticleInput, str]]:
        # A date is the one thing extraction needs that the text may not give: an
        # article without one is refused here, where the file is, not by a worker.
        seen: set[str] = set()
        for article in articles:
            digest = body_sha256(article.body)
            if digest in seen:
                report.add("unchanged")
                continue
            seen.add(digest)
            if article.date is None:
                try:
                    article = _with_date(article, base_date(article))
                except MissingDateError as exc:
                    fail(InputError(article.origin, str(exc).split(": ", 1)[-1]))
                    continue
            yield article, digest

    articles = read_inputs(paths, default_date=default_date, max_bytes=max_bytes, stdin=stdin,
                           report=report, on_failure=lambda f: print(f"error: {f}", file=err,
                                                                     flush=True))
    in_jobs = _ids_in_open_jobs()
    for batch in _batches(dated(articles), BATCH):
        with transaction.atomic():
            queued_ids, stored_ids = _queue(batch, reprocess=reprocess, in_jobs=in_jobs,
                                            report=report)
            if queued_ids:
                _enqueued(report, ingest_articles.defer(queued_ids=queued_ids))
            if stored_ids:
                _enqueued(report, reprocess_articles.defer(article_ids=stored_ids))
    return report


def enqueue_stored(*, article_ids: Sequence[int] | None = None,
                   report: RunReport | None = None) -> RunReport:
    """``--reprocess --queue``: enqueue stored articles, in batches, to be extracted again."""
    from meetings.models import Article

    report = report if report is not None else enqueue_report()
    qs = Article.objects.order_by("id")
    if article_ids is not None:
        qs = qs.filter(pk__in=list(article_ids))
    ids = list(qs.values_list("id", flat=True))
    report.add("read", len(ids))
    for batch in _batches(ids, BATCH):
        _enqueued(report, reprocess_articles.defer(article_ids=batch))
        report.add("queued_again", len(batch))
    return report


def _with_date(article: ArticleInput, date: dt.date) -> ArticleInput:
    from dataclasses import replace

    return replace(article, date=date)


def _ids_in_open_jobs() -> dict[str, set[int]]:
    """Ids in ingest jobs still queued or running, by kind (not to be enqueued twice)."""
    found: dict[str, set[int]] = {"queued_ids": set(), "article_ids": set()}
    with connection.cursor() as cursor:
        for kind in found:
            cursor.execute(
                "SELECT DISTINCT jsonb_array_elements(args->%s)::bigint FROM procrastinate_jobs"
                " WHERE task_name = ANY(%s) AND status IN ('todo', 'doing') AND args ? %s",
                [kind, list(TASKS), kind])
            found[kind] = {row[0] for row in cursor.fetchall()}
    return found


_COLUMNS = ("title", "source", "url", "external_id", "published_on", "body", "sha256",
            "origin")


def _queue(batch: list[tuple[ArticleInput, str]], *, reprocess: bool,
           in_jobs: dict[str, set[int]], report: RunReport) -> tuple[list[int], list[int]]:
    """Queue the batch's new articles; (queued ids, stored article ids) to enqueue."""
    from meetings.models import Article, QueuedArticle

    digests = [digest for _, digest in batch]
    stored = dict(Article.objects.filter(sha256__in=digests).values_list("sha256", "id"))
    rows = [(a.title[:500], a.source[:200], a.url[:1000], a.id[:200], a.date, a.body, digest,
             a.origin[:1000]) for a, digest in batch if digest not in stored]
    created: dict[str, int] = {}
    if rows:
        with connection.cursor() as cursor:
            # ON CONFLICT: a body queued by a concurrent run stays that run's, queued once.
            cursor.execute(
                f"INSERT INTO meetings_queuedarticle ({', '.join(_COLUMNS)}, queued_at,"  # noqa: S608 - constant text
                f" extraction_error) SELECT {', '.join(f't.{c}' for c in _COLUMNS)},"
                " statement_timestamp(), '' FROM unnest(%s::text[], %s::text[], %s::text[],"
                " %s::text[], %s::date[], %s::text[], %s::text[], %s::text[])"
                f" AS t({', '.join(_COLUMNS)})"
                " ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256",
                [list(column) for column in zip(*rows, strict=True)])
            created = {digest: pk for pk, digest in cursor.fetchall()}
    report.add("new", len(created))
    queued_ids = list(created.values())
    waiting = [d for d in digests if d not in stored and d not in created]
    for pk in QueuedArticle.objects.filter(sha256__in=waiting).values_list("id", flat=True):
        if pk in in_jobs["queued_ids"]:
            report.add("unchanged")  # waiting in a job already
        else:
            report.add("queued_again")
            queued_ids.append(pk)
    stored_ids = []
    for pk in stored.values():
        if reprocess and pk not in in_jobs["article_ids"]:
            report.add("queued_again")
            stored_ids.append(pk)
        else:
            report.add("unchanged")
    in_jobs["queued_ids"].update(queued_ids)
    in_jobs["article_ids"].update(stored_ids)
    return sorted(queued_ids), sorted(stored_ids)


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

    from meetings.models import QueuedArticle

    jobs = ProcrastinateJob.objects.filter(task_name__in=TASKS)
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
        rows = QueuedArticle.objects.filter(pk__in=job.args.get("queued_ids", [])).exclude(
            extraction_error="")
        found = [(job.pk, f"{q.origin or f'queued article {q.pk}'}: {q.extraction_error}")
                 for q in rows.order_by("id")]
        failures += found or [(job.pk, "see the worker's log")]
    waiting = QueuedArticle.objects.all()
    if job_ids is not None:
        ids = {pk for args in jobs.values_list("args", flat=True)
               for pk in args.get("queued_ids", [])}
        waiting = waiting.filter(pk__in=ids)
    return QueueStatus(waiting_articles=waiting.count(), failures=tuple(failures[:reasons]),
                       **counts)


def jobs_prune(*, older_than_hours: float) -> int:
    """Delete the ingest jobs done (or cancelled) more than ``older_than_hours`` ago, with
    their events; how many. Failed jobs stay: they hold the reasons and can be retried."""
    with connection.cursor() as cursor:
        # The job tables are Procrastinate's (read-only models); the condition is that of
        # its own remove_old_jobs: the job's last event is older than the limit.
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE id IN (SELECT j.id FROM procrastinate_jobs j"
            " JOIN procrastinate_events e ON e.job_id = j.id WHERE j.task_name = ANY(%s)"
            " AND j.status IN ('succeeded', 'cancelled', 'aborted') GROUP BY j.id"
            " HAVING max(e.at) < now() - make_interval(secs => %s))"
            " AND id NOT IN (SELECT job_id FROM procrastinate_periodic_defers"
            " WHERE job_id IS NOT NULL)",
            [list(TASKS), older_than_hours * 3600])
        return cursor.rowcount


def wait_drained(*, job_ids: Sequence[int], err: TextIO = sys.stderr, progress: bool = False,
                 poll: float = 0.5) -> QueueStatus:
    """Wait until none of these jobs is queued or running; a progress bar in articles."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    sizes = dict(ProcrastinateJob.objects.filter(pk__in=list(job_ids)).values_list(
        "id", "args"))
    sizes = {pk: len(args.get("queued_ids", args.get("article_ids", [])))
             for pk, args in sizes.items()}
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
