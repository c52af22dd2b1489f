#!/usr/bin/env python
"""Page speed at scale: latency of the main pages at two data sizes, and their throughput
under load against a static file served by the same server in the same run.

    .venv/bin/python bench/pages.py                      # 7,500 and 100,000 meetings
    .venv/bin/python bench/pages.py --sizes 1000 --load-seconds 5 --requests 20  # quick

For each size it fills its own database in the project's private Postgres cluster
(``diplomacy_bench_<size>``, kept between runs and reused when it already holds that
size), serves the app with gunicorn on 127.0.0.1 (2 sync workers, production settings:
DEBUG and DJANGO_SECURE off), and times sequential requests. Then, at every size, wrk
loads each page alone (50 connections, 10 s), and a static file the same way, and the
report gives each page's requests/s as a fraction of the static file's, its p99 and its
errors (non-2xx answers, socket errors, timeouts). All traffic goes to 127.0.0.1;
gunicorn is stopped at the end, whatever happens.

Exit status: 0 when every target is met (p95 at the largest size within 2x the smallest;
under load every page at least 0.05x the static file's requests/s with p99 <= 1 s and no
errors), 1 when one is missed, 2 when the bench cannot run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DB_USER = "diplomacy"
MAX_OFFICIALS = 20_000  # as in meetings.demo
TARGET_RATIO = 2.0
TARGET_THROUGHPUT = 0.05  # of the static file's requests/s, in the same run
TARGET_P99_MS = 1000.0
STATIC_PATH = "/static/css/app.css"


class BenchError(Exception):
    """The bench cannot run; the message says what to do."""


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# --------------------------------------------------------------------------- tools


def check_tools(*, load: bool) -> None:
    result = subprocess.run([python(), "-m", "gunicorn", "--version"], capture_output=True,
                            text=True, cwd=ROOT)
    if result.returncode != 0:
        raise BenchError("gunicorn is not installed in the project's venv: run 'make venv' "
                         "(it is pinned in requirements/base.txt)")
    if load and shutil.which("wrk") is None:
        raise BenchError("wrk not found, needed for the load test: install it (Debian/Ubuntu: "
                         "'apt-get install wrk'; macOS: 'brew install wrk'), or run with "
                         "--load-seconds 0 to skip the load test")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise BenchError("run this with the project's venv: .venv/bin/python bench/pages.py") \
            from exc


# --------------------------------------------------------------------------- database


def socket_dir() -> str:
    sys.path.insert(0, str(ROOT))
    from diplomacy import localdb

    if not localdb.initialized():
        raise BenchError("the project's Postgres cluster is not set up: run 'make db' first")
    if not localdb.is_running():
        localdb.start()
    return str(localdb.data_dir())


def ensure_database(host: str, name: str) -> None:
    import psycopg

    with psycopg.connect(host=host, user=DB_USER, dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def query(host: str, name: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(host=host, user=DB_USER, dbname=name) as conn:
        return conn.execute(sql, params).fetchall()


def demo_counts(host: str, name: str) -> tuple[int, int, int]:
    """(meetings, officials, statements) of the demo data in that database."""
    try:
        rows = query(host, name, """
            SELECT (SELECT count(*) FROM meetings_article
                    WHERE source = 'demo' AND origin LIKE 'demo:%%'),
                   (SELECT count(*) FROM meetings_official WHERE slug LIKE 'demo-%%'),
                   (SELECT count(*) FROM meetings_statement s JOIN meetings_article a
                      ON a.id = s.article_id WHERE a.source = 'demo')""")
    except Exception:  # noqa: BLE001 - tables not there yet
        return (0, 0, 0)
    return rows[0]


def manage(env: dict, *args: str, timeout: float) -> str:
    result = subprocess.run([python(), "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


@dataclass
class Dataset:
    size: int
    database: str
    url: str
    generated_seconds: float | None  # None when reused
    official: str = ""
    official_meetings: int = 0
    topic: str = ""
    meeting: int = 0


def prepare(host: str, size: int, *, seed: int, regenerate: bool,
            prefix: str = "diplomacy_bench") -> Dataset:
    name = f"{prefix}_{size}"
    ensure_database(host, name)
    url = f"postgresql://{DB_USER}@/{name}?host={host}"
    env = server_env(url)
    manage(env, "migrate", "--noinput", "-v", "0", timeout=600)
    officials = min(MAX_OFFICIALS, max(4, size // 5))
    wanted = (size, officials, 3 * size)
    seconds = None
    if regenerate or demo_counts(host, name) != wanted:
        print(f"generating {size:,} meetings, {officials:,} officials, {3 * size:,} statements "
              f"into {name} ...", flush=True)
        started = time.perf_counter()
        out = manage(env, "generate_demo_data", "--clear", "--meetings", str(size),
                     "--seed", str(seed), timeout=3600)
        seconds = time.perf_counter() - started
        print(f"  {out} (command: {seconds:.1f}s)", flush=True)
    else:
        print(f"reusing {name}: {size:,} meetings already there (--regenerate to rebuild)")
    data = Dataset(size=size, database=name, url=url, generated_seconds=seconds)
    # The most frequent demo official and topic: the heaviest person and topic pages.
    data.official, data.official_meetings = query(host, name, """
        SELECT o.slug, count(*) FROM meetings_participation p
        JOIN meetings_official o ON o.id = p.official_id WHERE o.slug LIKE 'demo-%%'
        GROUP BY o.slug ORDER BY count(*) DESC, o.slug LIMIT 1""")[0]
    data.topic = query(host, name, """
        SELECT t.slug FROM meetings_meetingtopic mt JOIN meetings_topic t ON t.id = mt.topic_id
        GROUP BY t.slug ORDER BY count(*) DESC, t.slug LIMIT 1""")[0][0]
    # The busiest meeting: the most participants and statements, the heaviest meeting page.
    data.meeting = query(host, name, """
        SELECT m.id FROM meetings_meeting m
        LEFT JOIN meetings_statement s ON s.meeting_id = m.id
        GROUP BY m.id ORDER BY count(s.id) DESC, m.id LIMIT 1""")[0][0]
    return data


def matches(host: str, data: Dataset, word: str) -> str:
    """How many rows the person, topic+dates and text filters select, for the log."""
    topic, articles = query(host, data.database, """
        SELECT (SELECT count(*) FROM meetings_meetingtopic mt
                JOIN meetings_topic t ON t.id = mt.topic_id
                JOIN meetings_meeting m ON m.id = mt.meeting_id
                WHERE t.slug = %s AND m.date BETWEEN '2015-01-01' AND '2019-12-31'),
               (SELECT count(*) FROM meetings_article
                WHERE search_vector @@ websearch_to_tsquery('english', %s))""",
                            (data.topic, word))[0]
    return (f"person {data.official} ({data.official_meetings:,} meetings), topic {data.topic} "
            f"({topic:,} meetings in 2015-2019), q={word} ({articles:,} articles)")


# --------------------------------------------------------------------------- server


PAGE_CACHE = True  # --no-page-cache: every request renders its page


def server_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SECURE", "DJANGO_DEBUG", "DATABASE_URL",
                        "DJANGO_STATIC_MANIFEST", "DJANGO_ALLOWED_HOSTS", "DJANGO_PAGE_CACHE"}}
    env.update(DATABASE_URL=database_url, DJANGO_ALLOWED_HOSTS=HOST,
               DJANGO_SETTINGS_MODULE="diplomacy.settings",
               DJANGO_PAGE_CACHE="1" if PAGE_CACHE else "0")
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, stopped on exit."""

    def __init__(self, database_url: str, workers: int) -> None:
        self.port = free_port()
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [python(), "-m", "gunicorn", "diplomacy.wsgi:application",
             "--bind", f"{HOST}:{self.port}", "--workers", str(workers),
             "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=server_env(database_url), stdout=self.log, stderr=self.log,
            start_new_session=True)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited:\n{self.output()}")
            try:
                get(self.port, "/", timeout=30)
                return self
            except OSError:
                time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer within 60 s:\n{self.output()}")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-3000:]


def get(port: int, path: str, *, timeout: float = 60) -> tuple[int, float]:
    """One GET to 127.0.0.1: (status, seconds until the whole body was read)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": HOST})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


# --------------------------------------------------------------------------- measuring


def pages(data: Dataset, word: str) -> dict[str, str]:
    return {
        "home": "/",
        "person": f"/?person={data.official}",
        "topic+dates": f"/?topic={data.topic}&from=2015-01-01&to=2019-12-31",
        "text": f"/?q={word}",
        "official": f"/officials/{data.official}/",
        "meeting": f"/meetings/{data.meeting}/",
        "country": "/countries/US/",
        "topic page": f"/topics/{data.topic}/",
    }


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        if not self.samples:
            return float("nan")
        ordered = sorted(self.samples)
        rank = max(1, -(-len(ordered) * p // 100))
        return ordered[int(rank) - 1] * 1000

    @property
    def ok(self) -> bool:
        return bool(self.statuses) and all(200 <= s < 300 for s in self.statuses)

    def status_text(self) -> str:
        return " ".join(f"{s}x{n}" for s, n in sorted(self.statuses.items()))


def measure(port: int, path: str, *, requests: int, warmup: int, budget: float) -> Timing:
    timing = Timing()
    for _ in range(warmup):
        get(port, path)
    deadline = time.monotonic() + budget
    for _ in range(requests):
        status, seconds = get(port, path)
        timing.samples.append(seconds)
        timing.statuses[status] = timing.statuses.get(status, 0) + 1
        if time.monotonic() > deadline:
            break
    return timing


WRK_SCRIPT = """
-- Generated by bench/pages.py: cycles through the pages, counts non-2xx answers.
local paths = {%(paths)s}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  counter = id or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Host"] = "%(host)s"})
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%%d duration_us=%%d p50_us=%%d p95_us=%%d p99_us=%%d non2xx=%%d " ..
    "connect=%%d read=%%d write=%%d timeout=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), bad, e.connect, e.read, e.write, e.timeout))
end
"""


def load(port: int, paths: list[str], *, seconds: int, clients: int) -> dict[str, float]:
    lua = WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for p in paths), "host": HOST}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        threads = max(1, min(2, clients))
        result = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s",
             "--timeout", "30s", "-s", script.name, f"http://{HOST}:{port}/"],
            capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(script.name)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise BenchError(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


# --------------------------------------------------------------------------- report


def report(sizes: list[int], results: dict[int, dict[str, Timing]]) -> bool:
    small, large = sizes[0], sizes[-1]
    names = list(results[small])
    head = f"{'page':<12}" + "".join(f"{f'{s:,} p50':>13}{f'{s:,} p95':>13}" for s in sizes)
    head += f"{'p95 ratio':>11}  status"
    print(head)
    print("-" * len(head))
    met = True
    for name in names:
        cells = "".join(f"{results[s][name].percentile(50):>11.1f}ms"
                        f"{results[s][name].percentile(95):>11.1f}ms" for s in sizes)
        ratio = results[large][name].percentile(95) / results[small][name].percentile(95)
        all_ok = all(results[s][name].ok for s in sizes)
        verdict = []
        if len(sizes) > 1 and ratio > TARGET_RATIO:
            verdict.append(f"SLOW (> {TARGET_RATIO:g}x)")
        if not all_ok:
            verdict.append("NON-2XX")
        met = met and not verdict
        statuses = "; ".join(f"{s:,}: {results[s][name].status_text()}" for s in sizes)
        print(f"{name:<12}{cells}{ratio:>10.2f}x  {' '.join(verdict) or 'ok'} ({statuses})")
    return met


def drain(port: int, *, budget: float = 120) -> None:
    """Wait until the server is idle again: requests queued by the previous load (which
    wrk stopped waiting for) are still being answered, and would slow the next URL."""
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        _, seconds = get(port, STATIC_PATH)
        if seconds < 0.05:
            return
        time.sleep(0.5)


def throughput(port: int, urls: dict[str, str], *, seconds: int,
               clients: int) -> dict[str, dict[str, float]]:
    """wrk on each page alone, and on the static file first and last (the machine's pace
    can drift during a run; the report compares with the slower of the two)."""
    out: dict[str, dict[str, float]] = {}
    named = {"static (first)": STATIC_PATH, **urls, "static (last)": STATIC_PATH}
    for name, path in named.items():
        drain(port)
        r = load(port, [path], seconds=seconds, clients=clients)
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["errors"] = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
        out[name] = r
        print(f"  load {name:<14} {path:<55} {r['rps']:8.1f} req/s  p99 "
              f"{r['p99_us'] / 1000:7.1f}ms  errors {int(r['errors'])}", flush=True)
    return out


def report_throughput(size: int, result: dict[str, dict[str, float]], *, clients: int,
                      seconds: int) -> bool:
    static = min(result["static (first)"]["rps"], result["static (last)"]["rps"])
    print(f"load at {size:,} meetings: {clients} connections, {seconds}s per URL; static file "
          f"{static:.0f} req/s (the slower of its two runs)")
    head = f"{'page':<14}{'req/s':>9}{'x static':>10}{'p50':>10}{'p99':>10}{'errors':>8}  verdict"
    print(head)
    print("-" * len(head))
    met = True
    for name, r in result.items():
        if name.startswith("static"):
            continue
        ratio = r["rps"] / static if static else 0.0
        verdict = []
        if ratio < TARGET_THROUGHPUT:
            verdict.append(f"SLOW (< {TARGET_THROUGHPUT:g}x)")
        if r["p99_us"] / 1000 > TARGET_P99_MS:
            verdict.append(f"p99 > {TARGET_P99_MS:.0f}ms")
        if r["errors"]:
            verdict.append("ERRORS")
        met = met and not verdict
        print(f"{name:<14}{r['rps']:>9.1f}{ratio:>9.3f}x{r['p50_us'] / 1000:>8.1f}ms"
              f"{r['p99_us'] / 1000:>8.1f}ms{int(r['errors']):>8}  {' '.join(verdict) or 'ok'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="7500,100000",
                        help="Meeting counts, comma-separated (default 7500,100000). "
                             "Officials = meetings/5 (at most 20,000), statements = 3x.")
    parser.add_argument("--requests", type=int, default=100,
                        help="Sequential requests per page and size (default 100).")
    parser.add_argument("--warmup", type=int, default=10, help="Warm-up requests per page.")
    parser.add_argument("--page-budget", type=float, default=60,
                        help="At most this many seconds per page and size (default 60).")
    parser.add_argument("--load-seconds", type=int, default=10,
                        help="Seconds of load per URL at every size (default 10); 0 skips it.")
    parser.add_argument("--clients", type=int, default=50,
                        help="Concurrent connections in the load test (default 50).")
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn sync workers (default 2).")
    parser.add_argument("--word", default="fisheries",
                        help="The free-text query (default: fisheries, a word of the demo "
                             "articles found in about 2%% of them).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the demo data.")
    parser.add_argument("--regenerate", action="store_true",
                        help="Generate the demo data again even when the database has it.")
    parser.add_argument("--db-prefix", default="diplomacy_bench",
                        help="Bench databases are named <prefix>_<size> "
                             "(default diplomacy_bench).")
    parser.add_argument("--host", default="",
                        help="Postgres socket directory (default: the project's private "
                             "cluster).")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="Serve without the pages' in-memory cache (meetings/pagecache.py): "
                             "what a page costs the first time it is asked for.")
    args = parser.parse_args(argv)
    global PAGE_CACHE
    PAGE_CACHE = not args.no_page_cache
    try:
        sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes comma-separated integers, e.g. 7500,100000")
    if not sizes or sizes[0] < 10:
        parser.error("sizes must be at least 10 meetings")
    if not 1 <= args.requests <= 10_000 or not 0 <= args.load_seconds <= 3600:
        parser.error("--requests must be 1..10000 and --load-seconds 0..3600")
    if not 1 <= args.clients <= 1000 or not 1 <= args.workers <= 32:
        parser.error("--clients must be 1..1000 and --workers 1..32")

    try:
        check_tools(load=args.load_seconds > 0)
        host = args.host or socket_dir()
        results: dict[int, dict[str, Timing]] = {}
        loads: dict[int, dict[str, dict[str, float]]] = {}
        generated: dict[int, float | None] = {}
        for size in sizes:
            data = prepare(host, size, seed=args.seed, regenerate=args.regenerate,
                           prefix=args.db_prefix)
            generated[size] = data.generated_seconds
            urls = pages(data, args.word)
            print(f"serving {data.database} with {args.workers} gunicorn workers; "
                  f"{matches(host, data, args.word)}", flush=True)
            with Server(data.url, args.workers) as server:
                results[size] = {}
                for name, path in urls.items():
                    results[size][name] = measure(server.port, path, requests=args.requests,
                                                  warmup=args.warmup, budget=args.page_budget)
                    t = results[size][name]
                    print(f"  {name:<12} {path:<60} p50 {t.percentile(50):8.1f}ms  "
                          f"p95 {t.percentile(95):8.1f}ms  n={len(t.samples)}  "
                          f"{t.status_text()}", flush=True)
                if args.load_seconds:
                    loads[size] = throughput(server.port, urls, seconds=args.load_seconds,
                                             clients=args.clients)
    except BenchError as exc:
        print(f"pages: {exc}", file=sys.stderr)
        return 2

    print()
    for size, seconds in generated.items():
        made = f"generated in {seconds:.1f}s" if seconds is not None else "reused"
        print(f"{size:,} meetings: {made}")
    print()
    met = report(sizes, results)
    for size, result in loads.items():
        print()
        met = report_throughput(size, result, clients=args.clients,
                                seconds=args.load_seconds) and met
    print()
    print("all targets met" if met else "some targets missed")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
