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
        parser.add_argument("--queue", action="store_true",
                            help="Store the new articles and enqueue them for workers "
                                 "(manage.py ingest_worker, on any machine) instead of "
                                 "extracting them here.")
        parser.add_argument("--wait", action="store_true",
                            help="With --queue: wait until the workers have done the jobs "
                                 "of this run, with a progress bar.")

    def handle(self, *args, **options):
        if options["wait"] and not options["queue"]:
            raise CommandError("--wait goes with --queue")
        progress = options["progress"] if options["progress"] is not None else \
            self.stderr.isatty()
        if options["queue"]:
            self._queue(options, progress=progress)
            return
        from meetings.ingest.service import ingest_paths, ingest_report, reprocess_stored

        kwargs = input_options(options, settings.INGEST_MAX_BYTES)
        report = ingest_report()
        try:
            if options["reprocess"] and not options["paths"]:
                reprocess_stored(err=self.stderr, progress=progress, report=report)
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

    def _queue(self, options, *, progress: bool) -> None:
        from meetings.ingest.queue import (
            enqueue_paths,
            enqueue_report,
            enqueue_stored,
            wait_drained,
        )

        kwargs = input_options(options, settings.INGEST_MAX_BYTES)
        report = enqueue_report()
        try:
            if options["reprocess"] and not options["paths"]:
                enqueue_stored(report=report)
            elif not options["paths"]:
                raise CommandError("give at least one PATH (or '-' for JSONL on stdin)")
            else:
                enqueue_paths(options["paths"], stdin=sys.stdin, reprocess=options["reprocess"],
                              default_date=kwargs["default_date"],
                              max_bytes=kwargs["max_bytes"], err=self.stderr, report=report)
        except KeyboardInterrupt:
            # Each batch was stored with its job in one transaction: what is queued is whole.
            self.stderr.write(f"interrupted: {report.summary()}")
            sys.exit(130)
        self.stdout.write(report.summary())
        failed = report.failed
        if options["wait"] and report.ids["jobs"]:
            try:
                status = wait_drained(job_ids=sorted(report.ids["jobs"]), err=self.stderr,
                                      progress=progress)
            except KeyboardInterrupt:
                self.stderr.write("interrupted while waiting: the jobs stay queued")
                sys.exit(130)
            for line in status.lines():
                self.stdout.write(line)
            failed += status.failed
        if failed:
            raise CommandError(f"{failed} input(s) or job(s) failed", returncode=1)
