"""manage.py ingest_status : the queued-ingest jobs by state, with the reasons of failures."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Queued-ingest jobs: queued, running, done, failed (with the reason), retried."

    def add_arguments(self, parser):
        parser.add_argument("--reasons", type=int, default=20,
                            help="Failure reasons to list (default 20).")
        parser.add_argument("--prune", type=float, metavar="HOURS",
                            help="First delete the jobs done or cancelled more than HOURS "
                                 "ago (failed jobs are kept, to be retried).")

    def handle(self, *args, **options):
        from meetings.ingest.queue import jobs_prune, queue_status

        if options["prune"] is not None:
            if options["prune"] < 0:
                raise CommandError("--prune takes a number of hours, 0 or more")
            pruned = jobs_prune(older_than_hours=options["prune"])
            self.stdout.write(f"pruned {pruned} jobs done or cancelled more than "
                              f"{options['prune']:g} hours ago")

        for line in queue_status(reasons=options["reasons"]).lines():
            self.stdout.write(line)
