"""manage.py retag : apply the topic taxonomy, as edited, to what is stored again."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Re-apply topics to stored articles, their statements and meetings, and to the "
            "meetings made from official records (their remarks and descriptions), after a "
            "taxonomy change. Curated links and curated meetings are left as they are.")

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", dest="articles",
                            help="Only this article id (repeatable); record meetings are "
                                 "then left out unless --records is given.")
        parser.add_argument("--records", action="store_true",
                            help="Also retag the meetings made from official records.")

    def handle(self, *args, **options):
        from meetings.ingest.retag import retag

        report = retag(article_ids=options["articles"], records=options["records"] or None)
        self.stdout.write(report.summary())
