"""manage.py ensure_admin : create the first admin account, once, and print its password."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin account when none exists and print its generated password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=options["username"], email="", password=password)
        self.stdout.write(
            "\n  Admin account created (shown only this once):\n"
            f"    user name: {options['username']}\n    password:  {password}\n"
            "  Change it at /admin/password_change/.\n"
        )
