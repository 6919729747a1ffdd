"""`manage.py figures`: compute in advance the figures the dashboards and the report of the country and of
each region read (figures.py), so that nobody waits for them. Run it from cron (every 15 minutes, say) in
production; `careforce run` asks the worker for it when it starts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from careforce.evidence import figures


class Command(BaseCommand):
    help = _("Compute the dashboards' and the report's figures of the country and its regions in advance.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help=_("The year (default: this year)."))
        parser.add_argument("--force", action="store_true",
                            help=_("Compute every figure again, even those computed a moment ago."))

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc=_("Figures"), unit="", disable=options["verbosity"] == 0)
            bar.update(done - bar.n)

        done = figures.warm_country(year, force=options["force"], progress=progress)
        if bar is not None:
            bar.close()
        if options["verbosity"]:
            self.stdout.write(_("%(count)d figures computed for %(year)d.") % {"count": done, "year": year})
