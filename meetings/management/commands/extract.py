"""manage.py extract PATH|- : print the extraction as JSON, without touching the database."""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.ingest.commandline import add_input_arguments, input_options


class Command(BaseCommand):
    help = "Extract officials, meetings, statements and topics from articles and print JSON."

    def add_arguments(self, parser):
        add_input_arguments(parser)
        parser.add_argument("--jsonl", action="store_true",
                            help="One JSON object per line, in input order.")

    def handle(self, *args, **options):
        from meetings.ingest.output import extraction_json
        from meetings.ingest.records import Lexicon
        from meetings.ingest.service import extract_paths, ingest_report
        from meetings.ingest.topics import load_taxonomy

        if not options["paths"]:
            raise CommandError("give at least one PATH (or '-' for JSONL on stdin)")
        kwargs = input_options(options, settings.INGEST_MAX_BYTES)
        report = ingest_report()
        # No database: the taxonomy comes from seeds/, known officials are not used.
        lexicon = Lexicon(topics=load_taxonomy())
        results = extract_paths(
            options["paths"], lexicon=lexicon, report=report, stdin=sys.stdin,
            on_failure=lambda f: self.stderr.write(f"error: {f}"),
            on_warning=lambda message: self.stderr.write(f"warning: {message}"), **kwargs)
        out = self.stdout
        try:
            if options["jsonl"]:
                for extraction in results:
                    out.write(json.dumps(extraction_json(extraction), ensure_ascii=False))
            else:
                items = [extraction_json(e) for e in results]
                value = items[0] if len(items) == 1 else items
                out.write(json.dumps(value, ensure_ascii=False, indent=2))
        except KeyboardInterrupt:
            results.close()  # stops the worker processes now, not at exit
            self.stderr.write(f"interrupted: {report['read']} inputs read, {report.failed} failed")
            sys.exit(130)
        if report.failed:
            raise CommandError(f"{report.failed} of {report['read']} inputs failed", returncode=1)
