"""Arguments shared by the ingest and extract commands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value!r}: not a date in YYYY-MM-DD form") from exc


def add_input_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="Files or folders (recursive); '-' reads JSONL from stdin.")
    parser.add_argument("--date", type=_date, default=None,
                        help="Publication date for articles whose date cannot be found.")
    parser.add_argument("--max-bytes", type=int, default=None,
                        help="Reject files larger than this (default: INGEST_MAX_BYTES); "
                             "longer texts than spaCy's max_length are parsed in parts.")


def input_options(options: dict[str, Any], default_max: int) -> dict[str, Any]:
    return {"default_date": options["date"],
            "max_bytes": options["max_bytes"] or default_max}
