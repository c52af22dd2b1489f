"""manage.py people_audit : probable duplicate officials, each group with a merge link."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("List probable duplicate officials (similar names with the same country or "
            "title), with the admin link that merges each group. Read only.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="at most this many groups")
        parser.add_argument("--not-people", action="store_true",
                            help="also list officials whose names do not look like a person's")

    def handle(self, *args, **options):
        from meetings.admin import merge_url
        from meetings.services.audit import probable_duplicates

        groups = probable_duplicates(limit=options["limit"])
        for group in groups:
            self.stdout.write(" | ".join(
                f"{o.name} [{o.country or '-'}{', ' + o.title if o.title else ''}] #{o.pk}"
                for o in group))
            self.stdout.write(f"    merge: {merge_url(group)}")
        self.stdout.write(f"{len(groups)} groups of probable duplicates")
        if options["not_people"]:
            from meetings.models import Official
            from meetings.text import looks_like_a_person

            odd = [o for o in Official.objects.only("id", "name")
                   if not looks_like_a_person(o.name)]
            for official in odd:
                self.stdout.write(f"not a person? {official.name} #{official.pk}")
            self.stdout.write(f"{len(odd)} officials whose names do not look like a person's")
