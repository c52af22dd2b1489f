"""The task-engine jobs of queued ingest (Procrastinate): ids in, the write side out.

``ingest_articles`` takes a batch of queued articles (``QueuedArticle``, stored by
``ingest --queue``, so a worker needs the database and nothing else). For each, in its
own transaction: extract, hand the extraction to the write side
(``persist.article_store``, the same call as the embedded ingest), and delete the queued
row. Idempotent: an article no longer queued is skipped, so a retried or recovered job
never stores an article twice, and the row lock taken before storing makes two workers
holding the same article store it once. ``reprocess_articles`` re-extracts stored
articles (``ingest --reprocess --queue``).

Failures:
- a transient database error (connection lost, deadlock, serialization failure) makes
  the job retry with exponential backoff; the articles it already stored are skipped;
- an article whose extraction (or storage) fails keeps its queued row, with the reason
  in ``extraction_error``; the rest of the batch goes on, then the job ends failed with
  the reasons, and is not retried (the same text would fail the same way), so it never
  blocks the queue; a curator can retry it from the admin once the cause is fixed;
- a worker asked to stop (Ctrl-C, SIGTERM) finishes the article in hand and puts the
  job back in the queue; a worker killed outright has its jobs put back by the other
  workers once its heartbeat is older than the stall timeout (``recover_stalled``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.db import InterfaceError, OperationalError, transaction
from procrastinate import JobContext, RetryDecision
from procrastinate.contrib.django import app
from procrastinate.exceptions import JobAborted
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy

from meetings.ingest.records import ArticleInput, Extraction, Lexicon
from meetings.runs import InputError, RunReport

logger = logging.getLogger(__name__)

QUEUE = "ingest"
# Articles per job, and one spaCy batch (as fast per article as 16 here; one alone is
# 15% slower). Small jobs let workers finish together: the last job of a run keeps one
# worker busy while the others wait, and a job costs its worker about 4 ms.
BATCH = 4
# The last articles of a run go one a job: the run ends when its last job does, and
# single articles let the workers finish within an article of each other.
TAIL = 2 * BATCH
MAX_ATTEMPTS = 5  # runs of a job that meets transient database errors
BACKOFF = 2  # seconds before the first retry, doubling each time
LEXICON_TTL = 60.0  # seconds a worker reuses the known officials before reading them again


class ArticlesFailed(Exception):
    """Some articles of a job could not be extracted or stored (reasons in the message)."""


class TransientRetry(BaseRetryStrategy):
    """Retry transient database errors with exponential backoff; a stopped worker's job at once."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, JobAborted):  # the worker was stopped: another one takes it
            return RetryDecision(retry_in={"seconds": 0})
        if isinstance(exception, (OperationalError, InterfaceError)) and \
                job.attempts + 1 < MAX_ATTEMPTS:
            return RetryDecision(retry_in={"seconds": BACKOFF * 2 ** job.attempts})
        return None


def job_report() -> RunReport:
    """An empty report of one job; ids["meetings"] gets the meetings written.

    ``skipped`` counts articles done already (by an earlier run of the job, or another
    worker); ``no_meetings`` those read and understood with nothing to store (as in the
    embedded ingest).
    """
    return RunReport("{stored} stored, {no_meetings} without meetings, {skipped} already done")


def _run(outcome: RunReport) -> str:
    if outcome.failures:
        raise ArticlesFailed(f"{outcome.summary()}, {outcome.failed} failed: "
                             + "; ".join(map(str, outcome.failures)))
    return outcome.summary()


@app.task(name="meetings.ingest.tasks.ingest_articles", queue=QUEUE, pass_context=True,
          retry=TransientRetry())
def ingest_articles(context: JobContext, queued_ids: list[int]) -> str:
    """Extract and store each queued article of the batch, each in its own transaction."""
    return _run(articles_ingest(queued_ids=queued_ids, should_stop=context.should_abort,
                                record_transient=context.job.attempts + 1 >= MAX_ATTEMPTS))


@app.task(name="meetings.ingest.tasks.reprocess_articles", queue=QUEUE, pass_context=True,
          retry=TransientRetry())
def reprocess_articles(context: JobContext, article_ids: list[int]) -> str:
    """Extract stored articles again with the current rules, each in its own transaction."""
    return _run(articles_reprocess(article_ids=article_ids, should_stop=context.should_abort))


def articles_ingest(*, queued_ids: Iterable[int], should_stop=lambda: False,
                    record_transient: bool = False) -> RunReport:
    """The work of one ingest job, outside the task engine (tests and the bench call it)."""
    from meetings.models import QueuedArticle

    ids = list(queued_ids)
    waiting = {q.pk: q for q in QueuedArticle.objects.filter(pk__in=ids)}
    outcome = job_report()
    outcome.add("skipped", len(set(ids) - set(waiting)))
    rows = [waiting[pk] for pk in ids if pk in waiting]

    def store(row, extraction) -> None:
        try:
            stored = queued_store(queued_id=row.pk, extraction=extraction)
        except (OperationalError, InterfaceError) as exc:
            if record_transient:
                _failed(row.pk, f"could not be stored: {exc}")
            raise  # retried with backoff
        if stored is None:
            outcome.add("skipped")
        elif stored is NO_MEETINGS:
            outcome.add("no_meetings")
        elif not stored.created:  # stored by an embedded run meanwhile
            outcome.add("skipped")
        else:
            outcome.add("stored")
            outcome.ids["meetings"].update(stored.meeting_ids)

    _each(rows, [_input(r) for r in rows], store=store, outcome=outcome,
          should_stop=should_stop, on_failure=lambda row, reason: _failed(row.pk, reason))
    return outcome


def articles_reprocess(*, article_ids: Iterable[int], should_stop=lambda: False) -> RunReport:
    """The work of one reprocess job: each stored article extracted again and replaced."""
    from meetings.ingest import persist
    from meetings.models import Article

    outcome = job_report()
    rows = list(Article.objects.filter(pk__in=list(article_ids)).order_by("id"))

    def store(row, extraction) -> None:
        stored = persist.article_store(extraction=extraction, reprocess=True)
        outcome.add("stored")
        outcome.ids["meetings"].update(stored.meeting_ids)

    _each(rows, [_article_input(r) for r in rows], store=store, outcome=outcome,
          should_stop=should_stop, on_failure=lambda row, reason: None)
    return outcome


def _each(rows: list, inputs: list[ArticleInput], *, store, outcome: RunReport, should_stop,
          on_failure) -> None:
    """Extract the batch, then store each article in turn, stopping between articles."""
    from meetings.ingest.persist import lexicon_from_db
    from meetings.ingest.service import confirm_with_records

    if rows and should_stop():
        raise JobAborted("the worker is stopping: the job goes back to the queue")
    lexicon = _lexicon(lexicon_from_db)
    for n, (row, source, extraction) in enumerate(_extract(rows, inputs, lexicon=lexicon)):
        # Between articles only: the one in hand is stored whole, the rest go back.
        if n and should_stop():
            raise JobAborted("the worker is stopping: the job goes back to the queue")
        if isinstance(extraction, Exception):
            reason = f"extraction failed: {extraction}"
        else:
            try:
                store(row, extraction)
                continue
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported
                reason = f"could not be stored: {exc}"
        on_failure(row, reason)
        outcome.failures.append(InputError(source.origin, reason))
    confirm_with_records(outcome.ids["meetings"])


NO_MEETINGS = object()  # what queued_store returns for an article reporting no meeting


def queued_store(*, queued_id: int, extraction: Extraction):
    """Store a queued article's extraction and unqueue it, in one transaction.

    The write side's result; ``NO_MEETINGS`` when the article reports none (not stored,
    as in the embedded ingest); None when the article is no longer queued (done).
    """
    from meetings.ingest import persist
    from meetings.models import QueuedArticle

    with transaction.atomic():
        # The row lock: a second worker holding the same article waits here, then
        # finds it gone. (The write side takes its own locks on identities.)
        if not QueuedArticle.objects.select_for_update().filter(pk=queued_id).exists():
            return None
        result = persist.article_store(extraction=extraction) if extraction.meetings \
            else NO_MEETINGS
        QueuedArticle.objects.filter(pk=queued_id).delete()
    return result


def _failed(queued_id: int, reason: str) -> None:
    from meetings.models import QueuedArticle

    QueuedArticle.objects.filter(pk=queued_id).update(extraction_error=reason[:2000])


def _extract(rows: list, inputs: list[ArticleInput], *, lexicon: Lexicon):
    """(row, input, Extraction or the exception it raised) for each article, in order."""
    from meetings.ingest.pipeline import extract_many

    done = 0
    try:
        for pair, extraction in zip(zip(rows, inputs, strict=True),
                                    extract_many(inputs, lexicon=lexicon,
                                                 batch_size=max(len(inputs), 1)), strict=True):
            yield (*pair, extraction)
            done += 1
        return
    except Exception:  # noqa: BLE001 - isolated below, article by article
        logger.info("a batch failed extraction: its articles are extracted one by one")
    # One bad article must cost one: the rest of the batch again, one at a time.
    for row, source in zip(rows[done:], inputs[done:], strict=True):
        try:
            result = next(extract_many([source], lexicon=lexicon, batch_size=1))
        except Exception as exc:  # noqa: BLE001 - reported per article
            yield row, source, exc
        else:
            yield row, source, result


def _input(row) -> ArticleInput:
    return ArticleInput(title=row.title, body=row.body, date=row.published_on,
                        source=row.source, url=row.url, id=row.external_id,
                        origin=row.origin or f"queued article {row.pk}")


def _article_input(article) -> ArticleInput:
    return ArticleInput(title=article.title, body=article.body, date=article.published_on,
                        source=article.source, url=article.url, id=article.external_id,
                        origin=article.origin or f"article {article.pk}")


def warm_up() -> None:
    """Load what a worker's first job would otherwise load on the clock: the pipeline, the
    write side's modules, the known officials, and the rules' first run (about 1 s)."""
    import datetime as dt

    from meetings.ingest import persist  # noqa: F401 - its imports (datasketch, scipy)
    from meetings.ingest.pipeline import extract_many
    from meetings.services.lexicon import lexicon_from_db

    text = ("U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in "
            "Beijing on Monday. They discussed export controls.")
    list(extract_many([ArticleInput(title="warm-up", body=text, date=dt.date(2024, 1, 12))],
                      lexicon=_lexicon(lexicon_from_db)))


_lexicon_cache: tuple[float, Lexicon] | None = None


def _lexicon(load) -> Lexicon:
    """Known officials and topics, read again once a minute (a worker runs for hours)."""
    global _lexicon_cache
    now = time.monotonic()
    if _lexicon_cache is None or now - _lexicon_cache[0] > LEXICON_TTL:
        _lexicon_cache = (now, load())
    return _lexicon_cache[1]


async def recover_stalled(*, stall_timeout: float) -> list[int]:
    """Put back in the queue the jobs of workers silent for ``stall_timeout`` seconds."""
    recovered = []
    for job in await app.job_manager.get_stalled_jobs(queue=QUEUE,
                                                      seconds_since_heartbeat=stall_timeout):
        try:
            await app.job_manager.retry_job(job)
        except Exception:  # noqa: BLE001 - another worker recovered it first
            logger.debug("job %s was recovered by another worker", job.id)
            continue
        logger.warning("job %s of a stalled worker is back in the queue", job.id)
        recovered.append(job.id)
    return recovered
