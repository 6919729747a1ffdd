"""The machinery of checking an import file: the problems found, the columns matched to their headings, one
row read cell by cell, and the loop over the rows with its progress. The rules for workers and for posts are
in checkers.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.models import User

from ..models import Assignment, Worker
from . import cells
from .cells import CellError
from .columns import COLUMNS, IGNORED_HEADINGS, heading_map, norm
from .reading import Cell, Table
from .scope import Scope

PREVIEW_ROWS = 20


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None: ...

    def step(self, code: str, *, done: int = 0, total: int = 0) -> None: ...


class NoProgress:
    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        pass

    def step(self, code: str, *, done: int = 0, total: int = 0) -> None:
        pass


@dataclass
class Problem:
    row: int  # the spreadsheet's row number; 0 for the file as a whole
    column: str  # the heading as written in the file; "" for the whole row
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class WorkerItem:
    row: int
    worker: Worker
    assignment: Assignment | None
    key: tuple


@dataclass
class Checked:
    entity: str
    rows: int = 0
    headings: dict[str, str] = field(default_factory=dict)  # column key → heading as written in the file
    file_errors: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    preview_headings: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors and self.rows > 0

    def as_result(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "rows": self.rows,
            "file_errors": self.file_errors,
            "errors": [p.as_dict() for p in self.errors],
            "error_count": len(self.errors),
            "warnings": [p.as_dict() for p in self.warnings],
            "preview_headings": self.preview_headings,
            "preview": self.preview,
            "ready": self.ok,
        }


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def match_headings(headings: list[str], entity: str) -> tuple[dict[str, int], list[str], list[int]]:
    """{column key: index in the row}, file-level errors, indexes of columns without a heading."""
    names = heading_map(entity)
    index_of: dict[str, int] = {}
    errors: list[str] = []
    blank: list[int] = []
    for i, heading in enumerate(headings):
        key = norm(heading)
        if not key:
            blank.append(i)
            continue
        if key in IGNORED_HEADINGS:
            continue
        column = names.get(key)
        if column is None:
            errors.append(
                _(
                    "Unknown column “%(heading)s” (column %(letter)s). Rename it to one of the columns listed "
                    "on the import page, or remove it."
                )
                % {"heading": heading, "letter": column_letter(i)}
            )
        elif column in index_of:
            errors.append(
                _("The columns “%(first)s” and “%(second)s” both give %(key)s: keep only one.")
                % {"first": headings[index_of[column]], "second": heading, "key": column}
            )
        else:
            index_of[column] = i
    for column in COLUMNS[entity]:
        if column.required and column.key not in index_of:
            errors.append(_("Missing column “%(key)s”: %(help)s") % {"key": column.key, "help": column.help})
    return index_of, errors, blank


class Row:
    """One row being checked: its cells by column key, and the first problem found in each column."""

    def __init__(self, number: int, values: list[Cell], index_of: dict[str, int]) -> None:
        self.number = number
        self.values = values
        self.index_of = index_of
        self.errors: dict[str, str] = {}

    def raw(self, key: str) -> Cell:
        i = self.index_of.get(key)
        return self.values[i] if i is not None and i < len(self.values) else None

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, message)

    def read(
        self, key: str, reader: Callable[..., Any], *args: Any, required: bool = False, **kw: Any
    ) -> Any:
        value = self.raw(key)
        if value is None:
            if required:
                self.error(key, _("Empty: this column is required."))
            return None
        try:
            return reader(value, *args, **kw)
        except CellError as exc:
            self.error(key, str(exc))
            return None

    def text(self, key: str, *, required: bool = False) -> str:
        return self.read(key, cells.text, required=required) or ""

    def validation(self, exc: ValidationError, columns: dict[str, str]) -> None:
        for name, messages in exc.message_dict.items():
            key = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            self.error(key, " ".join(str(m) for m in messages))


def already_registered() -> str:
    return _("A worker with this name, year of birth and organisation is already in the registry.")


def post_taken() -> str:
    return _("This post already has a holder for part of these dates.")


class Checker(ABC):
    """What the worker and post checkers share: headings, scope, progress, row problems. Each kind says how
    it loads what it looks up (`load`) and how it turns a row into an unsaved record (`check_row`)."""

    entity = ""
    # model field → column key, for the problems full_clean reports
    columns: dict[str, str] = {}

    def __init__(self, table: Table, actor: User, progress: Progress) -> None:
        self.table = table
        self.actor = actor
        self.progress = progress
        self.out = Checked(entity=self.entity)
        self.index_of: dict[str, int] = {}
        self.scope = Scope(actor)
        self.today = timezone.localdate()

    def run(self) -> Checked:
        self.index_of, file_errors, blank = match_headings(self.table.headings, self.entity)
        self.out.headings = {key: self.table.headings[i] for key, i in self.index_of.items()}
        self.out.rows = len(self.table.rows)
        for i in blank:
            if any(i < len(values) and values[i] is not None for _n, values in self.table.rows):
                file_errors.append(
                    _("Column %(letter)s has values but no heading.") % {"letter": column_letter(i)}
                )
        if not self.table.rows and not file_errors:
            file_errors.append(_("The file has headings but no rows."))
        self.out.file_errors = file_errors
        if file_errors:
            return self.out
        self.load()
        total = len(self.table.rows)
        order = {key: i for i, key in enumerate(self.index_of)}
        self.progress.step("checking", total=total)
        for done, (number, values) in enumerate(self.table.rows):
            self.progress(done, total)
            row = Row(number, values, self.index_of)
            item, preview = self.check_row(row)
            for key in sorted(row.errors, key=lambda k: order.get(k, -1)):
                heading = self.table.headings[self.index_of[key]] if key in self.index_of else ""
                self.out.errors.append(Problem(number, heading, row.errors[key]))
            if not row.errors:
                self.out.items.append(item)
            if len(self.out.preview) < PREVIEW_ROWS:
                self.out.preview.append({"row": number, "cells": preview, "bad": bool(row.errors)})
        self.progress(total, total, force=True)
        return self.out

    def heading(self, key: str) -> str:
        return self.table.headings[self.index_of[key]] if key in self.index_of else key

    def organisation_ids(self) -> set[int]:
        """The organisations the rows name (errors ignored here: the row check reports them)."""
        ids = set()
        for _number, values in self.table.rows:
            row = Row(0, values, self.index_of)
            org = row.read("organisation", self.scope.organisation)
            if org is not None:
                ids.add(org.pk)
        return ids

    def organisation_and_area(self, row: Row):
        org = row.read("organisation", self.scope.organisation, required=True)
        area = row.read("area", self.scope.area)
        if area is None and org is not None and "area" not in row.errors:
            area = self.scope.areas.get(org.area_id)
            if area is None:
                row.error("area", _("The organisation's area is outside your scope: give an area code."))
        return org, area

    @abstractmethod
    def load(self) -> None: ...

    @abstractmethod
    def check_row(self, row: Row) -> tuple[Any, list[str]]: ...
