#!/usr/bin/env python3
"""Score the officials the extractor finds in Office of the Historian trip remarks.

Usage (from anywhere; paths are relative to the project root):

    .venv/bin/python bench/eval_remarks.py                 # via `manage.py extract --jsonl -`
    .venv/bin/python bench/eval_remarks.py --import        # via ingest.pipeline.extract_many
    .venv/bin/python bench/eval_remarks.py --errors        # also list FP / FN / title mismatches
    .venv/bin/python bench/eval_remarks.py other.jsonl     # another labelled set, same format
    .venv/bin/python bench/eval_remarks.py --predictions out.jsonl  # saved `extract --jsonl` output
    .venv/bin/python bench/eval_remarks.py --self-check    # check the scorer itself
    .venv/bin/python bench/eval_remarks.py --verify-source # dev texts still match the XML records
    .venv/bin/python bench/eval_remarks.py --sample        # print the deterministic candidate pool

Scoring (see bench/README.md):
- names: precision / recall / F1 over (remark id, normalized name) pairs. A predicted
  name matches a gold name of the same remark when the normalized forms are equal or
  one is a final token sequence of the other ("Kuleba" ~ "Dmytro Kuleba"); matching is
  one-to-one, exact matches first.
- titles: accuracy over matched names, normalized comparison.

Exit status: 0 whenever scores were computed, whatever they are (a benchmark, not a
test); 2 with one line on stderr when the extraction cannot be run or the input is
unreadable; --self-check exits 1 if the scorer is wrong.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DEV = PROJECT / "bench" / "data" / "remarks_dev.jsonl"
DEFAULT_DATA = PROJECT / ".." / "shared" / "data" / "historyatstate"


class BenchError(Exception):
    """Something that stops the benchmark from running; reported as one line."""


# --------------------------------------------------------------------------- scoring


def normalize(s: str) -> str:
    """Casefold, drop accents, punctuation -> space, collapse whitespace."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in s)
    return " ".join(s.casefold().split())


def _is_suffix(short: list[str], long: list[str]) -> bool:
    return 0 < len(short) <= len(long) and long[len(long) - len(short) :] == short


def names_match(a: str, b: str) -> bool:
    """Normalized names are equal, or one is the final token sequence of the other."""
    ta, tb = a.split(), b.split()
    return bool(ta) and bool(tb) and (_is_suffix(ta, tb) or _is_suffix(tb, ta))


def _dedupe(officials: list[dict]) -> list[tuple[str, str, dict]]:
    """(normalized name, normalized title, original) with duplicate names dropped."""
    seen, out = set(), []
    for o in officials:
        n = normalize(o.get("name", ""))
        if n and n not in seen:
            seen.add(n)
            out.append((n, normalize(o.get("title") or ""), o))
    return out


def match_remark(gold: list[dict], pred: list[dict]):
    """One-to-one matching: exact normalized matches first, then suffix matches."""
    g, p = _dedupe(gold), _dedupe(pred)
    pairs, used_g, used_p = [], set(), set()
    for exact in (True, False):
        for i, (gn, _, _) in enumerate(g):
            if i in used_g:
                continue
            for j, (pn, _, _) in enumerate(p):
                if j in used_p:
                    continue
                if (gn == pn) if exact else names_match(gn, pn):
                    pairs.append((g[i], p[j]))
                    used_g.add(i)
                    used_p.add(j)
                    break
    fn = [g[i] for i in range(len(g)) if i not in used_g]
    fp = [p[j] for j in range(len(p)) if j not in used_p]
    return pairs, fp, fn


def score(gold_rows: list[dict], predictions: dict[str, list[dict]]) -> dict:
    tp = fp = fn = title_ok = 0
    errors = {"fp": [], "fn": [], "title": []}
    empty_fp = 0  # false positives in remarks that name nobody
    for row in gold_rows:
        pred = predictions.get(row["id"], [])
        pairs, fps, fns = match_remark(row["officials"], pred)
        tp += len(pairs)
        fp += len(fps)
        fn += len(fns)
        if not row["officials"]:
            empty_fp += len(fps)
        for (_, gt, go), (_, pt, po) in pairs:
            if gt == pt:
                title_ok += 1
            else:
                errors["title"].append((row, go, po))
        errors["fp"] += [(row, o) for _, _, o in fps]
        errors["fn"] += [(row, o) for _, _, o in fns]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "remarks": len(gold_rows),
        "gold": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": p,
        "recall": r,
        "f1": f1,
        "title_correct": title_ok,
        "title_accuracy": title_ok / tp if tp else 0.0,
        "fp_in_empty_remarks": empty_fp,
        "errors": errors,
    }


def _fmt(o: dict) -> str:
    t = o.get("title") or ""
    return f"{o.get('name', '')!r} [{t}]" if t else f"{o.get('name', '')!r} [no title]"


def report(res: dict, show_errors: bool, label: str) -> None:
    print(f"remarks-dev benchmark ({label})")
    print(
        f"  remarks: {res['remarks']}  gold officials: {res['gold']}  predicted: {res['predicted']}"
    )
    print(
        f"  names:  precision {res['precision']:.3f}  recall {res['recall']:.3f}  "
        f"F1 {res['f1']:.3f}  (tp {res['tp']}, fp {res['fp']}, fn {res['fn']}; "
        f"fp in remarks naming nobody: {res['fp_in_empty_remarks']})"
    )
    print(
        f"  titles: accuracy {res['title_accuracy']:.3f}  "
        f"({res['title_correct']}/{res['tp']} matched names)"
    )
    print("  targets (issue 3): names F1 >= 0.90, title accuracy >= 0.85")
    if not show_errors:
        return
    e = res["errors"]
    print(f"\nfalse positives ({len(e['fp'])}):")
    for row, o in e["fp"]:
        print(f"  {row['id']:>5}  {_fmt(o)}  <- {row['text']}")
    print(f"\nfalse negatives ({len(e['fn'])}):")
    for row, o in e["fn"]:
        print(f"  {row['id']:>5}  {_fmt(o)}  <- {row['text']}")
    print(f"\ntitle mismatches ({len(e['title'])}): gold vs predicted")
    for row, g, p in e["title"]:
        print(
            f"  {row['id']:>5}  {g.get('name')!r}: {g.get('title') or ''!r} "
            f"vs {p.get('title') or ''!r}  <- {row['text']}"
        )


# --------------------------------------------------------------------------- inputs


def load_gold(path: Path) -> list[dict]:
    rows = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    row["id"] = str(row["id"])
                    if not isinstance(row["text"], str):
                        raise TypeError("text is not a string")
                    row["date"] = row.get("date") or ""
                    row["officials"] = list(row.get("officials") or [])
                except (ValueError, KeyError, TypeError) as exc:
                    raise BenchError(f"{path}:{n}: not a labelled remark ({exc})") from None
                rows.append(row)
    except OSError as exc:
        raise BenchError(f"cannot read {path}: {exc.strerror}") from None
    if not rows:
        raise BenchError(f"{path}: no labelled remarks")
    return rows


def _officials_of(obj: dict) -> list[dict]:
    return [o for o in (obj.get("officials") or []) if isinstance(o, dict)]


def load_predictions(path: Path) -> dict[str, list[dict]]:
    out = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except ValueError:
                        raise BenchError(f"{path}:{n}: not JSON") from None
                    out[str(obj.get("id"))] = _officials_of(obj)
    except OSError as exc:
        raise BenchError(f"cannot read {path}: {exc.strerror}") from None
    return out


# --------------------------------------------------------------------------- extraction


def _python() -> str:
    venv = PROJECT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    for ln in lines:  # Django: "Unknown command: 'extract'" then "Type 'manage.py help' for usage."
        if ln.startswith("Unknown command"):
            return ln
    first_error = next((ln for ln in lines if ln.lower().startswith("error")), "")
    last = lines[-1] if lines else "(no message)"
    return f"{last} (first: {first_error})" if first_error and first_error != last else last


def predict_command(rows: list[dict], title: str = "") -> dict[str, list[dict]]:
    """Run `manage.py extract --jsonl -` with the remarks as JSONL on stdin."""
    if not (PROJECT / "manage.py").exists():
        raise BenchError("extraction not available: manage.py is missing from the project root")
    stdin = "".join(
        json.dumps(
            {"id": r["id"], "title": title, "text": r["text"], "date": r["date"]},
            ensure_ascii=False,
        )
        + "\n"
        for r in rows
    )
    cmd = [_python(), "manage.py", "extract", "--jsonl", "-"]
    try:
        proc = subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, cwd=PROJECT, timeout=3600
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError(f"extraction failed to run: {exc}") from None
    out, bad = {}, 0
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(obj, dict) and "id" in obj:
            out[str(obj["id"])] = _officials_of(obj)
    if not out:
        why = (
            _last_line(proc.stderr)
            if proc.stderr.strip()
            else f"exit status {proc.returncode}, no output"
        )
        raise BenchError(
            f"extraction not available: `manage.py extract --jsonl -` produced no results: {why}"
        )
    missing = sum(1 for r in rows if r["id"] not in out)
    if missing or bad or proc.returncode:
        print(
            f"note: extract exited {proc.returncode}; {missing} remark(s) without output "
            "are scored as "
            f"no officials; {bad} unparsable output line(s)",
            file=sys.stderr,
        )
    return out


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    try:
        import django

        django.setup()
    except Exception as exc:
        raise BenchError(
            f"extraction not available: Django setup failed: {type(exc).__name__}: {exc}"
        ) from None


def _django_not_ready(exc: BaseException) -> bool:
    """Errors meaning 'Django is not set up yet' (checked by name: Django may be absent)."""
    return type(exc).__name__ in {"ImproperlyConfigured", "AppRegistryNotReady"}


def _import_pipeline():
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    for attempt in (1, 2):
        try:
            from meetings.ingest.pipeline import extract_many
            from meetings.ingest.records import ArticleInput

            return extract_many, ArticleInput
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("meetings"):
                raise BenchError(
                    f"extraction not available: cannot import {exc.name!r} "
                    "(meetings/ingest/pipeline.py missing?)"
                ) from None
            raise BenchError(f"extraction not available: {exc}") from None
        except ImportError as exc:
            raise BenchError(f"extraction not available: {exc}") from None
        except Exception as exc:
            if attempt == 1 and _django_not_ready(exc):
                for name in [m for m in sys.modules if m.startswith("meetings")]:
                    del sys.modules[name]
                _setup_django()
                continue
            raise BenchError(
                "extraction not available: importing the pipeline raised "
                f"{type(exc).__name__}: {exc}"
            ) from None
    raise AssertionError("unreachable")


def predict_import(rows: list[dict], dev_path: Path, title: str = "") -> dict[str, list[dict]]:
    """Call meetings.ingest.pipeline.extract_many directly (Django set up only if needed)."""
    import datetime as dt

    extract_many, ArticleInput = _import_pipeline()
    articles = [
        ArticleInput(
            title=title,
            body=r["text"],
            date=dt.date.fromisoformat(r["date"]) if r["date"] else None,
            id=r["id"],
            origin=f"{dev_path.name}:{i}",
        )
        for i, r in enumerate(rows, 1)
    ]
    for attempt in (1, 2):
        try:
            results = list(extract_many(articles))
            break
        except Exception as exc:  # the pipeline may be incomplete while being written
            if attempt == 1 and _django_not_ready(exc):
                _setup_django()
                continue
            raise BenchError(
                f"extraction failed: extract_many raised {type(exc).__name__}: {exc}"
            ) from None
    out: dict[str, list[dict]] = {}
    for i, res in enumerate(results):
        if isinstance(res, tuple):  # tolerate (article, extraction) pairs
            res = res[-1]
        if not hasattr(res, "officials"):
            continue  # e.g. an error record for one article
        art = getattr(res, "article", None)
        rid = getattr(art, "id", None) or (rows[i]["id"] if i < len(rows) else None)
        out[str(rid)] = [
            {"name": o.name, "title": getattr(o, "title", "") or ""} for o in res.officials
        ]
    if not out and rows:
        raise BenchError("extraction not available: extract_many returned no extractions")
    return out


# --------------------------------------------------------------------------- self-check


def self_check(rows: list[dict]) -> int:
    gold_pred = {r["id"]: r["officials"] for r in rows}
    ok = True

    def check(what: str, cond: bool) -> None:
        nonlocal ok
        print(f"  {'ok  ' if cond else 'FAIL'} {what}")
        ok &= cond

    res = score(rows, gold_pred)
    check(
        f"gold vs gold: P=R=F1=1 and titles 1 (got {res['precision']:.3f}/{res['recall']:.3f}/"
        f"{res['f1']:.3f}, {res['title_accuracy']:.3f})",
        res["precision"] == res["recall"] == res["f1"] == res["title_accuracy"] == 1.0,
    )
    res = score(rows, {})
    check(
        f"gold vs empty: recall=F1=0 (got {res['recall']:.3f}/{res['f1']:.3f}, fn {res['fn']})",
        res["recall"] == 0.0 and res["f1"] == 0.0 and res["fn"] == res["gold"],
    )

    toy = [
        {
            "id": "t1",
            "text": "",
            "date": "",
            "officials": [
                {"name": "Zelenskyy", "title": "President"},
                {"name": "Kuleba", "title": "Foreign Minister"},
            ],
        },
        {"id": "t2", "text": "", "date": "", "officials": []},
    ]
    pred = {
        "t1": [
            {"name": "Volodymyr Zelensky", "title": "President"},
            {"name": "Dmytro Kuleba", "title": "foreign minister"},
            {"name": "dmytro  KULEBA", "title": ""},
        ],
        "t2": [{"name": "NATO", "title": ""}],
    }
    res = score(toy, pred)
    check(
        "'Kuleba' ~ 'Dmytro Kuleba' matches; 'Zelensky' != 'Zelenskyy'; repeated name counted once",
        (res["tp"], res["fp"], res["fn"]) == (1, 2, 1),
    )
    check("title comparison is case-insensitive", res["title_accuracy"] == 1.0)
    check(
        "normalize: accents, curly quotes, hyphens, spaces",
        normalize("  Bernardo  Arévalo ") == "bernardo arevalo"
        and normalize("National People’s Congress") == normalize("National People's Congress")
        and normalize("Kim Jong-un") == normalize("kim jong un"),
    )
    check(
        "suffix match by whole final tokens: 'Hu' ~ 'Wu Hu'; 'Hu' !~ 'Zhu', 'Hu Jintao'",
        names_match("hu", "wu hu")
        and not names_match("hu", "zhu")
        and not names_match("hu", "hu jintao"),
    )
    res = score(toy, {"t1": [{"name": "Kuleba", "title": "President"}]})
    check("title mismatch counted", res["title_correct"] == 0 and len(res["errors"]["title"]) == 1)
    print("self-check " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


# --------------------------------------------------------------------------- source data


def _trips(data_dir: Path):
    import xml.etree.ElementTree as ET

    files = sorted((data_dir / "travels").glob("*-travels/*.xml"))
    if not files:
        raise BenchError(f"no trip records under {data_dir / 'travels'} (use --data DIR)")
    for f in files:
        for t in ET.parse(f).getroot().iter("trip"):
            country = t.find("country")
            yield {
                "id": (t.findtext("id") or "").strip(),
                "role": (t.findtext("role") or "").strip(),
                "date": (t.findtext("start-date") or "").strip(),
                "country": " ".join("".join(country.itertext()).split())
                if country is not None
                else "",
                "text": " ".join((t.findtext("remarks") or "").split()),
            }


def verify_source(rows: list[dict], data_dir: Path) -> int:
    by_id = {t["id"]: t for t in _trips(data_dir)}
    bad = 0
    for r in rows:
        t = by_id.get(r["id"])
        if (
            t is None
            or t["text"] != r["text"]
            or t["date"] != r["date"]
            or t["country"] != r.get("country")
        ):
            bad += 1
            print(f"  mismatch: {r['id']}", file=sys.stderr)
        for o in r["officials"]:
            if o["name"] not in r["text"]:
                bad += 1
                print(f"  {r['id']}: name {o['name']!r} not written in the remark", file=sys.stderr)
    print(
        f"verified {len(rows)} remarks against {data_dir}: "
        f"{'all match' if not bad else f'{bad} problem(s)'}"
    )
    return 0


# The candidate pool the dev set was labelled from (see bench/README.md).
SEED = 20261128
_TITLE_BEFORE_NAME = re.compile(
    r"\b(President|Prime Minister|Minister|King|Queen|Shah|Chancellor|Premier|"
    r"Secretary[- ]General|Emperor|Prince|Pope|Sultan|Emir|Amir|Chairman|Foreign Secretary|"
    r"Ambassador|General|Marshal|Generalissimo|Crown Prince|Sheikh|Dictator|Leader|Governor|"
    r"Chief|Secretary|Chairperson|Representative)\s+(of State\s+)?[A-Z]"
)


def era_of(year: int) -> int:
    return 0 if year < 1945 else 1 if year < 1969 else 2 if year < 1989 else 3 if year < 2009 else 4


def sample(data_dir: Path) -> int:
    recs, seen = [], set()
    for t in _trips(data_dir):
        if not t["text"] or t["text"] in seen:
            continue
        seen.add(t["text"])
        t["era"] = era_of(int(t["date"][:4]))
        t["person"] = bool(_TITLE_BEFORE_NAME.search(t["text"]))
        recs.append(t)
    random.Random(SEED).shuffle(recs)
    quota = {}
    for e in range(5):
        quota[("secretary", e, True)], quota[("president", e, True)] = 15, 13
        quota[("secretary", e, False)], quota[("president", e, False)] = 3, 2
    taken, out = collections.Counter(), []
    for t in recs:
        k = (t["role"], t["era"], t["person"])
        if len(t["text"]) <= 400 and taken[k] < quota.get(k, 0):
            taken[k] += 1
            out.append(t)
    out.sort(key=lambda t: (t["role"], t["date"]))
    for t in out:
        print(
            json.dumps(
                {k: t[k] for k in ("id", "date", "country", "text", "role")}, ensure_ascii=False
            )
        )
    return 0


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "dev",
        nargs="?",
        type=Path,
        default=DEFAULT_DEV,
        help="labelled remarks JSONL (default: bench/data/remarks_dev.jsonl)",
    )
    ap.add_argument(
        "--import",
        dest="use_import",
        action="store_true",
        help="call meetings.ingest.pipeline.extract_many instead of `manage.py extract`",
    )
    ap.add_argument(
        "--predictions",
        type=Path,
        help="score this saved `extract --jsonl` output instead of running",
    )
    ap.add_argument(
        "--title",
        default="",
        help="title sent with every remark (default: empty, as the remarks have none)",
    )
    ap.add_argument(
        "--errors",
        action="store_true",
        help="list false positives, false negatives, title mismatches",
    )
    ap.add_argument(
        "--self-check", action="store_true", help="check the scorer on the gold set and toy cases"
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="historyatstate data folder (default: ../shared/data/historyatstate "
        "from the project root)",
    )
    ap.add_argument(
        "--verify-source", action="store_true", help="check the dev texts against the XML records"
    )
    ap.add_argument(
        "--sample", action="store_true", help="print the deterministic candidate pool as JSONL"
    )
    args = ap.parse_args(argv)
    dev = args.dev if args.dev.is_absolute() else Path.cwd() / args.dev
    try:
        if args.sample:
            return sample(args.data)
        rows = load_gold(dev)
        if args.self_check:
            return self_check(rows)
        if args.verify_source:
            return verify_source(rows, args.data)
        if args.predictions:
            preds, label = (
                load_predictions(args.predictions),
                f"predictions from {args.predictions.name}",
            )
        elif args.use_import:
            preds, label = (
                predict_import(rows, dev, args.title),
                "meetings.ingest.pipeline.extract_many",
            )
        else:
            preds, label = predict_command(rows, args.title), "manage.py extract --jsonl -"
    except BenchError as exc:
        print(f"eval_remarks: {exc}", file=sys.stderr)
        return 2
    report(score(rows, preds), args.errors, label)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
