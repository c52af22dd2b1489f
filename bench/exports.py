#!/usr/bin/env python
"""Export throughput: meetings per second streamed by /export.csv and /export.json.

    export DATABASE_URL=postgres://.../scratch
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_demo_data \
        --meetings 100000
    .venv/bin/python bench/exports.py [--repeat 3] [--query kind=visit]

Runs the two views in this process on the configured database (fill a scratch one with
``generate_demo_data`` first), reads every byte of each streamed response and prints
rows, seconds and meetings/s per format (best of ``--repeat``). The rate limit is lifted
for the run. Exit status 0 when both formats reach ``--target`` meetings/s, else 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=20_000)
    parser.add_argument("--query", default="", help="a filter, e.g. 'kind=visit'")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import RequestFactory

    from meetings import views
    from meetings.models import Meeting

    settings.EXPORT_RATE_LIMIT = 10**9
    factory = RequestFactory()
    print(f"{Meeting.objects.count():,} meetings in the database")
    ok = True
    for name, view in (("csv", views.export_csv), ("json", views.export_json)):
        best = None
        for _ in range(args.repeat):
            request = factory.get(f"/export.{name}?{args.query}", HTTP_HOST="localhost")
            start = time.perf_counter()
            response = view(request)
            size = lines = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                lines += chunk.count(b"\n")
            seconds = time.perf_counter() - start
            best = seconds if best is None or seconds < best else best
        rows = lines - (1 if name == "csv" else 3)  # header line; JSON's frame lines
        rate = rows / best if best else float("inf")
        ok &= rate >= args.target
        print(f"{name:4}  {rows:>7,} meetings  {size / 1e6:6.1f} MB  {best:6.2f} s  "
              f"{rate:>9,.0f} meetings/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
