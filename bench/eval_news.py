#!/usr/bin/env python3
"""Score `manage.py extract` on the hand-labelled real-news development set.

Usage (paths are relative to the working directory unless absolute):

    .venv/bin/python bench/eval_news.py                     # extract with this project, score
    .venv/bin/python bench/eval_news.py --project ../other  # extract with another worktree's code
    .venv/bin/python bench/eval_news.py --errors            # also list misses and false hits
    .venv/bin/python bench/eval_news.py --only a001,b007    # some articles only
    .venv/bin/python bench/eval_news.py --predictions out.jsonl  # score saved extract output
    .venv/bin/python bench/eval_news.py --save out.jsonl    # keep the extraction's output
    .venv/bin/python bench/eval_news.py --self-check        # check the scorer itself
    .venv/bin/python bench/eval_news.py parts/ --texts DIR  # other label files / texts folder

The labels are bench/data/news_dev/*.jsonl; the texts live outside the repository
(bench/news_set.py reads and checks them). Scoring rules: bench/README.md, "Real news".

Exit status: 0 whenever scores were printed, whatever they are (a benchmark, not a
test); 2 with one line on stderr when the extraction or the input cannot be used;
--self-check exits 1 if the scorer is wrong.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import news_set  # noqa: E402
from eval_remarks import BenchError, _last_line, normalize  # noqa: E402

PROJECT = BENCH.parent
PRECISION_ORDER = ["day", "week", "month", "year", None]
# How people are matched: "last" (the rule: last normalized token) or "tokens"
# (also when one name's tokens end the other's, or a name of two or more tokens is a
# subset of the other's: "Abiy Ahmed" ~ "Abiy Ahmed Ali"); set by --names.
NAME_RULE = "last"


# --------------------------------------------------------------------------- keys


def person_key(name: str) -> str:
    """Normalized last token of a name ("Antony J. Blinken" -> "blinken")."""
    tokens = normalize(name).split()
    return tokens[-1] if tokens else ""


def same_person(gold: str, pred: str) -> bool:
    """Whether a gold name and one predicted name (or alias) denote one person."""
    g, p = person_key(gold), person_key(pred)
    if g and g == p:
        return True
    if NAME_RULE != "tokens":
        return False
    tg, tp = normalize(gold).split(), normalize(pred).split()
    if not tg or not tp:
        return False
    short, long = (tg, tp) if len(tg) <= len(tp) else (tp, tg)
    if long[len(long) - len(short) :] == short:
        return True
    return len(short) >= 2 and set(short) <= set(long)


def country_code(value: str) -> str:
    """ISO alpha-2 for a predicted country ("South Korea" -> "KR"); a code stays a code."""
    value = (value or "").strip()
    if len(value) == 2 and value.isupper():
        return value
    try:
        if str(PROJECT) not in sys.path:
            sys.path.insert(0, str(PROJECT))
        from meetings.countries import country_code as project_code

        code = project_code(value)
    except ImportError:
        code = ""
    if not code:
        import pycountry

        try:
            code = pycountry.countries.lookup(value).alpha_2
        except LookupError:
            code = ""
    return code


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --------------------------------------------------------------------------- one article


class Predicted:
    """One article's `extract --jsonl` object with the lookups scoring needs."""

    def __init__(self, obj: dict | None):
        obj = obj or {}
        self.officials = [o for o in obj.get("officials") or [] if isinstance(o, dict)]
        self.meetings = [m for m in obj.get("meetings") or [] if isinstance(m, dict)]
        self.statements = [s for s in obj.get("statements") or [] if isinstance(s, dict)]
        self.by_name = {o.get("name"): o for o in self.officials}

    def keys_of(self, name: str) -> set[str]:
        """A predicted person's keys: its name's and its aliases' last tokens."""
        o = self.by_name.get(name) or {}
        keys = {person_key(name)} | {person_key(a) for a in o.get("aliases") or []}
        return {k for k in keys if k}

    def is_person(self, gold: str, name: str) -> bool:
        """Whether the predicted person ``name`` (or one of its aliases) is ``gold``."""
        o = self.by_name.get(name) or {}
        return any(same_person(gold, n) for n in [name, *(o.get("aliases") or [])] if n)

    def country_of(self, name: str) -> str:
        return country_code((self.by_name.get(name) or {}).get("country") or "")


def _gold_meeting(m: dict, gold_country: dict[str, str]) -> dict:
    persons = list(m["participants"])
    declared = set(m.get("countries") or [])
    countries = declared | {gold_country[p] for p in m["participants"] if gold_country.get(p)}
    return {"persons": persons, "declared": declared, "countries": countries, "raw": m}


def _pred_meeting(m: dict, pred: Predicted) -> dict:
    names = [p for p in m.get("participants") or [] if isinstance(p, str)]
    declared = {country_code(c) for c in m.get("countries") or [] if c}
    countries = (declared | {pred.country_of(p) for p in names}) - {""}
    return {"persons": names, "countries": countries, "raw": m, "pred": pred}


def _shared(gold_persons: list[str], pred_persons: list[str], pred: Predicted) -> int:
    """Gold persons matched one-to-one by predicted persons (by key or alias key)."""
    used, n = set(), 0
    for g in gold_persons:
        for j, name in enumerate(pred_persons):
            if j not in used and pred.is_person(g, name):
                used.add(j)
                n += 1
                break
    return n


def meeting_overlap(g: dict, p: dict) -> tuple | None:
    """Sort key of a gold/predicted pair that matches under the rules, else None."""
    shared = _shared(g["persons"], p["persons"], p["pred"])
    union = len(g["persons"]) + len(p["persons"]) - shared
    jaccard = shared / union if union else 0.0
    if len(g["persons"]) >= 2:
        if shared < 2 or jaccard < 0.5:
            return None
    else:
        if not (g["persons"] or g["declared"]):
            return None
        if shared < len(g["persons"]) or not g["declared"] <= p["countries"]:
            return None
    return (shared, jaccard, len(g["countries"] & p["countries"]))


def match_meetings(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greedy by best overlap."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = meeting_overlap(g, p)
            if ov is not None:
                # Ties go to required gold meetings, then to input order.
                cands.append((ov, not g["raw"].get("optional"), -i, -j, i, j))
    cands.sort(reverse=True)
    pairs, used_g, used_p = [], set(), set()
    for *_, i, j in cands:
        if i not in used_g and j not in used_p:
            pairs.append((i, j))
            used_g.add(i)
            used_p.add(j)
    return sorted(pairs)


def _same_date(g: dict, p: dict) -> bool:
    gd, gp = g.get("date"), g.get("precision")
    pd, pp = p.get("date"), p.get("date_precision")
    if gd is None and pd is None:
        return True
    return gd == pd and gp == pp


def _speaker_ok(gold_speaker: str, st: dict, pred: Predicted) -> bool:
    said = st.get("speaker") or st.get("speaker_label") or ""
    if not said:
        return False
    g, p = normalize(gold_speaker), normalize(said)
    if pred.is_person(gold_speaker, said):
        return True
    return bool(g and p) and (g in p or p in g)


def _title_ok(gold: str, pred: str) -> bool:
    g, p = normalize(gold), normalize(pred)
    return g == p or (bool(g) and bool(p) and (g in p or p in g))


def score_article(row: dict, obj: dict | None) -> dict:
    """Counts and error lists of one article."""
    pred = Predicted(obj)
    c = collections.Counter()
    err: dict[str, list] = collections.defaultdict(list)
    gold_country = {o["name"]: o.get("country") or "" for o in row["officials"]}

    # Meetings.
    gm = [_gold_meeting(m, gold_country) for m in row["meetings"]]
    pm = [_pred_meeting(m, pred) for m in pred.meetings]
    pairs = match_meetings(gm, pm)
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        g, p = gm[i]["raw"], pm[j]["raw"]
        if g.get("optional"):
            c["meet_optional_matched"] += 1
            continue
        c["meet_tp"] += 1
        ok = _same_date(g, p)
        c["date_ok"] += ok
        c[f"date_n:{g.get('precision')}"] += 1
        c[f"date_ok:{g.get('precision')}"] += ok
        if not ok:
            err["date"].append((g, p))
        bg_ok = bool(p.get("background")) == bool(g.get("background"))
        c["bg_ok"] += bg_ok
        if not bg_ok:
            err["background"].append((g, p))
    for i, g in enumerate(gm):
        if i not in matched_g and not g["raw"].get("optional"):
            c["meet_fn"] += 1
            err["meet_fn"].append(g["raw"])
    for j, p in enumerate(pm):
        if j not in matched_p:
            c["meet_fp"] += 1
            err["meet_fp"].append(p["raw"])

    # Officials, by surname key, one-to-one; a predicted key repeated counts once.
    preds, seen = [], set()
    for o in pred.officials:
        k = person_key(o.get("name") or "")
        if k and k not in seen:
            seen.add(k)
            preds.append(o)
    used = set()
    for go in row["officials"]:
        j = next(
            (j for j, po in enumerate(preds)
             if j not in used and pred.is_person(go["name"], po.get("name") or "")),
            None,
        )  # fmt: skip
        if j is None:
            c["off_fn"] += 1
            err["off_fn"].append(go)
            continue
        used.add(j)
        c["off_tp"] += 1
        if _title_ok(go.get("title") or "", preds[j].get("title") or ""):
            c["title_ok"] += 1
        else:
            err["title"].append((go, preds[j]))
    for j, po in enumerate(preds):
        if j not in used:
            c["off_fp"] += 1
            err["off_fp"].append(po)
    gold_keys = {person_key(o["name"]) for o in row["officials"]}
    nots = [(person_key(n), normalize(n)) for n in row.get("not_officials") or []]
    flagged = set()
    for po in pred.officials:
        keys, full = pred.keys_of(po.get("name") or ""), normalize(po.get("name") or "")
        # A surname shared with a gold official ("Rajiv Gandhi" / "Sonia Gandhi") needs the
        # whole name to tell who was predicted.
        if any(k in keys and (k not in gold_keys or n in full)
               for k, n in nots if k) and full not in flagged:  # fmt: skip
            flagged.add(full)
            c["not_official_predicted"] += 1
            err["not_official"].append(po)

    # Statements: found when the key phrase is in a predicted statement's text.
    for gs in row["statements"]:
        key = normalize(gs["key"])
        hits = [s for s in pred.statements if key and key in normalize(s.get("text") or "")]
        c["st_gold"] += 1
        if not hits:
            err["st_fn"].append(gs)
            continue
        c["st_found"] += 1
        if any(_speaker_ok(gs["speaker"], s, pred) for s in hits):
            c["speaker_ok"] += 1
        else:
            err["speaker"].append((gs, hits[0]))
    c["st_pred"] += len(pred.statements)
    return {"counts": c, "errors": err}


# --------------------------------------------------------------------------- totals


def score(rows: list[dict], predictions: dict[str, dict], failed: dict[str, str]) -> dict:
    """Totals over the articles; `failed` maps ids on which extract raised to the reason."""
    total = collections.Counter()
    per_article = {}
    for row in rows:
        res = score_article(row, predictions.get(row["id"]))
        total.update(res["counts"])
        per_article[row["id"]] = res
    total["articles"] = len(rows)
    total["raised"] = sum(1 for r in rows if r["id"] in failed)
    total["no_output"] = sum(
        1 for r in rows if r["id"] not in predictions and r["id"] not in failed
    )
    return {"totals": total, "articles": per_article, "failed": failed}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else f"  -   ({a}/{b})"


def report(res: dict, rows: list[dict], show_errors: bool, label: str) -> None:
    t = res["totals"]
    mp, mr, mf = _prf(t["meet_tp"], t["meet_fp"], t["meet_fn"])
    op, orr, of = _prf(t["off_tp"], t["off_fp"], t["off_fn"])
    parts = ", ".join(sorted({r["_part"] for r in rows}))
    print(f"real-news benchmark ({label}; {t['articles']} articles from {parts})")
    width = 34
    lines = [
        ("meetings P / R / F1",
         f"{mp:.3f} / {mr:.3f} / {mf:.3f}  (tp {t['meet_tp']}, fp {t['meet_fp']}, "
         f"fn {t['meet_fn']}; {t['meet_optional_matched']} matched optional)"),
        ("  date accuracy (matched)", _ratio(t["date_ok"], t["meet_tp"])),
    ]
    for prec in PRECISIONS_PRINTED:
        n = t[f"date_n:{prec}"]
        if n:
            lines.append((f"    gold precision {prec or 'none'}", _ratio(t[f"date_ok:{prec}"], n)))
    lines += [
        ("officials P / R / F1",
         f"{op:.3f} / {orr:.3f} / {of:.3f}  (tp {t['off_tp']}, fp {t['off_fp']}, "
         f"fn {t['off_fn']})"),
        ("  title accuracy (matched)", _ratio(t["title_ok"], t["off_tp"])),
        ("statements found (recall)",
         f"{_ratio(t['st_found'], t['st_gold'])}  ({t['st_pred']} predicted)"),
        ("  speaker accuracy (found)", _ratio(t["speaker_ok"], t["st_found"])),
        ("articles on which extract raised", f"{t['raised']} of {t['articles']}"
         + (f"  (+{t['no_output']} without output)" if t["no_output"] else "")),
        ("non-officials predicted as officials", str(t["not_official_predicted"])),
        ("background flag accuracy (matched)", _ratio(t["bg_ok"], t["meet_tp"])),
    ]  # fmt: skip
    for name, value in lines:
        print(f"  {name:<{width}} {value}")
    if show_errors:
        _print_errors(res, rows)


PRECISIONS_PRINTED = PRECISION_ORDER


def _m(m: dict) -> str:
    who = ", ".join(m.get("participants") or [])
    where = ", ".join(m.get("countries") or [])
    date = m.get("date")
    prec = m.get("precision", m.get("date_precision"))
    flags = [f for f in ("background", "planned", "optional") if m.get(f)]
    return (f"{m.get('kind')} [{who}]" + (f" +[{where}]" if where else "")
            + f" {date or 'undated'}" + (f"/{prec}" if prec else "")
            + (f" ({', '.join(flags)})" if flags else ""))  # fmt: skip


def _print_errors(res: dict, rows: list[dict]) -> None:
    for row in rows:
        rid = row["id"]
        e = res["articles"][rid]["errors"]
        if rid in res["failed"]:
            print(f"\n{rid}: extract raised: {res['failed'][rid]}")
        if not any(e.values()):
            continue
        print(f"\n{rid} ({row['date']}, {row['url']})")
        for m in e["meet_fn"]:
            print(f"  missed meeting     {_m(m)}")
        for m in e["meet_fp"]:
            print(f"  false meeting      {_m(m)}  <- {(m.get('evidence') or [''])[0][:90]!r}")
        for g, p in e["date"]:
            print(f"  wrong date         {_m(g)}  predicted {p.get('date')}/"
                  f"{p.get('date_precision')} from {p.get('date_phrase')!r}")
        for g, p in e["background"]:
            print(f"  wrong background   {_m(g)}  predicted background={p.get('background')}")
        for o in e["off_fn"]:
            print(f"  missed official    {o['name']!r} [{o.get('title')}]")
        for o in e["off_fp"]:
            print(f"  false official     {o.get('name')!r} [{o.get('title') or ''}]")
        for g, p in e["title"]:
            print(f"  wrong title        {g['name']!r}: {g.get('title')!r} vs {p.get('title')!r}")
        for o in e["not_official"]:
            print(f"  non-official       {o.get('name')!r} predicted as an official")
        for s in e["st_fn"]:
            print(f"  missed statement   {s['speaker']}: {s['key']!r}")
        for g, p in e["speaker"]:
            print(f"  wrong speaker      {g['key']!r}: {g['speaker']!r} vs "
                  f"{p.get('speaker') or p.get('speaker_label')!r}")


# --------------------------------------------------------------------------- extraction


def _parse_output(stdout: str) -> tuple[dict[str, dict], dict[str, str]]:
    """(extractions by id, failures by id); `--save` writes failures as {"id", "error"}."""
    out, failed = {}, {}
    for line in stdout.splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict) or obj.get("id") is None:
            continue
        if "error" in obj and "officials" not in obj:
            failed[str(obj["id"])] = str(obj["error"])
        else:
            out[str(obj["id"])] = obj
    return out, failed


def _failures(stderr: str, ids: list[str]) -> dict[str, str]:
    """Articles `extract` reported as failed: `error: -:N: reason`, N the stdin line."""
    failed = {}
    for line in stderr.splitlines():
        if not line.startswith("error: -:"):
            continue
        number, _, reason = line[len("error: -:"):].partition(": ")
        if number.isdigit() and 1 <= int(number) <= len(ids):
            failed[ids[int(number) - 1]] = reason.strip()
    return failed


def run_extract(items: list[dict], project: Path, save: Path | None) -> tuple[dict, dict]:
    """(predictions by id, failures by id) from `<project>/manage.py extract --jsonl -`."""
    manage = project / "manage.py"
    if not manage.exists():
        raise BenchError(f"extraction not available: no manage.py in {project}")
    venv = project / ".venv" / "bin" / "python"
    python = str(venv) if venv.exists() else sys.executable
    stdin = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in items)
    try:
        proc = subprocess.run(
            [python, str(manage), "extract", "--jsonl", "-"],
            input=stdin, capture_output=True, text=True, cwd=project, timeout=3600,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError(f"extraction failed to run: {exc}") from None
    preds, _ = _parse_output(proc.stdout)
    failed = _failures(proc.stderr, [a["id"] for a in items])
    if save:
        errors = "".join(json.dumps({"id": i, "error": r}, ensure_ascii=False) + "\n"
                         for i, r in failed.items())  # fmt: skip
        save.write_text(proc.stdout + errors, encoding="utf-8")
    if not preds and len(failed) < len(items):
        why = _last_line(proc.stderr) if proc.stderr.strip() else f"exit {proc.returncode}"
        raise BenchError(f"extraction not available: `extract --jsonl -` printed nothing: {why}")
    return preds, failed


def load_predictions(path: Path) -> tuple[dict[str, dict], dict[str, str]]:
    try:
        return _parse_output(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"cannot read {path}: {exc}") from None


# --------------------------------------------------------------------------- self-check


def gold_as_prediction(row: dict) -> dict:
    """The labels in the shape of `extract --jsonl` output (countries as English names)."""
    import pycountry

    def name(code: str) -> str | None:
        c = pycountry.countries.get(alpha_2=code) if code else None
        return (getattr(c, "common_name", None) or c.name) if c else (code or None)

    return {
        "id": row["id"],
        "officials": [
            {"name": o["name"], "title": o.get("title") or None, "country": name(o.get("country")),
             "aliases": []}
            for o in row["officials"]
        ],
        "meetings": [
            {"kind": m["kind"], "participants": list(m["participants"]),
             "countries": [name(c) for c in m.get("countries") or []], "date": m.get("date"),
             "date_precision": m.get("precision"), "background": m.get("background", False),
             "evidence": []}
            for m in row["meetings"] if not m.get("optional")
        ],
        "statements": [
            {"speaker": s["speaker"], "speaker_label": None, "text": s["key"]}
            for s in row["statements"]
        ],
    }  # fmt: skip


def _toy_row(rid: str, officials, meetings, statements=(), not_officials=()) -> dict:
    full = []
    for m in meetings:
        full.append({"countries": [], "kind": "meeting", "date": None, "precision": None,
                     "background": False, "planned": False, "optional": False, **m})
    return {"id": rid, "_part": "toy", "officials": [
        {"name": n, "title": t, "country": c, "organization": ""} for n, t, c in officials],
        "not_officials": list(not_officials), "meetings": full, "statements": list(statements)}


def self_check(rows: list[dict]) -> int:
    ok = True

    def check(what: str, cond: bool) -> None:
        nonlocal ok
        print(f"  {'ok  ' if cond else 'FAIL'} {what}")
        ok &= bool(cond)

    if rows:
        res = score(rows, {r["id"]: gold_as_prediction(r) for r in rows}, {})
        t = res["totals"]
        values = (_prf(t["meet_tp"], t["meet_fp"], t["meet_fn"])
                  + _prf(t["off_tp"], t["off_fp"], t["off_fn"]))
        check(f"gold vs gold on {len(rows)} labelled articles: meetings and officials "
              f"P=R=F1=1, dates, titles, statements, speakers, background all 1 (got "
              f"{', '.join(f'{v:.3f}' for v in values)})",
              all(v == 1.0 for v in values) and t["date_ok"] == t["meet_tp"]
              and t["title_ok"] == t["off_tp"] and t["st_found"] == t["st_gold"]
              and t["speaker_ok"] == t["st_found"] and t["bg_ok"] == t["meet_tp"]
              and t["not_official_predicted"] == 0)  # fmt: skip
        t = score(rows, {}, {})["totals"]
        check("gold vs empty: meetings, officials, statements recall 0 and nothing predicted",
              t["meet_tp"] == t["off_tp"] == t["st_found"] == 0 and t["meet_fn"] > 0
              and t["meet_fp"] == t["off_fp"] == 0)  # fmt: skip
    else:
        check("labelled articles to check against", False)

    A = ("Antony Blinken", "Secretary of State", "US")
    W = ("Wang Yi", "Foreign Minister", "CN")
    K = ("Sergey Lavrov", "Foreign Minister", "RU")
    row = _toy_row("t1", [A, W, K], [
        {"participants": ["Antony Blinken", "Wang Yi", "Sergey Lavrov"], "date": "2024-01-12",
         "precision": "day"},
        {"participants": ["Antony Blinken"], "countries": ["UZ"], "kind": "call"},
        {"participants": ["Wang Yi"], "countries": ["JP"], "optional": True},
    ], statements=[{"speaker": "Antony Blinken", "key": "importance of maintaining peace"},
                   {"speaker": "Chinese foreign ministry", "key": "firmly opposes interference"}],
        not_officials=["Anna Layden"])  # fmt: skip

    def pred(meetings, officials=None, statements=()):
        offs = officials if officials is not None else [
            {"name": "Tony Blinken", "title": "Secretary", "country": "United States",
             "aliases": ["Antony Blinken"]},
            {"name": "Wang Yi", "title": "foreign minister", "country": "China", "aliases": []},
            {"name": "Lavrov", "title": "President", "country": "Russia", "aliases": []},
        ]  # fmt: skip
        return {"t1": {"id": "t1", "officials": offs, "meetings": meetings,
                       "statements": list(statements)}}  # fmt: skip

    def mt(participants, countries=(), date=None, prec=None, bg=False):
        return {"participants": participants, "countries": list(countries), "date": date,
                "date_precision": prec, "background": bg, "kind": "meeting"}

    t = score([row], pred([
        mt(["Tony Blinken", "Wang Yi"], date="2024-01-12", prec="day"),   # 2 of 3: J=2/3
        mt(["Tony Blinken"], ["Uzbekistan"]),                             # the call
        mt(["Wang Yi"], ["Japan"]),                                       # optional gold
        mt(["Wang Yi"], ["Mongolia"]),                                    # false
    ], statements=[
        {"speaker": "Tony Blinken", "text": "He stressed the Importance of maintaining peace."},
        {"speaker": None, "speaker_label": "Foreign Ministry of China",
         "text": "China firmly opposes interference"},
    ]), {})["totals"]  # fmt: skip
    check("2 of 3 persons (Jaccard 2/3) match; 1 person + declared country matches; a match "
          "with optional gold is neither TP nor FP; alias 'Antony Blinken' gives key blinken",
          (t["meet_tp"], t["meet_fp"], t["meet_fn"], t["meet_optional_matched"]) == (2, 1, 0, 1))
    check("dates: same day/precision correct, both undated correct",
          t["date_ok"] == 2 and t["date_ok:day"] == 1 and t["date_ok:None"] == 1)
    check("titles: 'Secretary' in 'Secretary of State' and case ok; 'President' wrong",
          (t["off_tp"], t["title_ok"]) == (3, 2))
    check("statements found by normalized key; speaker by alias key; label by containment "
          "fails when neither contains the other",
          (t["st_found"], t["speaker_ok"]) == (2, 1))

    t = score([row], pred([mt(["Tony Blinken", "Wang Yi", "Lavrov", "Anna Layden",
                               "Someone Else"])],
                          officials=[{"name": "Anna Layden", "title": "", "country": None}]
                          + pred([])["t1"]["officials"]), {})["totals"]  # fmt: skip
    check("3 of 5 persons (Jaccard 3/5) matches; single-person gold without its country "
          "does not; a non-official predicted as official is counted",
          (t["meet_tp"], t["meet_fn"], t["not_official_predicted"], t["off_fp"]) == (1, 1, 1, 1))
    t = score([row], pred([mt(["Tony Blinken", "Wang Yi", "A B", "C D", "E F"])]),
              {})["totals"]  # fmt: skip
    check("2 of 3 gold persons in a 5-person prediction (Jaccard 2/6) does not match",
          t["meet_tp"] == 0 and t["meet_fp"] == 1)
    t = score([row], pred([mt(["Tony Blinken", "Wang Yi", "Lavrov"], date="2024-01-01",
                              prec="month")]), {})["totals"]  # fmt: skip
    check("a month-precision date for a day gold is wrong", t["date_ok"] == 0 and t["meet_tp"] == 1)
    t = score([row], pred([mt(["Tony Blinken"], ["Uzbekistan"]),
                           mt(["Tony Blinken"], ["Uzbekistan"])]), {})["totals"]
    check("one-to-one: a repeated prediction is one TP and one FP",
          (t["meet_tp"], t["meet_fp"]) == (1, 1))
    g_row = _toy_row("t2", [("Rajiv Gandhi", "Prime Minister", "IN")], [],
                     not_officials=["Sonia Gandhi"])
    offs = [{"name": "Rajiv Gandhi", "title": "Prime Minister"},
            {"name": "Sonia Gandhi", "title": ""}]
    t = score([g_row], {"t2": {"officials": offs}}, {})["totals"]
    check("a surname shared by an official and a non-official: only the non-official's full "
          "name counts as a non-official predicted",
          (t["off_tp"], t["not_official_predicted"]) == (1, 1))
    out = _failures("error: -:2: extraction failed: boom\nerror: x.txt: other\n", ["a", "b"])
    check("`error: -:N: ...` lines name the N-th article", out == {"b": "extraction failed: boom"})
    check("keys and countries: 'Kim Jong-un' -> 'un'; 'South Korea' -> KR; 'Türkiye' -> TR",
          person_key("Kim Jong-un") == "un" and country_code("South Korea") == "KR"
          and country_code("Türkiye") == "TR")  # fmt: skip
    print("self-check " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parts", nargs="*", type=Path,
                    help="label files or folders (default: bench/data/news_dev/)")
    ap.add_argument("--texts", type=Path, default=news_set.DEFAULT_TEXTS,
                    help="texts folder (default: ../news-set/texts from this project's root)")
    ap.add_argument("--project", type=Path, default=PROJECT,
                    help="project whose `manage.py extract` runs (default: this one)")
    ap.add_argument("--predictions", type=Path, help="score saved `extract --jsonl` output")
    ap.add_argument("--save", type=Path, help="write the extraction's output here "
                    "(plus {\"id\", \"error\"} lines for the articles it failed on)")
    ap.add_argument("--only", help="comma-separated ids to score")
    ap.add_argument("--errors", action="store_true", help="list misses and false hits per article")
    ap.add_argument("--self-check", action="store_true", help="check the scorer")
    ap.add_argument("--names", choices=("last", "tokens"), default="last",
                    help="person matching: 'last' normalized token (default, the issue's "
                    "rule) or 'tokens' (also a token suffix, or a subset of 2+ tokens)")
    args = ap.parse_args(argv)
    global NAME_RULE
    NAME_RULE = args.names
    resolve = news_set._resolve
    try:
        rows = news_set.load_labels([resolve(p) for p in args.parts] or [news_set.DEFAULT_PARTS])
    except news_set.SetError as exc:
        print(f"eval_news: {exc}", file=sys.stderr)
        return 2
    if args.only:
        wanted = {i.strip() for i in args.only.split(",") if i.strip()}
        unknown = wanted - {r["id"] for r in rows}
        if unknown:
            print(f"eval_news: unknown ids: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        rows = [r for r in rows if r["id"] in wanted]
    if args.self_check:
        return self_check(rows)
    items, rows = news_set.articles(rows, resolve(args.texts))
    if not rows:
        print("eval_news: no article text could be read (see the lines above)", file=sys.stderr)
        return 2
    try:
        if args.predictions:
            preds, failed = load_predictions(resolve(args.predictions))
            label = f"predictions from {args.predictions.name}"
        else:
            project = resolve(args.project).resolve()
            preds, failed = run_extract(items, project, args.save and resolve(args.save))
            label = f"manage.py extract in {project.name}"
    except BenchError as exc:
        print(f"eval_news: {exc}", file=sys.stderr)
        return 2
    report(score(rows, preds, failed), rows, args.errors, label)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
