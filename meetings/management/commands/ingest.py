"""manage.py ingest PATH... : store what articles report. Progress on stderr, summary on stdout."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.ingest.commandline import add_input_arguments, input_options


class Command(BaseCommand):
    help = "Ingest articles (txt, md, html, json, jsonl; '-' for JSONL on stdin)."

    def add_arguments(self, parser):
        add_input_arguments(parser)
        parser.add_argument("--reprocess", action="store_true",
                            help="Extract stored articles again (after a rule change); with no "
                                 "PATH, every stored article. Curated records are kept.")
        parser.add_argument("--progress", action="store_true", default=None,
                            help="Show a progress bar (default: when stderr is a terminal).")

    def handle(self, *args, **options):
        from meetings.ingest.service import Report, ingest_paths, reprocess_stored

        kwargs = input_options(options, settings.INGEST_MAX_BYTES)
        progress = options["progress"] if options["progress"] is not None else \
            self.stderr.isatty()
        report = Report()
        try:
            if options["reprocess"] and not options["paths"]:
                reprocess_stored(workers=kwargs["workers"], err=self.stderr,
                                 progress=progress, report=report)
            elif not options["paths"]:
                raise CommandError("give at least one PATH (or '-' for JSONL on stdin)")
            else:
                ingest_paths(options["paths"], stdin=sys.stdin, reprocess=options["reprocess"],
                             err=self.stderr, progress=progress, report=report, **kwargs)
        except KeyboardInterrupt:
            # On stderr with the progress and the errors; stdout stays for results.
            self.stderr.write(f"interrupted: {report.summary()}")
            sys.exit(130)
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} input(s) failed", returncode=1)
