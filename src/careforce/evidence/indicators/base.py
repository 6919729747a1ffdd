"""The machinery every indicator shares: the scope it is computed for, the table it answers with, and the
suppression of small cells in published figures (domain.md section 4).

An indicator's `compute(scope)` answers one `Cell` per (area, column): the areas are the scope's area and
the areas one level below it, the columns the values of the disaggregation asked for (or only the total).
Counts are grouped in the database by the smallest area a row records (a locality, mostly) and added up
the tree in Python, as the workforce indicators are: the work grows with the groups, not with the areas.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careforce.core.models import Area

NARROWABLE = ("area", "organisation", "team")
TOTAL = ""  # the column of the figure over every value of the disaggregation

# Published figures never show a count of 1 to 4 children (domain.md 4: fewer than 5 children). A zero is
# shown: it tells nothing about any child.
SMALL_CELL = 5

UNITS = {
    "count": _("number"),
    "percent": _("per cent"),
    "per_100k_children": _("per 100,000 children"),
    "ratio": _("ratio"),
    "mean": _("mean"),
}

DIMENSIONS = {
    "area": _("Area"),
    "sex": _("Sex"),
    "age_group": _("Age group"),
    "setting": _("Care setting"),
    "risk": _("Risk level"),
    "status": _("Case status"),
    "cadre": _("Cadre"),
    "organisation_type": _("Organisation type"),
    "period": _("Period"),
}

# Children's age groups (years, on the last day of the period).
AGE_GROUPS = [(0, 2, _("0–2")), (3, 6, _("3–6")), (7, 11, _("7–11")), (12, 14, _("12–14")), (15, 17, _("15–17"))]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int, today: dt.date | None = None) -> Period:
        """A calendar year; the current one runs to today (figures on a day to come would count what has
        not happened yet as missed)."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return cls(dt.date(year, 1, 1), min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1))))

    @property
    def code(self) -> str:
        """The DHIS2 and API spelling: "2026" for a calendar year, "20260101-20260630" otherwise."""
        if (self.start.month, self.start.day) == (1, 1) and self.start.year == self.end.year and (
            (self.end.month, self.end.day) == (12, 31) or self == Period.year(self.start.year)
        ):
            return str(self.start.year)
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


class Scope:
    """An area and the areas one level below it, with a quick way to find, for any area of the subtree,
    which of those it lies in.

    An organisation's or a team's scope (a supervisor's dashboard) narrows the area's figures to the cases
    and workers of one organisation, or of a supervisor's supervisees, and has no areas below: indicators
    that can be read that way say so in `Indicator.scopes` and apply `case_q` / `worker_q`."""

    def __init__(
        self,
        area: Area,
        period: Period,
        by: str | None = None,
        *,
        organisation_id: int | None = None,
        team: list[int] | None = None,
        children: list[Area] | None = None,
    ) -> None:
        self.area = area
        self.period = period
        self.by = by
        self.organisation_id = organisation_id
        self.team = team
        narrowed = organisation_id is not None or team is not None
        if narrowed:
            self.children = []
        elif children is not None:  # known already (a stored figure read back, see figures.py)
            self.children = children
        else:
            self.children = list(Area.objects.filter(parent=area).order_by("name", "pk"))
        self._paths = sorted(((c.path, c.pk) for c in self.children), key=lambda p: -len(p[0]))
        self._of: dict[int, int | None] = {}
        self._path_of: dict[int, str] | None = None

    @property
    def path(self) -> str:
        return self.area.path

    @property
    def kind(self) -> str:
        return "team" if self.team is not None else "organisation" if self.organisation_id is not None else "area"

    def case_q(self, prefix: str = "") -> Q:
        """Cases of the organisation, or carried by the team (a filter on a path to a case)."""
        if self.team is not None:
            return Q(**{f"{prefix}case_manager__in": self.team})
        if self.organisation_id is not None:
            return Q(**{f"{prefix}organisation": self.organisation_id})
        return Q()

    def worker_q(self, prefix: str = "") -> Q:
        """Workers of the organisation, or the team's (a filter on a path to a worker)."""
        if self.team is not None:
            return Q(**{f"{prefix}user__in": self.team})
        if self.organisation_id is not None:
            return Q(**{f"{prefix}organisation": self.organisation_id})
        return Q()

    def _load_paths(self) -> dict[int, str]:
        if self._path_of is None:
            self._path_of = dict(Area.objects.filter(path__startswith=self.path).values_list("pk", "path"))
        return self._path_of

    def child_of(self, area_id: int | None) -> int | None:
        """The area one level below the scope's that `area_id` lies in (None: the scope's area itself)."""
        if area_id is None:
            return None
        if area_id not in self._of:
            path = self._load_paths().get(area_id, "")
            self._of[area_id] = next((pk for p, pk in self._paths if path.startswith(p)), None)
        return self._of[area_id]


@dataclass
class Cell:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False


@dataclass
class Table:
    """An indicator's figures: `cells[(area pk, column)]`, columns in `columns` ([(key, label)])."""

    indicator: Indicator
    scope: Scope
    columns: list[tuple[str, str]]
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    suppressed_any: bool = False
    computed_at: dt.datetime | None = None  # when read back from the store (figures.py)

    @property
    def areas(self) -> list[Area]:
        return [self.scope.area, *self.scope.children]

    @property
    def main_column(self) -> str:
        """The total column, or the first one when the table has no total (one study's cadre)."""
        keys = [k for k, _label in self.columns]
        return TOTAL if TOTAL in keys or not keys else keys[0]

    def cell(self, area_id: int, column: str | None = None) -> Cell:
        return self.cells.get((area_id, self.main_column if column is None else column)) or Cell(None)

    def rows(self) -> list[tuple[Area, list[Cell]]]:
        return [(a, [self.cell(a.pk, key) for key, _label in self.columns]) for a in self.areas]


@dataclass
class Indicator:
    """One definition, used by the dashboards, the report, the exports and the API alike."""

    code: str
    name: Any
    description: Any
    formula: Any
    unit: str
    topic: str  # care, cases, workforce, training
    compute: Callable[[Scope], Table] = field(repr=False)
    disaggregations: tuple[str, ...] = ("area", "period")
    counts_children: bool = False  # small cells are suppressed when published
    scopes: tuple[str, ...] = ("area",)  # also "organisation", "team": see Scope

    @property
    def unit_label(self) -> str:
        return str(UNITS[self.unit])

    def table(self, area: Area, period: Period, by: str | None = None, **narrow) -> Table:
        if by is not None and by not in self.disaggregations:
            raise ValueError(by)
        scope = Scope(area, period, by, **narrow)
        if scope.kind not in self.scopes:
            raise ValueError(scope.kind)
        return self.compute(scope)


# --- Helpers for compute functions ------------------------------------------------------------------------


def count_table(
    indicator: Indicator,
    scope: Scope,
    rows: Iterable[tuple[int | None, str, int]],
    columns: list[tuple[str, str]] | None = None,
) -> Table:
    """A table of counts from (area id, column key, count) rows: summed into the scope's area and the
    area below it that each row lies in; the total column is the sum of the others."""
    sums: dict[tuple[int, str], int] = defaultdict(int)
    root = scope.area.pk
    scope._load_paths()  # once, rows or none: the reads do not depend on the data
    for area_id, key, n in rows:
        child = scope.child_of(area_id)
        for target in (root, child) if child is not None else (root,):
            sums[(target, key)] += n
            if key != TOTAL:
                sums[(target, TOTAL)] += n
    columns = columns or []
    table = Table(indicator, scope, [*columns, (TOTAL, _("Total"))])
    for a in table.areas:
        for key, _label in table.columns:
            n = sums.get((a.pk, key), 0)
            table.cells[(a.pk, key)] = Cell(n, numerator=n)
    return table


def ratio_table(
    indicator: Indicator,
    scope: Scope,
    numerators: Iterable[tuple[int | None, str, float]],
    denominators: Iterable[tuple[int | None, str, float]],
    columns: list[tuple[str, str]] | None = None,
    *,
    scale: float = 100.0,
) -> Table:
    """A table of rates: numerator / denominator × scale, each summed as `count_table` does."""
    num = count_table(indicator, scope, numerators, columns)
    den = count_table(indicator, scope, denominators, columns)
    for key, cell in num.cells.items():
        d = den.cells[key].numerator or 0
        n = cell.numerator or 0
        num.cells[key] = Cell(n * scale / d if d else None, numerator=n, denominator=d)
    return num


def choice_columns(choices) -> list[tuple[str, str]]:
    return [(str(k), v) for k, v in choices]


def age_group_of(birth: dt.date, on: dt.date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for low, high, _label in AGE_GROUPS:
        if low <= age <= high:
            return f"{low}-{high}"
    return "18+"


def age_columns() -> list[tuple[str, str]]:
    # Young people of 18 and over still followed (a case, a reintegration) have their column: left out, the
    # total would give their count away.
    return [*((f"{low}-{high}", label) for low, high, label in AGE_GROUPS), ("18+", _("18 and over"))]
