"""manage.py bootstrap : everything `make run` needs in the database, in one process.

Migrates, loads the topic taxonomy, creates the first admin account (once) and
ingests the seed articles. Each step repeats nothing already done.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load topics, create the first admin and ingest seeds/ (idempotent)."

    def handle(self, *args, **options):
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_topics", stdout=self.stdout)
        call_command("ensure_admin", stdout=self.stdout)
        seeds = sorted(str(p) for p in Path(settings.BASE_DIR, "seeds").glob("*.txt"))
        if seeds:
            call_command("ingest", *seeds, stdout=self.stdout, stderr=self.stderr)
