"""manage.py generate_demo_data : synthetic officials, meetings, statements and articles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Generate synthetic demo data (marked: articles with source 'demo', officials with "
            "slugs 'demo-...') into the configured database. Real data is never touched.")

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=1000,
                            help="Meetings to create, one article each (default 1000).")
        parser.add_argument("--officials", type=int, default=None,
                            help="Officials (default meetings/5, at most 20,000).")
        parser.add_argument("--statements", type=int, default=None,
                            help="Statements (default 3 x meetings).")
        parser.add_argument("--seed", type=int, default=0,
                            help="Random seed: the same seed gives the same data (default 0).")
        parser.add_argument("--clear", action="store_true",
                            help="Remove previous demo data first. With --meetings 0, only "
                                 "remove it.")

    def handle(self, *args, **options):
        from meetings import demo

        for name in ("meetings", "officials", "statements"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name} must be >= 0")
        if options["officials"] is not None and options["officials"] > demo.MAX_OFFICIALS:
            raise CommandError(f"--officials must be at most {demo.MAX_OFFICIALS:,}")
        if options["clear"] and options["meetings"] == 0 and not options["officials"]:
            counts = demo.clear()
            self.stdout.write(f"removed demo data: {counts.summary()}")
            return
        log = (lambda message: self.stderr.write(message)) if options["verbosity"] > 1 \
            else (lambda message: None)
        try:
            counts = demo.generate(meetings=options["meetings"], officials=options["officials"],
                                   statements=options["statements"], seed=options["seed"],
                                   replace=options["clear"], log=log)
        except (ValueError, demo.DemoDataExists) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created {counts.summary()}")
