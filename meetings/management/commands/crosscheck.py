"""manage.py crosscheck : link news meetings to the official records that confirm them."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Confirm news meetings with official records (idempotent; curated links kept)."

    def handle(self, *args, **options):
        from meetings.historian import crosscheck

        self.stdout.write(crosscheck().summary())
