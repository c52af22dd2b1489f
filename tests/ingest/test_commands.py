"""The ingest and extract commands end to end, on the real pipeline and real Postgres."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Article, Meeting, Official, Statement

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_b0e30d72d739cb83.txt"

pytestmark = [pytest.mark.nlp]


def run(*args, stdin: str | None = None):
    out, err = io.StringIO(), io.StringIO()
    failed = None
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        failed = exc
    finally:
        if stdin is not None:
            sys.stdin = old
    return out.getvalue(), err.getvalue(), failed


@pytest.fixture
def topics(db):
    call_command("load_topics", verbosity=0)


@pytest.fixture
def corpus(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_text("   \n\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02GIF89a" * 10)
    (tmp_path / "nothing.txt").write_text(
        "Weather report\n\nDate: 2024-01-12\n\nIt rained in London on Friday. Trains ran late.")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "a1", "title": "Lavrov meets Wang", "date": "2024-03-01",
                    "text": "Russian Foreign Minister Sergei Lavrov met Chinese Foreign "
                            "Minister Wang Yi in Beijing on Friday."}) + "\n"
        + "{not json\n")
    return tmp_path


def test_ingest_reports_each_bad_input_and_stores_the_rest(topics, corpus):
    out, err, failed = run("ingest", str(corpus))
    assert failed is not None  # non-zero exit
    assert "empty.txt" in err and "binary.txt" in err
    assert "lines.jsonl:2" in err
    assert "nothing.txt: no meetings found" in err
    assert Article.objects.count() == 2
    assert not Article.objects.filter(title="Weather report").exists()
    assert Meeting.objects.filter(participations__official__name="Sergei Lavrov").exists()
    assert "2 stored" in out and "failed" in out


def test_the_same_input_twice_changes_nothing(topics, corpus):
    run("ingest", str(corpus / "seed.txt"))
    counts = (Article.objects.count(), Meeting.objects.count(), Official.objects.count(),
              Statement.objects.count())
    out, err, failed = run("ingest", str(corpus / "seed.txt"))
    assert failed is None and "1 unchanged" in out
    assert (Article.objects.count(), Meeting.objects.count(), Official.objects.count(),
            Statement.objects.count()) == counts


def test_the_seed_is_stored_as_five_meetings_and_seven_officials(topics):
    out, err, failed = run("ingest", str(SEED))
    assert failed is None, err
    article = Article.objects.get()
    assert article.published_on.isoformat() == "2024-01-12"
    assert Meeting.objects.count() == 5
    assert sorted(Official.objects.values_list("name", flat=True)) == [
        "Antony Blinken", "Gina Raimondo", "Joe Biden", "Jon Finer", "Liu Jianchao",
        "Wang Wentao", "Xi Jinping"]
    blinken_liu = Meeting.objects.filter(participations__official__name="Antony Blinken").get()
    assert blinken_liu.statements.filter(speaker__name="Antony Blinken").count() == 2


def test_reprocess_keeps_the_same_records(topics):
    run("ingest", str(SEED))
    before = sorted(Meeting.objects.values_list("kind", "date"))
    out, err, failed = run("ingest", "--reprocess")
    assert failed is None and "1 re-extracted" in out
    assert sorted(Meeting.objects.values_list("kind", "date")) == before
    assert Article.objects.count() == 1


def test_extract_prints_json_and_writes_nothing(db, corpus):
    out, err, failed = run("extract", str(corpus / "seed.txt"))
    data = json.loads(out)
    assert data["date"] == "2024-01-12"
    assert {m["kind"] for m in data["meetings"]} == {"meeting", "call", "summit", "talks"}
    assert Article.objects.count() == 0


def test_extract_jsonl_from_stdin_keeps_order_and_ids(db):
    lines = "\n".join(json.dumps({"id": f"r{n}", "title": "", "date": "2023-05-01",
                                  "text": text}) for n, text in enumerate([
        "Met with President Zelenskyy and Foreign Minister Kuleba.",
        "Attended the NATO Foreign Ministerial.",
    ]))
    out, err, failed = run("extract", "--jsonl", "-", stdin=lines + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["r0", "r1"]
    assert {o["name"] for o in rows[0]["officials"]} >= {"Zelenskyy", "Kuleba"}


def test_missing_path_is_a_clear_error(db, tmp_path):
    out, err, failed = run("ingest", str(tmp_path / "nope.txt"))
    assert failed is not None and "nope.txt" in err


def test_there_is_one_way_to_run_in_parallel_the_queue(db, corpus):
    with pytest.raises(CommandError, match="unrecognized arguments: --workers"):
        call_command("ingest", "--workers", "2", str(corpus))
