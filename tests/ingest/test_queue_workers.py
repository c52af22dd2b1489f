"""Queued ingest with real worker processes against the test database.

Each test starts its own ``manage.py ingest_worker`` processes (short heartbeat and
stall timeout) and stops them; the data they must see is committed (transactional
tests). The job tables are not Django-managed, so they are emptied here around each test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from meetings.ingest import queue, tasks
from meetings.models import (
    Article,
    Meeting,
    MeetingSource,
    Official,
    OfficialMention,
    QueuedArticle,
)
from tests.ingest.test_queue import run, write

pytestmark = [pytest.mark.nlp, pytest.mark.django_db(transaction=True)]

HEARTBEAT, STALL = 0.5, 2.0
ROOT = Path(settings.BASE_DIR)


def _empty_job_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers,"
                       " procrastinate_periodic_defers, procrastinate_events CASCADE")


@pytest.fixture
def processes():
    """Start manage.py commands on the test database; all stopped at the end."""
    started: list[subprocess.Popen] = []
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    url = (f"postgres://{quote(db['USER'], safe='')}{password}@{port}/{quote(db['NAME'])}"
           f"?host={quote(db['HOST'], safe='')}")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_LOG_LEVEL": "WARNING"}
    _empty_job_tables()
    call_command("load_topics", verbosity=0)

    def start(*args: str) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(process)
        return process

    def worker(*args: str) -> subprocess.Popen:
        return start("ingest_worker", "--heartbeat", str(HEARTBEAT),
                     "--stall-timeout", str(STALL), *args)

    start.worker = worker
    start.env = env
    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    connection.close()  # the workers' jobs left no lock behind; the tables can be emptied
    _empty_job_tables()


def until(condition, *, timeout: float, poll: float = 0.05, what: str = "condition"):
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(poll)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def drained() -> bool:
    return not ProcrastinateJob.objects.filter(task_name=queue.TASK,
                                               status__in=["todo", "doing"]).exists()


def assert_whole(articles) -> None:
    """Every article names both ministers and reports their meeting: all or nothing."""
    for article in articles:
        assert MeetingSource.objects.filter(article=article).count() == 1, article.origin
        assert OfficialMention.objects.filter(article=article).count() == 2, article.origin


def assert_each_article_stored_whole_once(count: int) -> None:
    assert Article.objects.count() == count
    assert not QueuedArticle.objects.exists()
    assert_whole(Article.objects.all())
    assert Official.objects.filter(name="Antony Blinken").count() == 1
    assert Official.objects.filter(name="Wang Yi").count() == 1


def test_a_worker_killed_mid_batch_has_its_job_recovered_and_each_article_stored_once(
        processes, tmp_path):
    count = 2 * tasks.BATCH + tasks.TAIL  # batches first, then one-article jobs
    out, err, failed = run("ingest", "--queue", str(write(tmp_path / "in", count)))
    assert failed is None, err
    victim = processes.worker()
    # Killed as soon as it has stored one article: the rest of its batch is in its hands.
    until(lambda: Article.objects.exists(), timeout=120, poll=0.01,
          what="the first article stored")
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    held = list(ProcrastinateJob.objects.filter(task_name=queue.TASK, status="doing"))
    assert held, "the killed worker held no job"
    assert QueuedArticle.objects.exists()
    assert_whole(Article.objects.all())  # nothing half-written
    processes.worker("--until-empty")  # exits when the queue is empty
    rescuer = processes.worker()
    until(drained, timeout=180, poll=0.2, what="the queue to drain")
    rescuer.send_signal(signal.SIGINT)
    assert rescuer.wait(timeout=30) == 130
    assert_each_article_stored_whole_once(count)
    recovered = ProcrastinateJob.objects.get(pk=held[0].pk)
    assert recovered.status == "succeeded" and recovered.attempts >= 2
    out, _, _ = run("ingest_status")
    assert "0 queued, 0 running" in out and "0 failed" in out
    assert "0 retried" not in out


CZECH = ["Petra Novakova", "Karel Dvorak", "Jana Horakova", "Tomas Cerny", "Eva Kralova",
         "Milan Benes", "Lenka Svobodova", "Pavel Marek"]
FINNISH = ["Ilkka Virtanen", "Aino Korhonen", "Mikko Nieminen", "Laura Makinen",
           "Juha Hamalainen", "Sanna Laine", "Timo Heikkinen", "Kaisa Koskinen"]


def registered_workers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers")
        return cursor.fetchone()[0]


def test_workers_storing_the_same_new_people_at_once_make_one_official_and_one_meeting(
        processes, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for m, (czech, finn) in enumerate(zip(CZECH, FINNISH, strict=True)):
        for copy in range(2):  # two reports of each meeting, each in a job of its own
            (folder / f"m{m}c{copy}.txt").write_text(
                f"Ministers meet, report {copy}\n\nDate: 2024-04-{9 + m:02d}\n\nCzech Foreign "
                f"Minister {czech} met Finnish Foreign Minister {finn} in Prague on Tuesday. "
                f"The two discussed energy security, report {copy}.\n")
    # Queued before any worker runs: a worker started first could take one of these
    # batches before they are replaced below, and store its articles a second way.
    run("ingest", "--queue", str(folder))  # batches, to be split below: one article a job
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    workers = [processes.worker() for _ in range(2)]
    until(lambda: registered_workers() == 2, timeout=120, poll=0.1, what="two workers")
    with transaction.atomic():
        # The two reports of a meeting are next in the queue: the two workers, both
        # idle, take them at the same moment.
        for pk in QueuedArticle.objects.order_by("origin").values_list("id", flat=True):
            tasks.ingest_articles.defer(queued_ids=[pk])
    until(drained, timeout=240, poll=0.2, what="the queue to drain")
    for worker in workers:
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=30) == 130, worker.stderr.read()
    assert ProcrastinateJob.objects.filter(status="succeeded").count() == 2 * len(CZECH)
    for name in CZECH + FINNISH:
        assert Official.objects.filter(name=name).count() == 1, name
    assert Meeting.objects.count() == len(CZECH)
    assert all(m.sources.count() == 2 for m in Meeting.objects.all())


def test_two_ingest_runs_of_the_same_files_at_once_both_succeed(processes, tmp_path):
    count = 48  # enough for the two runs to overlap whatever their start-up times
    folder = write(tmp_path / "in", count)
    runs = [processes("ingest", str(folder)) for _ in range(2)]
    results = [process.communicate(timeout=300) for process in runs]
    for process, (out, err) in zip(runs, results, strict=True):
        assert process.returncode == 0, err
        assert "0 failed" in out and "duplicate key" not in err
    stored = [int(out.split(" stored")[0].rsplit(" ", 1)[-1]) for out, _ in results]
    unchanged = [int(out.split(" unchanged")[0].rsplit(" ", 1)[-1]) for out, _ in results]
    assert sum(stored) == count and sum(unchanged) == count
    assert Article.objects.count() == count
    assert Official.objects.filter(name="Antony Blinken").count() == 1


def test_ctrl_c_stops_a_worker_in_seconds_its_job_goes_back_and_a_rerun_completes(
        processes, tmp_path):
    count = 3 * tasks.BATCH + tasks.TAIL
    run("ingest", "--queue", str(write(tmp_path / "in", count)))
    worker = processes.worker()
    until(lambda: Article.objects.exists(), timeout=120, poll=0.01,
          what="the first article stored")
    worker.send_signal(signal.SIGINT)
    asked = time.monotonic()
    assert worker.wait(timeout=30) == 130
    assert time.monotonic() - asked < 10
    assert not ProcrastinateJob.objects.filter(status="doing").exists()  # given back
    assert QueuedArticle.objects.exists()
    assert_whole(Article.objects.all())
    again = processes.worker("--until-empty")
    assert again.wait(timeout=300) == 0
    assert_each_article_stored_whole_once(count)


def test_an_article_failing_extraction_fails_its_job_without_blocking_the_queue(
        processes, tmp_path, monkeypatch):
    """A real Procrastinate worker, in this process so that extraction can be made to fail."""
    from procrastinate.contrib.django import app

    from meetings.ingest import pipeline

    real = pipeline.extract_doc

    def fragile(doc, article, **kwargs):
        if "round 2." in article.body:
            raise RuntimeError("rules fell over")
        return real(doc, article, **kwargs)

    monkeypatch.setattr(pipeline, "extract_doc", fragile)
    # The worker's threads close their connections after each job, as a request would,
    # so none is left open on the test database.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    folder = write(tmp_path / "in", 2)
    run("ingest", "--queue", str(folder / "a002.txt"))
    run("ingest", "--queue", str(folder / "a001.txt"))  # a second job, queued behind
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=[tasks.QUEUE], wait=False, install_signal_handlers=False,
                       listen_notify=False)
    assert list(ProcrastinateJob.objects.order_by("id").values_list("status", flat=True)) == [
        "failed", "succeeded"]
    out, _, _ = run("ingest_status")
    assert "1 done, 1 failed" in out
    assert "a002.txt: extraction failed: rules fell over" in out
    assert QueuedArticle.objects.get().origin.endswith("a002.txt")
    assert not Article.objects.filter(origin__endswith="a002.txt").exists()
    # Fixed, then retried by a curator: the job runs again and stores the article.
    monkeypatch.setattr(pipeline, "extract_doc", real)
    failed = ProcrastinateJob.objects.get(status="failed")
    from procrastinate import utils

    app.job_manager.retry_job_by_id(failed.pk, utils.utcnow())
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=[tasks.QUEUE], wait=False, install_signal_handlers=False,
                       listen_notify=False)
    assert not QueuedArticle.objects.exists()
    assert Article.objects.filter(origin__endswith="a002.txt").exists()


def test_queueing_loads_neither_spacy_nor_the_write_side(processes, tmp_path):
    """``ingest --queue`` only reads and queues: its time is the clock's fixed overhead."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", "ingest", "--queue",
         str(write(tmp_path / "in", 3))],
        cwd=ROOT, env=processes.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 new" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "meetings.ingest.queue" in imported  # the listing is complete
    assert not imported & {"spacy", "datasketch", "meetings.ingest.persist",
                           "meetings.ingest.pipeline"}


def test_wait_shows_progress_until_the_workers_have_drained_the_queue(processes, tmp_path):
    count = tasks.BATCH + tasks.TAIL  # one job of a batch, then one article a job
    processes.worker()
    enqueue = processes("ingest", "--queue", "--wait", "--progress",
                        str(write(tmp_path / "in", count)))
    out, err = enqueue.communicate(timeout=300)
    assert enqueue.returncode == 0, err
    assert f"{count} new" in out
    assert f"jobs: 0 queued, 0 running, {1 + tasks.TAIL} done, 0 failed" in out
    assert f"{count}/{count}" in err  # the bar, complete
    assert not QueuedArticle.objects.exists() and Article.objects.count() == count


def test_ctrl_c_stops_an_embedded_ingest_in_seconds_keeping_whole_articles(processes,
                                                                           tmp_path):
    count = 4 * tasks.BATCH
    folder = write(tmp_path / "in", count)
    embedded = processes("ingest", str(folder))
    until(lambda: Article.objects.exists(), timeout=120, poll=0.01,
          what="the first article stored")
    embedded.send_signal(signal.SIGINT)
    asked = time.monotonic()
    out, err = embedded.communicate(timeout=30)
    assert embedded.returncode == 130, err
    assert time.monotonic() - asked < 10
    # The interrupted summary goes to stderr with the progress; stdout stays for results.
    assert "interrupted:" in err and "interrupted:" not in out
    stored = Article.objects.count()
    assert 0 < stored < count
    assert_whole(Article.objects.all())
    again = processes("ingest", str(folder))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"{count - stored} stored" in out and f"{stored} unchanged" in out
    assert_each_article_stored_whole_once(count)
