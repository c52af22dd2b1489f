"""Ingestion throughput: raw nlp.pipe vs extract vs ingest, through the queue with 1 and 2
worker processes, and memory.

    .venv/bin/python bench/ingest.py [--articles 300] [--repeat 3]

Builds a corpus of distinct seed-sized articles (from the Office of the Historian's
trip remarks in ../shared/data/historyatstate when present, else from the seed article
with other names and dates), writes it as JSONL into a temporary folder, and measures
in one run, each step in a fresh process on the same articles:

- raw ``nlp.pipe`` of the whole statistical pipeline (the yardstick of the targets),
  and of only the components whose output the rules read (what extract and ingest run:
  they leave out the lemmatizer and the attribute ruler);
- ``extract`` (reading + the pipeline + the project's rules), no database;
- ``ingest`` (embedded, one process) with the database writes, into a scratch
  database ``diplomacy_bench_ingest`` of the project's private cluster (or of the
  server in DATABASE_URL);
- ``ingest --queue`` drained by ``ingest_worker --concurrency 1`` and ``2`` (worker
  processes started and warmed up before the clock), and the per-article split of a
  worker's time between extraction and the write;
- peak memory of ``ingest`` for N and 3N articles (it should not grow with N).

Every step loads the pipeline before its clock starts. The steps run in ``--repeat``
interleaved rounds and the fastest run of each counts: figures on shared machines are
noisy, so read the ratios, which come from one run. Each round also prints its own
ratios, and the summary their spread: how far one run can be trusted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "historyatstate"
SEED = ROOT / "seeds" / "000_b0e30d72d739cb83.txt"
BENCH_DB = "diplomacy_bench_ingest"
sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- corpus


def _remarks() -> list[tuple[str, str, str, str]]:
    """(traveller, date, country, remark) from the trip records, when the folder exists."""
    rows = []
    for path in sorted((DATA / "travels").glob("*/*.xml")):
        for trip in ET.parse(path).getroot().iter("trip"):
            remark = " ".join((trip.findtext("remarks") or "").split())
            if len(remark) > 40:
                rows.append((" ".join((trip.findtext("name") or "").split()),
                             trip.findtext("start-date") or "", trip.findtext("country") or "",
                             remark))
    return rows


def build_corpus(n: int, seed: int = 7) -> list[dict]:
    """n distinct articles of roughly the seed's size."""
    rng = random.Random(seed)
    seed_text = SEED.read_text(encoding="utf-8")
    target = len(seed_text)
    rows = _remarks()
    articles = []
    if rows:
        rng.shuffle(rows)
        pos, seen = 0, set()
        while len(articles) < n:
            parts, size = [], 0
            while size < target:
                if pos == len(rows):
                    # Remarks used up: regroup them in another order, so every article
                    # stays distinct (identical bodies would be skipped as unchanged).
                    rng.shuffle(rows)
                    pos = 0
                traveller, date, country, remark = rows[pos]
                pos += 1
                sentence = f"{traveller} traveled to {country}. {remark}"
                parts.append(sentence)
                size += len(sentence) + 2
            text = "\n\n".join(parts)
            if text in seen:
                continue
            seen.add(text)
            i = len(articles)
            articles.append({"id": f"bench-{i}", "title": f"Trips report {i}",
                             "date": date or "2020-01-01", "source": "bench", "text": text})
        return articles
    names = [("Antony Blinken", "Liu Jianchao"), ("Gina Raimondo", "Wang Wentao"),
             ("Jon Finer", "Wang Yi"), ("Janet Yellen", "He Lifeng")]
    for i in range(n):
        a, b = names[i % len(names)]
        text = seed_text.split("\n", 1)[1].replace("Antony Blinken", a).replace(
            "Liu Jianchao", b) + f"\n\nReport number {i}."
        articles.append({"id": f"bench-{i}", "title": f"Report {i}", "date": "2024-01-12",
                         "source": "bench", "text": text})
    return articles


# --------------------------------------------------------------------------- child steps


TIMES: dict[str, float] = {}  # the queue step's CPU times, in seconds


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(step: str, path: str, workers: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings

    articles = [json.loads(line) for line in open(path, encoding="utf-8")]
    count = len(articles)
    extra = {}
    if step in ("raw", "raw-used"):
        import spacy

        from meetings.ingest.nlp import UNUSED_COMPONENTS

        # "raw": the whole statistical pipeline, the yardstick of the targets;
        # "raw-used": only the components whose output the rules read (what ingest runs).
        nlp = spacy.load(settings.SPACY_PIPELINE,
                         exclude=UNUSED_COMPONENTS if step == "raw-used" else ())
        texts = [a["text"] for a in articles]
        list(nlp.pipe(texts[:8]))  # warm-up
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        elapsed = time.perf_counter() - start
    elif step == "extract":
        from meetings.ingest.pipeline import extract_article
        from meetings.ingest.records import ArticleInput, Lexicon
        from meetings.ingest.service import extract_paths
        from meetings.ingest.topics import load_taxonomy

        lexicon = Lexicon(topics=load_taxonomy())
        extract_article(ArticleInput(title="w", body="Blinken met Wang Yi on Monday.",
                                     date=__import__("datetime").date(2024, 1, 12)),
                        lexicon=lexicon)  # warm-up: loads the pipeline
        if START_AT := float(os.environ.get("BENCH_START_AT", "0")):
            time.sleep(max(START_AT - time.time(), 0))  # side by side with another one
        start = time.perf_counter()
        for _ in extract_paths([path], lexicon=lexicon):
            pass
        elapsed = time.perf_counter() - start
    elif step == "ingest":
        from django.core.management import call_command

        from meetings.ingest.pipeline import extract_article
        from meetings.ingest.records import ArticleInput
        from meetings.ingest.service import ingest_paths

        call_command("flush", "--noinput", verbosity=0)
        call_command("load_topics", verbosity=0)
        # Warm-up: the pipeline is loaded before the clock starts.
        extract_article(ArticleInput(title="w", body="Blinken met Wang Yi on Monday.",
                                     date=__import__("datetime").date(2024, 1, 12)))
        start = time.perf_counter()
        report = ingest_paths([path], err=open(os.devnull, "w"))
        elapsed = time.perf_counter() - start
        if report.failed:
            print(f"warning: {report.failed} failures", file=sys.stderr)
    elif step == "queue":
        elapsed = _through_the_queue(path, workers)
        extra = {key: 1000 * value / count for key, value in TIMES.items()}  # ms an article
    elif step == "split":
        return _split(path)
    else:
        raise SystemExit(f"unknown step {step}")
    return {"step": step, "workers": workers, "articles": count, "seconds": elapsed,
            "per_second": count / elapsed, "peak_mb": _peak_mb(), **extra}


def _cpu_times(pids: list[int]) -> dict[int, tuple[int, int]]:
    """(ns on a CPU, ns waiting for one) of each process, its threads summed (Linux's
    /proc/PID/task/*/schedstat; empty elsewhere)."""
    times = {}
    for pid in pids:
        on = waiting = 0
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            try:
                a, b, _ = stat.read_text().split()
            except (OSError, ValueError):
                continue
            on, waiting = on + int(a), waiting + int(b)
        times[pid] = (on, waiting)
    return times


def _children(pid: int) -> list[int]:
    kids = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(k) for k in path.read_text().split()]
        except OSError:
            continue
    return kids


def _backends(database: str, *, but: int) -> list[int]:
    """The Postgres server processes serving ``database`` on this machine, but one."""
    pids = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            title = path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            pids.append(int(path.parent.name))
    return [pid for pid in pids if pid != but]


def _time_split(before: dict, after: dict) -> tuple[float, float]:
    """Seconds on a CPU and waiting for one between two _cpu_times (new processes from 0)."""
    return tuple(sum(after[p][i] - before.get(p, (0, 0))[i] for p in after) / 1e9
                 for i in (0, 1))


def _through_the_queue(path: str, workers: int) -> float:
    """Seconds from `ingest --queue` to the queue drained by ``workers`` worker processes.

    The workers (``ingest_worker --concurrency N``, as on a worker machine) are started
    and have loaded the pipeline before the clock starts; the enqueueing (reading the
    file, queueing the articles, deferring the jobs) is on the clock.
    """
    from django.core.management import call_command
    from django.db import connection

    call_command("flush", "--noinput", verbosity=0)
    call_command("load_topics", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers,"
                       " procrastinate_events CASCADE")
    pool = subprocess.Popen([sys.executable, "manage.py", "ingest_worker", "--concurrency",
                             str(workers)], cwd=ROOT, stdout=subprocess.DEVNULL)

    def registered() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers")
            return cursor.fetchone()[0]

    try:
        while registered() < workers:  # each registers once its pipeline is loaded
            if pool.poll() is not None:
                raise SystemExit("the workers exited before starting")
            time.sleep(0.1)
        # Where the time goes, whatever else runs on the machine: the worker processes'
        # and their Postgres server processes' time on a CPU and waiting for one.
        database = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own_backend = cursor.fetchone()[0]
        worker_pids = [pool.pid, *_children(pool.pid)]
        workers_before = _cpu_times(worker_pids)
        server_before = _cpu_times(_backends(database, but=own_backend))
        start = time.perf_counter()
        call_command("ingest", "--queue", path, stdout=open(os.devnull, "w"))
        while True:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM procrastinate_jobs"
                               " WHERE status IN ('todo', 'doing')")
                if not cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        on_cpu, waiting = _time_split(workers_before, _cpu_times(worker_pids))
        server_cpu, server_waiting = _time_split(
            server_before, _cpu_times(_backends(database, but=own_backend)))
        TIMES.update(workers_cpu=on_cpu, workers_waiting=waiting,
                     workers_blocked=workers * elapsed - on_cpu - waiting,
                     server_cpu=server_cpu, server_waiting=server_waiting)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded'")
            if cursor.fetchone()[0]:
                print("warning: some jobs did not succeed", file=sys.stderr)
    finally:
        pool.send_signal(signal.SIGINT)
        pool.wait(timeout=60)
    return elapsed


def _split(path: str) -> dict:
    """What one article costs a worker: extraction, then the write (in one process).

    Articles naming the same people are written one at a time (identity locks,
    meetings/ingest/locks.py), so where people recur, as in this corpus, the write
    figure bounds the throughput of any number of workers against one primary.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.ingest.persist import lexicon_from_db
    from meetings.ingest.pipeline import extract_many
    from meetings.ingest.tasks import _input, queued_store
    from meetings.models import QueuedArticle

    call_command("flush", "--noinput", verbosity=0)
    call_command("load_topics", verbosity=0)
    call_command("ingest", "--queue", path, stdout=open(os.devnull, "w"))
    articles = list(QueuedArticle.objects.order_by("id"))
    lexicon = lexicon_from_db()
    list(extract_many([_input(articles[0])], lexicon=lexicon))  # warm-up
    start = time.perf_counter()
    extractions = list(extract_many([_input(a) for a in articles], lexicon=lexicon))
    extract_s = time.perf_counter() - start
    # The queries of the writes are counted too (the list costs microseconds a query).
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        for article, extraction in zip(articles, extractions, strict=True):
            queued_store(queued_id=article.pk, extraction=extraction)
        store_s = time.perf_counter() - start
    meetings = sum(len(e.meetings) for e in extractions) / len(extractions)
    officials = sum(len(e.officials) for e in extractions) / len(extractions)
    return {"step": "split", "workers": 1, "articles": len(articles), "seconds": extract_s,
            "per_second": len(articles) / extract_s, "peak_mb": _peak_mb(),
            "extract_ms": 1000 * extract_s / len(articles),
            "store_ms": 1000 * store_s / len(articles), "meetings": meetings,
            "officials": officials, "queries": len(queries) / len(articles)}


def machine_ceiling(path: Path, env: dict) -> float:
    """Two extraction processes side by side (no database) against one alone: the most
    any 2-process ratio can be on this machine right now (other sessions share it)."""
    alone = run_child("extract", path, 1, env)["per_second"]
    start_at = str(time.time() + 15)  # both have loaded the pipeline by then
    children = [subprocess.Popen(
        [sys.executable, __file__, "--child", "extract", "--path", str(path)],
        env={**env, "BENCH_START_AT": start_at}, cwd=ROOT, stdout=subprocess.PIPE,
        text=True) for _ in range(2)]
    rates = [json.loads(c.communicate()[0].strip().splitlines()[-1])["per_second"]
             for c in children]
    # Both ran the same articles from the same moment: the pair's rate is twice the
    # slower one's.
    return 2 * min(rates) / alone


def run_child(step: str, path: Path, workers: int, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, "--path", str(path),
         "--workers", str(workers)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def bench_database_env() -> dict:
    """Environment whose DATABASE_URL points at a migrated scratch database."""
    env = dict(os.environ)
    if os.environ.get("DATABASE_URL"):
        return env
    from diplomacy import localdb

    localdb.ensure()
    import psycopg

    host = str(localdb.data_dir())
    with psycopg.connect(host=host, user=localdb.DB_USER, dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (BENCH_DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    env["DATABASE_URL"] = f"postgresql://{localdb.DB_USER}@/{BENCH_DB}?host={host}"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of all steps; the fastest run of each step counts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--only-queue", action="store_true",
                        help="only the queue steps (1 and 2 worker processes)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.path, args.workers)))
        return

    env = bench_database_env()
    queue_steps = [("queue", "small", 1), ("queue", "small", 2)]
    if args.only_queue:
        return queue_only(args, env, queue_steps)
    steps = [("raw", "small", 1), ("raw-used", "small", 1), ("extract", "small", 1),
             ("ingest", "small", 1), ("ingest", "large", 1), *queue_steps]
    best: dict[tuple, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(args.articles * 3)
        paths = {"small": Path(tmp) / "small.jsonl", "large": Path(tmp) / "large.jsonl"}
        for name, items in (("small", corpus[: args.articles]), ("large", corpus)):
            with open(paths[name], "w", encoding="utf-8") as handle:
                for item in items:
                    handle.write(json.dumps(item) + "\n")
        chars = sum(len(a["text"]) for a in corpus[: args.articles]) / args.articles
        print(f"corpus: {args.articles} distinct articles, {chars:.0f} characters on average "
              f"(the seed has {len(SEED.read_text(encoding='utf-8'))}); "
              f"{'trip remarks' if DATA.exists() else 'seed variations'}; "
              f"{args.repeat} round(s), the best of each step kept")
        # Rounds interleave the steps, so a slow spell of a shared machine hits them
        # alike; the fastest run of each step is its figure (as timeit does).
        rounds: list[dict] = []
        for round_ in range(1, args.repeat + 1):
            results = {}
            for step in steps:
                result = results[step] = run_child(step[0], paths[step[1]], step[2], env)
                if step not in best or result["seconds"] < best[step]["seconds"]:
                    best[step] = result
            rounds.append(results)
            speeds = [results[step]["per_second"] for step in steps]
            print(f"round {round_}: " + " ".join(
                f"{label}={speed:.1f}" for label, speed in zip(
                    ("raw", "raw-used", "extract", "ingest", "ingest-x3", "queue1", "queue2"),
                    speeds, strict=True))
                + f"  (ingest/raw {speeds[3] / speeds[0]:.2f},"
                  f" queue2/queue1 {speeds[6] / speeds[5]:.2f})", flush=True)
    raw, raw_used, extract, ingest1, ingest_large, queue1, queue2 = (best[s] for s in steps)
    print(f"{'step':<34}{'articles/s':>12}{'seconds':>10}{'peak MB':>10}")
    for label, r in (("raw nlp.pipe (whole pipeline)", raw),
                     ("raw nlp.pipe (components used)", raw_used),
                     ("extract", extract), ("ingest (embedded)", ingest1),
                     (f"ingest (embedded), {ingest_large['articles']}", ingest_large),
                     ("queue, 1 worker process", queue1), ("queue, 2 worker processes", queue2)):
        print(f"{label:<34}{r['per_second']:>12.1f}{r['seconds']:>10.1f}{r['peak_mb']:>10.0f}")
    print(f"extract / raw nlp.pipe:      {extract['per_second'] / raw['per_second']:.2f}"
          "   (target >= 0.75, issue 13)")
    print(f"ingest / raw nlp.pipe:       {ingest1['per_second'] / raw['per_second']:.2f}"
          "   (issue 3's 0.75 retired by issue 14: the write is the ORM's)")
    print(f"ingest / raw, components used: {ingest1['per_second'] / raw_used['per_second']:.2f}"
          "   (the same pipeline on both sides)")
    print(f"queue, 2 / 1 worker processes: {queue2['per_second'] / queue1['per_second']:.2f}"
          "   (target >= 1.7)")
    if len(rounds) > 1:
        # The spread of the same ratios within each round, where the machine's speed
        # changed least between the steps compared.
        for label, num, den in (("ingest / raw nlp.pipe", 3, 0),
                                ("queue 2 / 1 worker processes", 6, 5)):
            ratios = sorted(r[steps[num]]["per_second"] / r[steps[den]]["per_second"]
                            for r in rounds)
            print(f"  {label}, round by round: min {ratios[0]:.2f},"
                  f" median {statistics.median(ratios):.2f}, max {ratios[-1]:.2f}")
    print(f"peak memory 3N / N articles: {ingest_large['peak_mb'] / ingest1['peak_mb']:.2f}"
          "   (flat is ~1.0)")


def queue_only(args, env: dict, steps: list[tuple]) -> None:
    """The queue steps alone: 1 and 2 worker processes, interleaved rounds, their ratio."""
    ratios, ceilings, best = [], [], {}
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for item in build_corpus(args.articles):
                handle.write(json.dumps(item) + "\n")
        print(f"corpus: {args.articles} distinct articles; {args.repeat} round(s); "
              f"load average before: {load[0]:.1f} on {os.cpu_count()} CPUs")
        for round_ in range(1, args.repeat + 1):
            one, two = (run_child(step[0], path, step[2], env) for step in steps)
            for step, result in zip(steps, (one, two), strict=True):
                if step not in best or result["seconds"] < best[step]["seconds"]:
                    best[step] = result
            ratios.append(two["per_second"] / one["per_second"])
            ceilings.append(machine_ceiling(path, env))
            print(f"round {round_}: queue1={one['per_second']:.2f} queue2="
                  f"{two['per_second']:.2f} articles/s, ratio {ratios[-1]:.2f}; two bare "
                  f"extraction processes against one: {ceilings[-1]:.2f}; load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
            for result in (one, two):
                if "workers_cpu" in result:
                    print(f"  {result['workers']} worker(s), ms an article: workers on a CPU "
                          f"{result['workers_cpu']:.0f}, waiting for one "
                          f"{result['workers_waiting']:.0f}, off CPU (Postgres, locks, idle)"
                          f" {result['workers_blocked']:.0f}; their Postgres server "
                          f"processes on a CPU {result['server_cpu']:.0f}, waiting for one "
                          f"{result['server_waiting']:.0f}", flush=True)
        split = run_child("split", path, 1, env)
    print(f"two extraction processes side by side (no database, no queue) against one "
          f"alone, round by round: {', '.join(f'{c:.2f}' for c in ceilings)}: what this "
          "machine gave two processes then, the ceiling of the queue's ratio")
    print(f"per article, in one process: extraction {split['extract_ms']:.0f} ms, the write "
          f"{split['store_ms']:.0f} ms in {split['queries']:.1f} queries"
          f" ({split['meetings']:.1f} meetings, "
          f"{split['officials']:.1f} officials an article)")
    one, two = best[steps[0]], best[steps[1]]
    print(f"best: 1 worker process {one['per_second']:.2f} articles/s ({one['seconds']:.1f} s),"
          f" 2 worker processes {two['per_second']:.2f} articles/s ({two['seconds']:.1f} s)")
    print(f"queue, 2 / 1 worker processes: {two['per_second'] / one['per_second']:.2f}"
          f"   (target >= 1.7); round by round: min {min(ratios):.2f},"
          f" median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")


if __name__ == "__main__":
    main()
