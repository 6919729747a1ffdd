"""`careforce import_registry FILE --kind workers|posts --as USERNAME`: the import page's work on the command
line, with a progress bar. Same checks, all rows or none; with problems, they are printed (one per line,
"Row 14, birth_year: …") and the command exits with status 1 having changed nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from careforce.core.jobs import step_label
from careforce.core.models import User

from ...imports import ENTITIES, ImportConflict, check_file, may_import, write_checked


class _Bar:
    """The Progress of the import page, drawn as a tqdm bar on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: tqdm | None = None

    def step(self, code: str, *, done: int = 0, total: int = 0) -> None:
        self.close()
        self.bar = tqdm(
            total=total or None,
            initial=done,
            desc=step_label(code),
            file=sys.stderr,
            disable=not self.enabled,
            unit="",
            leave=True,
            dynamic_ncols=True,
        )

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        if self.bar is None:
            return
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = _("Import a worker register or a list of posts from an .xlsx or .csv file: every row, or none.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The .xlsx or .csv file."))
        parser.add_argument("--kind", choices=ENTITIES, required=True, help=_("What the file holds."))
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help=_(
                "The national administrator or regional manager the import is made as (her scope applies)."
            ),
        )
        parser.add_argument("--check", action="store_true", help=_("Only check the file; write nothing."))
        parser.add_argument("--no-progress", action="store_true", help=_("No progress bar."))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None or not may_import(actor):
            raise CommandError(
                _("%(user)s is not an active national administrator or regional manager.")
                % {"user": options["username"]}
            )
        bar = _Bar(enabled=not options["no_progress"])
        try:
            checked = check_file(
                path.read_bytes(), path.name, entity=options["kind"], actor=actor, progress=bar
            )
            problems = checked.file_errors + [self._line(p) for p in checked.errors]
            if checked.ok and not options["check"]:
                bar.step("saving")
                try:
                    outcome = write_checked(checked, actor=actor, file_name=path.name)
                except ImportConflict as conflict:
                    problems = [self._line(p) for p in conflict.problems]
        finally:
            bar.close()
        for warning in checked.warnings:
            self.stderr.write(_("Note: ") + self._line(warning))
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)d problem to correct.",
                    "Nothing was imported: %(count)d problems to correct.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        if options["check"]:
            self.stdout.write(
                _("No problem found in %(rows)d rows; nothing written (--check).") % {"rows": checked.rows}
            )
            return
        count = outcome["created"]
        if options["kind"] == "workers":
            done = ngettext(
                "Imported %(count)d worker from %(file)s.", "Imported %(count)d workers from %(file)s.", count
            )
        else:
            done = ngettext(
                "Imported %(count)d post from %(file)s.", "Imported %(count)d posts from %(file)s.", count
            )
        self.stdout.write(done % {"count": count, "file": path.name})

    @staticmethod
    def _line(problem) -> str:
        if problem.column:
            return _("Row %(row)d, %(column)s: %(message)s") % {
                "row": problem.row,
                "column": problem.column,
                "message": problem.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": problem.row, "message": problem.message}
