"""Ctrl-C during `ingest` and `extract`: a real process, a real SIGINT, a real database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from meetings.models import Article, MeetingSource

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 240

pytestmark = [pytest.mark.nlp, pytest.mark.django_db(transaction=True)]

PEOPLE = [("Secretary of State", "Antony Blinken", "Chinese Foreign Minister", "Wang Yi"),
          ("Foreign Minister", "Sergei Lavrov", "Indian External Affairs Minister",
           "Subrahmanyam Jaishankar"),
          ("Chancellor", "Olaf Scholz", "French President", "Emmanuel Macron")]
PLACES = ["Washington", "Beijing", "New Delhi", "Paris", "Berlin", "Tokyo"]


def write_corpus(folder: Path) -> None:
    """Short invented articles, each reporting one meeting."""
    for n in range(ARTICLES):
        title_a, a, title_b, b = PEOPLE[n % len(PEOPLE)]
        place = PLACES[n % len(PLACES)]
        (folder / f"a{n:03d}.txt").write_text(
            f"Talks number {n}\nDate: 2024-01-12\n\n"
            f"{title_a} {a} met {title_b} {b} in {place} on Friday. The two discussed "
            f"item {n} of their agenda, officials said. {a} said the meeting was useful.\n")


def ingest(folder: Path, command: str = "ingest", *options: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=(f"postgres://{db['USER']}@/{db['NAME']}"
                                         f"?host={quote(db['HOST'], safe='')}"))
    # A session of its own, so the signal can go to the whole group as a terminal's
    # Ctrl-C does.
    return subprocess.Popen(
        [sys.executable, "manage.py", command, *options, str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def interrupt(process: subprocess.Popen) -> tuple[str, str]:
    """Ctrl-C to the process group; its output, once it has ended (at most 30 s later)."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        return process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the command did not end within 30 s of Ctrl-C")


def test_ctrl_c_to_the_group_ends_ingest_soon_keeps_whole_articles_and_a_rerun_completes(
        tmp_path):
    write_corpus(tmp_path)
    process = ingest(tmp_path)
    deadline = time.monotonic() + 240
    while Article.objects.count() < 3:  # wait for progress, however slow the machine
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no article stored in time"
        time.sleep(0.2)
    out, err = interrupt(process)
    assert process.returncode == 130, err
    assert "interrupted:" in err and "interrupted:" not in out
    assert "Traceback" not in err
    stored = Article.objects.count()
    assert 0 < stored < ARTICLES
    # Only whole articles: each stored one has its meeting.
    assert not Article.objects.exclude(
        pk__in=MeetingSource.objects.values("article_id")).exists()

    again = ingest(tmp_path)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert Article.objects.count() == ARTICLES
    assert f"{ARTICLES - stored} stored" in out and f"{stored} unchanged" in out


def test_import_records_reports_an_interruption_on_stderr(monkeypatch, tmp_path):
    import io

    from django.core.management import call_command

    import meetings.historian

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(meetings.historian, "import_paths", interrupted)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_records", str(tmp_path), stdout=out, stderr=err)
    assert exit_.value.code == 130
    assert err.getvalue().startswith("interrupted:") and out.getvalue() == ""


def test_ctrl_c_ends_extract(tmp_path):
    import threading

    write_corpus(tmp_path)
    process = ingest(tmp_path, "extract", "--jsonl")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")),
                              daemon=True)
    reader.start()
    deadline = time.monotonic() + 240
    while len(lines) < 3:  # wait for progress: a few articles printed
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    _, err = interrupt(process)
    assert process.returncode == 130, err
    assert "interrupted:" in err and "Traceback" not in err
