"""manage.py ingest_status : the queued-ingest jobs by state, with the reasons of failures."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Queued-ingest jobs: queued, running, done, failed (with the reason), retried."

    def add_arguments(self, parser):
        parser.add_argument("--reasons", type=int, default=20,
                            help="Failure reasons to list (default 20).")

    def handle(self, *args, **options):
        from meetings.ingest.queue import queue_status

        for line in queue_status(reasons=options["reasons"]).lines():
            self.stdout.write(line)
