"""manage.py retag : apply the topic taxonomy, as edited, to the stored articles again."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Re-apply topics to stored articles and their meetings after a taxonomy change. "
            "Curated links and curated meetings are left as they are.")

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", dest="articles",
                            help="Only this article id (repeatable).")

    def handle(self, *args, **options):
        from meetings.curation import topics_retag

        counts = topics_retag(article_ids=options["articles"])
        self.stdout.write(f"retag: {counts.articles} articles, {counts.meetings} meetings; "
                          f"{counts.added} topic links added, {counts.removed} removed")
