#!/usr/bin/env python3
"""Check the real-news development set and write it as `manage.py extract --jsonl -` input.

Usage (paths are relative to the project root unless absolute):

    .venv/bin/python bench/news_set.py                  # all bench/data/news_dev/*.jsonl -> stdout
    .venv/bin/python bench/news_set.py -o news.jsonl    # ... -> a file
    .venv/bin/python bench/news_set.py --check          # validate the labels against the texts
    .venv/bin/python bench/news_set.py part.jsonl dir/  # other label files or folders
    .venv/bin/python bench/news_set.py --texts DIR      # texts folder (default ../news-set/texts)

The article texts are not in the repository (they are other people's writing): each
label row names its text by `query` + `url` (to fetch it again, see bench/README.md)
and pins it by `sha256` and `bytes`. A missing or changed text is reported as one line
naming the id and the reason, and the other texts go on.

Exit status: 0 when every text was found and (with --check) every label is valid;
1 when some text or label has a problem; 2 when the label files cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_PARTS = PROJECT / "bench" / "data" / "news_dev"
DEFAULT_TEXTS = (PROJECT / ".." / "news-set" / "texts").resolve()

KEYS = [
    "id", "query", "url", "sha256", "bytes", "date", "region", "style",
    "officials", "not_officials", "meetings", "statements",
]  # fmt: skip
STYLES = {"wire", "readout", "live", "caption", "feature", "regional"}
KINDS = {"meeting", "call", "summit", "talks", "visit", "multilateral"}
PRECISIONS = {"day", "week", "month", "year"}
MEETING_KEYS = [
    "participants", "countries", "kind", "date", "precision", "background", "planned", "optional",
]  # fmt: skip
# Codes pycountry lacks but news needs (user-assigned or withdrawn ISO codes).
EXTRA_CODES = {"XK", "SU", "YU", "CS", "DD"}

# The stored excerpt of a dated page opens with " date YYYY-MM-DD " (then the text goes on,
# on the same line or the next one); it is the store's mark, not the article's.
DATE_LINE = re.compile(r"\A date \d{4}-\d{2}-\d{2}(?: |\n|\Z)")


class SetError(Exception):
    """The label files cannot be read at all; reported as one line."""


# --------------------------------------------------------------------------- reading


def part_files(paths: list[Path]) -> list[Path]:
    """The label files named or found (sorted *.jsonl) in the folders named."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(p.glob("*.jsonl"))
        elif p.exists():
            files.append(p)
        else:
            raise SetError(f"no such label file or folder: {p}")
    if not files:
        raise SetError(f"no label files (*.jsonl) in {', '.join(str(p) for p in paths)}")
    return files


def load_labels(paths: list[Path]) -> list[dict]:
    """Label rows of all parts, in file order; `_part` holds the file name."""
    rows = []
    for path in part_files(paths):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SetError(f"cannot read {path}: {exc}") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise SetError(f"{path.name}:{n}: not JSON ({exc})") from None
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                raise SetError(f"{path.name}:{n}: not a label object with a string 'id'")
            row["_part"] = path.name
            row["_line"] = n
            rows.append(row)
    return rows


def read_text(row: dict, texts: Path) -> tuple[str | None, str]:
    """(the text, "") when the file exists and matches sha256 and bytes, else (None, reason)."""
    path = texts / f"{row['id']}.txt"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"missing text file {path}"
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror}"
    if len(data) != row.get("bytes"):
        return None, f"{path.name} has {len(data)} bytes, the label says {row.get('bytes')}"
    if hashlib.sha256(data).hexdigest() != row.get("sha256"):
        return None, f"{path.name} does not match its sha256 (same length: a changed character?)"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, f"{path.name} is not UTF-8"


def article_text(text: str) -> str:
    """The text without the store's leading ` date YYYY-MM-DD ` mark."""
    return DATE_LINE.sub("", text, count=1)


def articles(rows: list[dict], texts: Path, err=sys.stderr) -> tuple[list[dict], list[dict]]:
    """(extract input objects, rows they came from); a bad text is one line on `err`."""
    out, used = [], []
    for row in rows:
        text, why = read_text(row, texts)
        if text is None:
            print(f"{row['id']}: {why}", file=err)
            continue
        out.append({"id": row["id"], "title": "", "text": article_text(text), "date": row["date"]})
        used.append(row)
    return out, used


# --------------------------------------------------------------------------- checking


def _valid_country(code: str) -> bool:
    import pycountry

    return code in EXTRA_CODES or (
        len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None
    )


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_row(row: dict, text: str) -> list[str]:
    """Problems of one label row against its text (empty when the row is valid)."""
    bad: list[str] = []
    keys = [k for k in row if not k.startswith("_")]
    if keys != KEYS:
        bad.append(f"keys are {keys}, expected {KEYS} in that order")
    if not re.fullmatch(r"[a-z]\d{3}", row["id"]):
        bad.append(f"id {row['id']!r} is not a letter and three digits")
    for k in ("query", "url", "region"):
        if not isinstance(row.get(k), str) or not row.get(k):
            bad.append(f"{k} is empty")
    article_date = _date(row.get("date"))
    if article_date is None:
        bad.append(f"date {row.get('date')!r} is not YYYY-MM-DD")
    elif not dt.date(2015, 1, 1) <= article_date <= dt.date(2026, 12, 31):
        bad.append(f"date {row['date']} is outside 2015-2026")
    if row.get("style") not in STYLES:
        bad.append(f"style {row.get('style')!r} is not one of {sorted(STYLES)}")

    officials = row.get("officials") or []
    names = set()
    for o in officials:
        name = o.get("name") or ""
        if list(o) != ["name", "title", "country", "organization"]:
            bad.append(f"official {name!r}: keys {list(o)}")
        if not name or name not in text:
            bad.append(f"official {name!r} not in the text")
        if name in names:
            bad.append(f"official {name!r} listed twice")
        names.add(name)
        title = o.get("title") or ""
        if title and title.casefold() not in text.casefold():
            bad.append(f"official {name!r}: title {title!r} not in the text")
        country = o.get("country") or ""
        if country and not _valid_country(country):
            bad.append(f"official {name!r}: country {country!r} is not an ISO alpha-2 code")
        if not country and not o.get("organization"):
            bad.append(f"official {name!r}: neither country nor organization")
    for name in row.get("not_officials") or []:
        if name not in text:
            bad.append(f"not_official {name!r} not in the text")
        if name in names:
            bad.append(f"{name!r} is both an official and a not_official")

    for i, m in enumerate(row.get("meetings") or [], 1):
        where = f"meeting {i}"
        if list(m) != MEETING_KEYS:
            bad.append(f"{where}: keys {list(m)}, expected {MEETING_KEYS}")
        for p in m.get("participants") or []:
            if p not in names:
                bad.append(f"{where}: participant {p!r} is not a listed official")
        for c in m.get("countries") or []:
            if not _valid_country(c):
                bad.append(f"{where}: country {c!r} is not an ISO alpha-2 code")
        if len(m.get("participants") or []) + len(m.get("countries") or []) < 1:
            bad.append(f"{where}: no participants and no countries")
        if m.get("kind") not in KINDS:
            bad.append(f"{where}: kind {m.get('kind')!r} is not one of {sorted(KINDS)}")
        for flag in ("background", "planned", "optional"):
            if not isinstance(m.get(flag), bool):
                bad.append(f"{where}: {flag} is not true/false")
        bad += [f"{where}: {p}" for p in _date_problems(m, article_date)]

    for s in row.get("statements") or []:
        speaker, key = s.get("speaker") or "", s.get("key") or ""
        if speaker not in names and (not speaker or speaker.casefold() not in text.casefold()):
            bad.append(f"statement speaker {speaker!r} is neither an official nor in the text")
        if not key or key not in text:
            bad.append(f"statement key {key!r} not in the text")
        elif not 3 <= len(key.split()) <= 6:
            bad.append(f"statement key {key!r} has {len(key.split())} words, not 3-6")
    return bad


def _date_problems(m: dict, article_date: dt.date | None) -> list[str]:
    value, precision = m.get("date"), m.get("precision")
    if value is None or precision is None:
        return [] if value is None and precision is None else ["date and precision: one is null"]
    day = _date(value)
    if day is None:
        return [f"date {value!r} is not YYYY-MM-DD"]
    if precision not in PRECISIONS:
        return [f"precision {precision!r} is not one of {sorted(PRECISIONS)}"]
    bad = []
    if precision == "week" and day.weekday() != 0:
        bad.append(f"week precision but {value} is not a Monday")
    if precision == "month" and day.day != 1:
        bad.append(f"month precision but {value} is not the 1st")
    if precision == "year" and (day.month, day.day) != (1, 1):
        bad.append(f"year precision but {value} is not 1 January")
    if article_date and not m.get("planned") and day > article_date:
        bad.append(f"date {value} after the article's {article_date} but not planned")
    return bad


def check(rows: list[dict], texts: Path, out=sys.stdout) -> int:
    """Print every problem (one line each) and a summary; the number of problems."""
    problems = 0
    seen: dict[str, str] = {}
    for row in rows:
        rid = row["id"]
        if rid in seen:
            print(f"{rid}: id also in {seen[rid]}", file=out)
            problems += 1
        seen[rid] = row["_part"]
        text, why = read_text(row, texts)
        if text is None:
            print(f"{rid}: {why}", file=out)
            problems += 1
            continue
        for p in check_row(row, text):
            print(f"{rid}: {p}", file=out)
            problems += 1
    parts = sorted({r["_part"] for r in rows})
    n_meet = sum(len(r.get("meetings") or []) for r in rows)
    n_off = sum(len(r.get("officials") or []) for r in rows)
    n_st = sum(len(r.get("statements") or []) for r in rows)
    print(
        f"{len(rows)} texts in {', '.join(parts)}: {n_off} officials, {n_meet} meetings, "
        f"{n_st} statements; {problems or 'no'} problem(s)",
        file=out,
    )
    return problems


# --------------------------------------------------------------------------- main


def _resolve(p: Path) -> Path:
    return p if p.is_absolute() else Path.cwd() / p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parts", nargs="*", type=Path, help="label files or folders "
                    "(default: bench/data/news_dev/)")
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS,
                    help="texts folder (default: ../news-set/texts from the project root)")
    ap.add_argument("--check", action="store_true", help="validate the labels against the texts")
    ap.add_argument("-o", "--output", type=Path, help="write the JSONL here instead of stdout")
    args = ap.parse_args(argv)
    texts = _resolve(args.texts)
    try:
        rows = load_labels([_resolve(p) for p in args.parts] or [DEFAULT_PARTS])
    except SetError as exc:
        print(f"news_set: {exc}", file=sys.stderr)
        return 2
    if args.check:
        return 1 if check(rows, texts) else 0
    items, used = articles(rows, texts)
    lines = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in items)
    if args.output:
        args.output.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    return 0 if len(used) == len(rows) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
