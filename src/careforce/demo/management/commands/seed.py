"""`manage.py seed`: load the fictional demo country, with one sign-in per role."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from careforce.core.models import User
from careforce.demo.generator import DEFAULT_SEED, SCALES, build_country, country_loaded, reset_country
from careforce.demo.logins import DEMO_LOGINS, print_demo_logins


class Command(BaseCommand):
    help = _(
        "Load a fictional demo country (areas, populations, organisations, staff) with one demo login per "
        "role. Does nothing if the demo country is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="demo",
            help=_("demo: 9 districts, loads in seconds; small: 30 districts; national: ~1,700 localities."),
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED,
            help=_("Random seed: the same seed gives the same country."),
        )
        parser.add_argument(
            "--reset", action="store_true", help=_("Delete the demo country first, then load it again.")
        )
        parser.add_argument(
            "--allow-demo-logins", action="store_true",
            help=_("Create the demo logins even though DEBUG is off. Never on a server with real data."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo password is published; production settings must never get accounts that accept it.
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["allow_demo_logins"]):
            raise CommandError(
                _(
                    "Refusing to create demo logins with a published password: DEBUG is off. Run with "
                    "DEBUG=1 for a local demo, or pass --allow-demo-logins if this really is a demo server."
                )
            )

        if options["reset"]:
            try:
                removed = reset_country()
            except ProtectedError as exc:
                raise CommandError(
                    _("Cannot reset: %(count)d records outside the demo country still refer to it.")
                    % {"count": len(exc.protected_objects)}
                ) from exc
            if removed:
                message = _(
                    "Removed the demo country: %(areas)d areas, %(organisations)d organisations, "
                    "%(users)d users."
                )
                self.stdout.write(message % {k: removed[k] for k in ("areas", "organisations", "users")})
        elif country_loaded():
            self.stdout.write(_("The demo country is already loaded; nothing to do."))
            print_demo_logins(self.stdout)
            return

        fixed = [username for username, _role in DEMO_LOGINS]
        taken = sorted(User.objects.filter(username__in=fixed).values_list("username", flat=True))
        if taken:
            raise CommandError(
                _("These usernames already exist and are needed for the demo logins: %(names)s.")
                % {"names": ", ".join(taken)}
            )

        started = time.monotonic()
        ctx = build_country(options["scale"], options["seed"], progress=True)
        elapsed = time.monotonic() - started
        self.stdout.write(
            _(
                "Loaded the demo country (scale %(scale)s, seed %(seed)d) in %(seconds).1f s: %(areas)d "
                "areas, %(populations)d population figures, %(organisations)d organisations, %(users)d users."
            )
            % {
                "scale": ctx.scale.name, "seed": ctx.seed, "seconds": elapsed, "areas": ctx.counts["areas"],
                "populations": ctx.counts["populations"], "organisations": ctx.counts["organisations"],
                "users": ctx.counts["users"],
            }
        )
        for name, count in sorted(ctx.counts.items()):
            if name not in {"areas", "populations", "organisations", "users"}:
                self.stdout.write(f"  {name}: {count}")
        self.stdout.write("")
        print_demo_logins(self.stdout)
