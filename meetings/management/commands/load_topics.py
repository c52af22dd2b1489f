"""manage.py load_topics [PATH] : load the topic taxonomy (seeds/topics.json) into Topic."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the curated topic taxonomy. Existing topics (maybe edited) are left alone."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None,
                            help="A taxonomy JSON file (default: seeds/topics.json).")

    def handle(self, *args, **options):
        from meetings.ingest.persist import topics_load
        from meetings.ingest.topics import load_taxonomy

        try:
            taxonomy = load_taxonomy(options["path"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['path'] or 'seeds/topics.json'}: {exc}") from exc
        created, updated = topics_load(taxonomy)
        if created or updated or options["verbosity"] > 1:
            self.stdout.write(f"topics: {created} created, {updated} linked to a parent, "
                              f"{len(taxonomy)} in the taxonomy")
