"""`manage.py demo_logins`: show the demo sign-ins, if the demo country is loaded."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from careforce.demo.logins import print_demo_logins


class Command(BaseCommand):
    help = _("Show the demo logins and their password, or say that the demo country is not loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        print_demo_logins(self.stdout)
