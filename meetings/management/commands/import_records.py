"""manage.py import_records PATH... : Office of the Historian trips and visits -> meetings.

Progress on stderr, summary on stdout; exits non-zero when an input failed.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Import official records (history.state.gov trips and visits XML; files or "
            "folders), tag their meetings with topics, then cross-check news meetings "
            "against them.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--workers", type=int, default=1,
                            help="Processes for the NLP of trip remarks (default 1).")
        parser.add_argument("--no-crosscheck", action="store_true",
                            help="Skip the cross-check with news meetings.")
        parser.add_argument("--progress", action="store_true", default=None,
                            help="Show progress bars (default: when stderr is a terminal).")

    def handle(self, *args, **options):
        from meetings.historian import import_paths

        progress = options["progress"] if options["progress"] is not None else \
            self.stderr.isatty()
        try:
            report = import_paths(options["paths"], n_process=max(1, options["workers"]),
                                  err=self.stderr, progress=progress,
                                  check=not options["no_crosscheck"])
        except KeyboardInterrupt:
            self.stderr.write("interrupted: files stored so far are complete")
            sys.exit(130)
        self.stdout.write(report.summary())
        if report["meetings"]:
            # The new record meetings get their topics from their remarks and descriptions
            # at once, as news meetings do at ingest (retag's rule for record meetings).
            from meetings.ingest.retag import retag

            tagged = retag(article_ids=(), records=True)
            self.stdout.write(f"topics: {tagged['records']} record meetings read, "
                              f"{tagged['added']} topic links added")
        if report.failed:
            raise CommandError(f"{report.failed} input(s) failed", returncode=1)
