"""manage.py ingest_worker : run workers for queued ingest (``ingest --queue``), on any machine."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Run queued-ingest workers against DATABASE_URL until stopped (Ctrl-C stops "
            "each after the article in hand; its job goes back to the queue).")

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1,
                            help="Worker processes on this machine, each one job at a time "
                                 "(default 1; about one per CPU core).")
        parser.add_argument("--heartbeat", type=float, default=settings.INGEST_HEARTBEAT,
                            help="Seconds between heartbeats (default: INGEST_HEARTBEAT).")
        parser.add_argument("--stall-timeout", type=float,
                            default=settings.INGEST_STALL_TIMEOUT,
                            help="Seconds without a heartbeat after which a worker's jobs go "
                                 "back to the queue (default: INGEST_STALL_TIMEOUT).")
        parser.add_argument("--until-empty", action="store_true",
                            help="Stop when the queue is empty instead of waiting for jobs.")

    def handle(self, *args, **options):
        from meetings.ingest.workers import run_workers

        if options["concurrency"] < 1:
            raise CommandError("--concurrency must be at least 1")
        if options["stall_timeout"] <= options["heartbeat"]:
            raise CommandError("--stall-timeout must be longer than --heartbeat")
        code = run_workers(processes=options["concurrency"], heartbeat=options["heartbeat"],
                           stall_timeout=options["stall_timeout"],
                           until_empty=options["until_empty"])
        sys.exit(code)
