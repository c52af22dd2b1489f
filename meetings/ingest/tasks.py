"""The task-engine jobs of queued ingest (Procrastinate): stored article ids in, records out.

A job is a batch of article ids. The articles were stored by ``ingest --queue`` (marked
``pending``), so a worker needs the database and nothing else. For each article, in
its own transaction: extract, then hand the extraction to the write side
(``persist.article_store``) and clear ``pending``. Idempotent: an article no longer
pending is skipped, so a retried or recovered job never stores an article twice, and
the row lock taken before storing makes two workers holding the same article store it
once.

Failures:
- a transient database error (connection lost, deadlock, serialization failure) makes
  the job retry with exponential backoff; the articles it already stored are skipped;
- an article whose extraction (or storage) fails gets the reason in
  ``Article.extraction_error``; the rest of the batch goes on, then the job ends
  failed with the reasons, and is not retried (the same text would fail the same way),
  so it never blocks the queue; a curator can retry it from the admin;
- a worker asked to stop (Ctrl-C, SIGTERM) finishes the article in hand and puts the
  job back in the queue; a worker killed outright has its jobs put back by the other
  workers once its heartbeat is older than the stall timeout (``recover_stalled``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import InterfaceError, OperationalError, transaction
from procrastinate import JobContext, RetryDecision
from procrastinate.contrib.django import app
from procrastinate.exceptions import JobAborted
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy

from meetings.ingest.records import ArticleInput, Lexicon

logger = logging.getLogger(__name__)

QUEUE = "ingest"
BATCH = 16  # articles per job: one spaCy batch
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


@dataclass
class Outcome:
    """What one job did."""

    stored: int = 0
    skipped: int = 0  # stored already (by an earlier run of the job, or another worker)
    failures: list[str] = field(default_factory=list)
    meeting_ids: set[int] = field(default_factory=set)


@app.task(name="meetings.ingest.tasks.ingest_articles", queue=QUEUE, pass_context=True,
          retry=TransientRetry())
def ingest_articles(context: JobContext, article_ids: list[int]) -> str:
    """Extract and store each pending article of the batch, each in its own transaction."""
    last_attempt = context.job.attempts + 1 >= MAX_ATTEMPTS
    outcome = articles_ingest(article_ids=article_ids, should_stop=context.should_abort,
                              record_transient=last_attempt)
    summary = f"{outcome.stored} stored, {outcome.skipped} already stored"
    if outcome.failures:
        raise ArticlesFailed(f"{summary}, {len(outcome.failures)} failed: "
                             + "; ".join(outcome.failures))
    return summary


def articles_ingest(*, article_ids: Iterable[int], should_stop=lambda: False,
                    record_transient: bool = False) -> Outcome:
    """The work of one job, outside the task engine (so tests and the bench can call it)."""
    from meetings.ingest.persist import lexicon_from_db
    from meetings.ingest.service import confirm_with_records
    from meetings.models import Article

    outcome = Outcome()
    ids = list(article_ids)
    # What is left to do; each article is checked again under its row lock before storing.
    waiting = {a.pk: a for a in Article.objects.filter(pk__in=ids, pending=True)}
    outcome.skipped = len(set(ids) - set(waiting))
    articles = [waiting[pk] for pk in ids if pk in waiting]
    lexicon = _lexicon(lexicon_from_db)
    if articles and should_stop():
        raise JobAborted("the worker is stopping: the job goes back to the queue")
    for n, (article, extraction) in enumerate(_extract(articles, lexicon=lexicon)):
        # Between articles only: the one in hand is stored whole, the rest go back.
        if n and should_stop():
            raise JobAborted("the worker is stopping: the job goes back to the queue")
        origin = article.origin or f"article {article.pk}"
        if isinstance(extraction, Exception):
            reason = f"extraction failed: {extraction}"
            _failed(article.pk, reason)
            outcome.failures.append(f"{origin}: {reason}")
            continue
        try:
            meeting_ids = article_store_pending(article_id=article.pk, extraction=extraction)
        except (OperationalError, InterfaceError) as exc:
            if record_transient:
                _failed(article.pk, f"could not be stored: {exc}")
            raise  # retried with backoff
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported
            reason = f"could not be stored: {exc}"
            _failed(article.pk, reason)
            outcome.failures.append(f"{origin}: {reason}")
            continue
        if meeting_ids is None:
            outcome.skipped += 1
        else:
            outcome.stored += 1
            outcome.meeting_ids.update(meeting_ids)
    confirm_with_records(outcome.meeting_ids)
    return outcome


def article_store_pending(*, article_id: int, extraction) -> list[int] | None:
    """Store an extraction of a pending article; None if it is not pending any more."""
    from meetings.ingest import persist
    from meetings.models import Article

    with transaction.atomic():
        # The row lock: a second worker holding the same article waits here, then
        # finds it done. (persist takes its own locks for officials and meetings.)
        article = Article.objects.select_for_update().filter(pk=article_id, pending=True) \
            .only("id").first()
        if article is None:
            return None
        # The article is stored already: the write side replaces what a previous
        # extraction left (none, unless this is a --reprocess) by this one.
        stored = persist.article_store(extraction=extraction, reprocess=True)
        Article.objects.filter(pk=article_id).update(pending=False, extraction_error="")
    return list(stored.meeting_ids)


def _failed(article_id: int, reason: str) -> None:
    from meetings.models import Article

    Article.objects.filter(pk=article_id).update(extraction_error=reason[:2000])


def _extract(articles: list, *, lexicon: Lexicon):
    """(article, Extraction or the exception it raised) for each article, in order."""
    from meetings.ingest.pipeline import extract_many

    inputs = [_input(a) for a in articles]
    done = 0
    try:
        for pair in zip(articles, extract_many(inputs, lexicon=lexicon,
                                               batch_size=max(len(inputs), 1)), strict=True):
            yield pair
            done += 1
        return
    except Exception:  # noqa: BLE001 - isolated below, article by article
        logger.info("a batch failed extraction: its articles are extracted one by one")
    # One bad article must cost one: the rest of the batch again, one at a time.
    for article, source in zip(articles[done:], inputs[done:], strict=True):
        try:
            result = next(extract_many([source], lexicon=lexicon, batch_size=1))
        except Exception as exc:  # noqa: BLE001 - reported per article
            yield article, exc
        else:
            yield article, result


def _input(article) -> ArticleInput:
    return ArticleInput(title=article.title, body=article.body, date=article.published_on,
                        source=article.source, url=article.url, id=article.external_id,
                        origin=article.origin or f"article {article.pk}")


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
