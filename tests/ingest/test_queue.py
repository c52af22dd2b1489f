"""Queued ingest in this process: enqueueing, the job's work, its failures and its status.

Real worker processes (kill -9, concurrent identity, concurrent runs, Ctrl-C) are in
test_queue_workers.py.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from procrastinate.contrib.django.models import ProcrastinateJob

from meetings.ingest import queue, tasks
from meetings.models import Article, Meeting, Official, QueuedArticle

pytestmark = [pytest.mark.nlp]


def article_text(n: int) -> str:
    """A short invented article: two ministers meet, in a week of its own."""
    day = dt.date(2023, 1, 6) + dt.timedelta(weeks=n)
    return (f"Ministers meet, number {n}\n\nDate: {day.isoformat()}\n\n"
            f"U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in "
            f"Beijing on Monday. They discussed export controls, round {n}.\n")


def write(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(1, count + 1):
        (folder / f"a{n:03d}.txt").write_text(article_text(n))
    return folder


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    failed = None
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        failed = exc
    return out.getvalue(), err.getvalue(), failed


@pytest.fixture
def topics(db):
    call_command("load_topics", verbosity=0)


def test_queue_stores_each_article_once_and_enqueues_batches(topics, tmp_path):
    count = 2 * tasks.BATCH + 3 + tasks.TAIL
    folder = write(tmp_path / "in", count)
    (folder / "copy.txt").write_text(article_text(1))  # the same body twice: queued once
    out, err, failed = run("ingest", "--queue", str(folder))
    assert failed is None, err
    assert QueuedArticle.objects.count() == count
    assert Article.objects.count() == 0 and Meeting.objects.count() == 0  # workers do it
    jobs = ProcrastinateJob.objects.filter(task_name=queue.TASK).order_by("id")
    # Batches, then the last articles one a job, so that workers finish together.
    assert [len(j.args["queued_ids"]) for j in jobs] == [
        tasks.BATCH, tasks.BATCH, 3, *[1] * tasks.TAIL]
    queued = [pk for j in jobs for pk in j.args["queued_ids"]]
    assert queued == sorted(queued) and len(set(queued)) == count  # in order, each once
    assert f"{count} new" in out and f"queued in {3 + tasks.TAIL} jobs" in out


def test_queue_run_twice_enqueues_nothing_new(topics, tmp_path):
    folder = write(tmp_path / "in", 3)
    run("ingest", "--queue", str(folder))
    jobs = ProcrastinateJob.objects.filter(task_name=queue.TASK).count()
    out, err, failed = run("ingest", "--queue", str(folder))
    assert failed is None
    assert "0 new" in out and "3 already stored" in out
    assert ProcrastinateJob.objects.filter(task_name=queue.TASK).count() == jobs == 3


def test_a_bad_file_is_one_line_at_enqueue_time(topics, tmp_path):
    folder = write(tmp_path / "in", 2)
    (folder / "bad.json").write_text("{not json")
    out, err, failed = run("ingest", "--queue", str(folder))
    assert failed is not None
    lines = [line for line in err.splitlines() if "bad.json" in line]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert QueuedArticle.objects.count() == 2


def test_the_job_stores_each_article_and_a_rerun_changes_nothing(topics, tmp_path):
    run("ingest", "--queue", str(write(tmp_path / "in", 3)))
    ids = list(QueuedArticle.objects.values_list("id", flat=True))
    outcome = tasks.articles_ingest(queued_ids=ids)
    assert (outcome["stored"], outcome["skipped"], outcome.failures) == (3, 0, [])
    assert not QueuedArticle.objects.exists() and Article.objects.count() == 3
    assert Official.objects.filter(name="Antony Blinken").count() == 1
    before = sorted(Meeting.objects.values_list("id", "date", "updated_at"))
    again = tasks.articles_ingest(queued_ids=ids)
    assert (again["stored"], again["skipped"]) == (0, 3)
    assert sorted(Meeting.objects.values_list("id", "date", "updated_at")) == before


def test_one_article_failing_extraction_is_recorded_and_the_rest_stored(topics, tmp_path,
                                                                      monkeypatch):
    from meetings.ingest import pipeline

    real = pipeline.extract_doc

    def fragile(doc, article, **kwargs):
        if "round 2." in article.body:
            raise RuntimeError("rules fell over")
        return real(doc, article, **kwargs)

    monkeypatch.setattr(pipeline, "extract_doc", fragile)
    run("ingest", "--queue", str(write(tmp_path / "in", 3)))
    ids = sorted(QueuedArticle.objects.values_list("id", flat=True))
    outcome = tasks.articles_ingest(queued_ids=ids)
    assert outcome["stored"] == 2 and Article.objects.count() == 2
    assert len(outcome.failures) == 1 and "a002.txt" in outcome.failures[0].origin
    failed = QueuedArticle.objects.get()  # kept, with the reason, for a retry
    assert failed.extraction_error == "extraction failed: rules fell over"


def test_transient_database_errors_retry_with_backoff_and_others_do_not():
    from django.db import IntegrityError, OperationalError
    from procrastinate.exceptions import JobAborted
    from procrastinate.jobs import Job

    def job(attempts: int) -> Job:
        return Job(id=1, queue="ingest", lock=None, queueing_lock=None, task_name="t",
                   attempts=attempts)

    strategy = tasks.TransientRetry()
    waits = [strategy.get_retry_decision(exception=OperationalError("deadlock detected"),
                                         job=job(n)) for n in range(tasks.MAX_ATTEMPTS)]
    delays = [round((w.retry_at - waits[0].retry_at).total_seconds()) for w in waits[:-1]]
    assert waits[-1] is None  # given up after MAX_ATTEMPTS runs
    assert delays == sorted(delays) and delays[-1] >= 2 ** (tasks.MAX_ATTEMPTS - 2)
    assert strategy.get_retry_decision(exception=IntegrityError("x"), job=job(0)) is None
    assert strategy.get_retry_decision(exception=tasks.ArticlesFailed("x"), job=job(0)) is None
    assert strategy.get_retry_decision(exception=JobAborted(), job=job(3)) is not None


def test_reprocess_queue_extracts_stored_articles_again(topics, tmp_path):
    from django.db import connection

    folder = write(tmp_path / "in", 2)
    run("ingest", str(folder))  # stored by the embedded ingest
    meetings = sorted(Meeting.objects.values_list("kind", "date"))
    out, err, failed = run("ingest", "--reprocess", "--queue")
    assert failed is None and "queued in 2 jobs" in out  # the last ones one a job
    ids = [pk for job in ProcrastinateJob.objects.filter(
        task_name=tasks.reprocess_articles.name) for pk in job.args["article_ids"]]
    Meeting.objects.all().update(place="")  # what a re-extraction gives back
    outcome = tasks.articles_reprocess(article_ids=ids)
    assert outcome["stored"] == 2
    assert sorted(Meeting.objects.values_list("kind", "date")) == meetings
    assert Meeting.objects.exclude(place="").exists()
    out, err, failed = run("ingest", "--reprocess", "--queue", str(folder))
    assert "2 already stored" in out  # waiting in the job above: not queued twice
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded'")
    out, err, failed = run("ingest", "--reprocess", "--queue", str(folder))
    assert "2 waiting again" in out


def test_status_counts_jobs_by_state(topics, tmp_path):
    run("ingest", "--queue", str(write(tmp_path / "in", 2)))
    out, err, failed = run("ingest_status")
    assert "jobs: 2 queued, 0 running, 0 done, 0 failed" in out  # one article a job
    assert "articles waiting for extraction: 2" in out


def test_the_admin_lists_jobs_and_a_curator_retries_a_failed_one(topics, tmp_path,
                                                                 admin_client):
    from django.db import connection

    run("ingest", "--queue", str(write(tmp_path / "in", 1)))
    job = ProcrastinateJob.objects.get(task_name=queue.TASK)
    with connection.cursor() as cursor:  # as a worker would leave it
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed', attempts = 1"
                       " WHERE id = %s", [job.pk])
    page = admin_client.get("/admin/procrastinate/procrastinatejob/")
    assert page.status_code == 200 and "ingest_articles" in page.text
    assert "Retry Job" in page.text
    response = admin_client.post("/admin/procrastinate/procrastinatejob/", {
        "action": "retry", "_selected_action": [str(job.pk)]})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "todo"
    out, _, _ = run("ingest_status")
    assert "1 queued" in out and "1 retried" in out


def test_without_the_right_to_change_articles_no_job_action_is_offered(
        topics, tmp_path, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="a-long-password-123",
                                                 is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_procrastinatejob"))
    client.force_login(user)
    run("ingest", "--queue", str(write(tmp_path / "in", 1)))
    page = client.get("/admin/procrastinate/procrastinatejob/")
    assert page.status_code == 200 and "ingest_articles" in page.text
    assert "Retry Job" not in page.text


def test_a_worker_warms_up_before_its_first_job(topics, monkeypatch):
    """What the first job would read and load on the clock, the worker does before it
    registers: the known officials and topics are read, the write side is imported."""
    import sys

    monkeypatch.setattr(tasks, "_lexicon_cache", None)
    tasks.warm_up()
    assert tasks._lexicon_cache is not None
    assert {t.slug for t in tasks._lexicon_cache[1].topics} >= {"human-rights"}
    assert "meetings.ingest.persist" in sys.modules


def test_prune_deletes_old_finished_jobs_and_keeps_failed_and_waiting_ones(topics, tmp_path):
    from django.db import connection

    run("ingest", "--queue", str(write(tmp_path / "in", 4)))  # four jobs of one article
    ids = list(ProcrastinateJob.objects.filter(task_name=queue.TASK).order_by("id")
               .values_list("id", flat=True))
    old_done, old_failed, waiting, new_done = ids
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = ANY(%s)",
                       [[old_done, new_done]])
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s",
                       [old_failed])
        cursor.execute("UPDATE procrastinate_events SET at = now() - interval '3 hours'"
                       " WHERE job_id <> %s", [new_done])
    out, err, failed = run("ingest_status", "--prune", "2")
    assert failed is None, err
    assert out.startswith("pruned 1 jobs done or cancelled more than 2 hours ago")
    left = set(ProcrastinateJob.objects.values_list("id", flat=True))
    assert left == {old_failed, waiting, new_done}
    assert "1 queued, 0 running, 1 done, 1 failed" in out
    out, _, _ = run("ingest_status", "--prune", "2")
    assert out.startswith("pruned 0 jobs")  # the same prune twice changes nothing
    _, _, failed = run("ingest_status", "--prune", "-1")
    assert failed is not None and "--prune" in str(failed)
