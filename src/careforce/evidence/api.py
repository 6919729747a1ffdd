"""Evidence endpoints: the indicator definitions, their published values for an area and the areas below it,
and the same figures as a DHIS2 `dataValueSets` document.

Values are aggregates: the national administrator and analysts read the country's, a regional manager her
region's (access.aggregate_root), everybody else none. Every value answered is a published figure, so it goes
through `suppress` (domain.md section 4: no count of fewer than 5 children, nor one that could be worked out).
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from careforce.core import access
from careforce.core.models import Area

from . import dhis2, figures
from .indicators import DIMENSIONS, REGISTRY, SMALL_CELL, TOTAL, Indicator, Period, suppress

router = Router(tags=["evidence"])

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_ID = 2**63 - 1  # the largest key either database stores: a bigger one is refused, not sent to it
TOTAL_KEY = "total"  # the column of the figure over every value of the disaggregation
PERIOD_PATTERN = r"^\d{4}(-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})?$"


class ErrorOut(Schema):
    detail: str
    allowed: list[str] | None = None


class DimensionOut(Schema):
    key: str
    label: str


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    formula: str
    unit: str = Field(..., description="count, percent, per_100k_children, ratio or mean")
    unit_label: str
    topic: str = Field(..., description="care, cases, workforce or training")
    disaggregations: list[DimensionOut]
    counts_children: bool = Field(..., description="Small cells are suppressed when published")


class AreaRef(Schema):
    id: int
    code: str
    name: str
    level: int = Field(..., description="0 country, 1 region, 2 district, 3 locality")


class ColumnOut(Schema):
    key: str
    label: str


class ValueOut(Schema):
    area: AreaRef
    column: str
    value: int | float | None
    numerator: int | float | None
    denominator: int | float | None
    suppressed: bool


class ValuesOut(Schema):
    indicator: str
    period: str = Field(..., description='"2026" for a calendar year, "20260101-20260630" otherwise')
    period_start: datetime.date
    period_end: datetime.date
    area: AreaRef
    by: str | None
    unit: str
    columns: list[ColumnOut]
    values: list[ValueOut]
    suppressed: bool = Field(..., description="Whether any value below is suppressed")
    note: str | None = Field(..., description="Where values are suppressed, and why")
    computed_at: datetime.datetime | None = Field(
        None, description="When the figures were computed (they are computed again when older than 15 minutes)")


class ValuesQuery(Schema):
    period: str = Field(
        ..., pattern=PERIOD_PATTERN, max_length=22,
        description="A calendar year (2026; the current year runs to today) or two dates: 2026-01-01..2026-06-30",
        examples=["2025", "2025-01-01..2025-06-30"],
    )
    area: int | None = Field(
        None, ge=1, le=MAX_ID, description="The area (default: the whole area you may read figures for)"
    )
    by: str | None = Field(
        None, max_length=32, description="A disaggregation the indicator offers (e.g. sex)", examples=["sex"]
    )


class Dhis2Query(Schema):
    period: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR, description="A calendar year", examples=[2025])
    area: int | None = Field(
        None, ge=1, le=MAX_ID, description="The area (default: the whole area you may read figures for)"
    )


class DataValueOut(Schema):
    dataElement: str  # DHIS2's own field names
    period: str
    orgUnit: str
    categoryOptionCombo: str | None = None
    value: str


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut]


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _column_key(key: str) -> str:
    return TOTAL_KEY if key == TOTAL else key


def _area_ref(area: Area) -> dict:
    return {"id": area.pk, "code": area.code, "name": area.display_name, "level": area.level}


def _root(user) -> Area:
    root = access.aggregate_root(user)
    if root is None:
        raise PermissionDenied(
            _("Only the national administrator, analysts and regional managers read aggregate figures.")
        )
    return root


def _area(user, area_id: int | None) -> Area:
    """The area asked for, within what the user may read (404 otherwise, as for any row out of scope)."""
    root = _root(user)
    if area_id is None:
        return root
    area = Area.objects.filter(pk=area_id, path__startswith=root.path).first()
    if area is None:
        raise Http404
    return area


def _period(text: str) -> Period | str:
    """The period asked for, or why it cannot be read."""
    bad = _("Give a year between %(first)s and %(last)s (2026) or two dates (2026-01-01..2026-06-30).") % {
        "first": FIRST_YEAR, "last": LAST_YEAR,
    }
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period.year(year) if FIRST_YEAR <= year <= LAST_YEAR else bad
    try:
        start, end = (datetime.date.fromisoformat(part) for part in text.split(".."))
    except ValueError:
        return bad
    if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
        return bad
    if end < start:
        return _("The period ends before it starts.")
    # As for a year (Period.year): a period runs to today at the latest, or a step not yet due would count as
    # missed. The answer's period_end says where it stopped.
    return Period(start, min(end, max(timezone.localdate(), start)))


def _offered(indicator: Indicator) -> list[str]:
    """The `by` values an indicator answers: its disaggregations into columns, and "area" (the rows are always
    the area and the areas below it). Another period is asked for with `period`, once per period."""
    return [d for d in indicator.disaggregations if d != "period"]


def _note(table, labels: dict[str, str]) -> str | None:
    hidden: dict[int, list[str]] = {}
    for area in table.areas:
        for key, _label in table.columns:
            if table.cell(area.pk, key).suppressed:
                hidden.setdefault(area.pk, []).append(labels[key])
    if not hidden:
        return None
    where = "; ".join(f"{a.display_name}: {', '.join(hidden[a.pk])}" for a in table.areas if a.pk in hidden)
    return _(
        "Values about fewer than %(n)s children are hidden so that no child can be identified, and so is the "
        "next smallest value wherever a hidden one could be worked out from a total. Hidden: %(where)s."
    ) % {"n": SMALL_CELL, "where": where}


@router.get("/indicators", response=list[IndicatorOut], summary="Every indicator's definition")
def indicator_list(request):
    # Definitions are not figures: any signed-in user may read how a figure is made.
    return [
        {
            "code": i.code, "name": str(i.name), "description": str(i.description), "formula": str(i.formula),
            "unit": i.unit, "unit_label": i.unit_label, "topic": i.topic,
            "disaggregations": [{"key": d, "label": str(DIMENSIONS[d])} for d in i.disaggregations],
            "counts_children": i.counts_children,
        }
        for i in REGISTRY.values()
    ]


@router.get(
    "/indicators/{code}/values",
    response={200: ValuesOut, **ERRORS},
    summary="An indicator's published values for an area and the areas one level below it",
)
def indicator_values(
    request,
    query: Query[ValuesQuery],
    code: str = Path(..., max_length=64, description="The indicator (GET /indicators)", examples=list(REGISTRY)),
):
    area = _area(request.user, query.area)
    indicator = REGISTRY.get(code)
    if indicator is None:
        return Status(404, {"detail": _("No indicator has the code %(code)s.") % {"code": code[:64]},
                            "allowed": list(REGISTRY)})
    period = _period(query.period)
    if isinstance(period, str):
        return Status(400, {"detail": period})
    offered = _offered(indicator)
    if query.by is not None and query.by not in offered:
        return Status(400, {
            "detail": _("%(indicator)s is not disaggregated by %(by)s. Use one of: %(offered)s.") % {
                "indicator": indicator.code, "by": query.by[:32], "offered": ", ".join(offered)},
            "allowed": offered,
        })
    by = None if query.by == "area" else query.by
    table = suppress(figures.table(indicator, area, period, by))
    labels = dict(table.columns)
    values = [
        {
            "area": _area_ref(row), "column": _column_key(key), "value": cell.value, "numerator": cell.numerator,
            "denominator": cell.denominator, "suppressed": cell.suppressed,
        }
        for row, cells in table.rows()
        for (key, _label), cell in zip(table.columns, cells, strict=True)
    ]
    return {
        "indicator": indicator.code, "period": period.code, "period_start": period.start,
        "period_end": period.end, "area": _area_ref(area), "by": query.by, "unit": indicator.unit,
        "columns": [{"key": _column_key(k), "label": label} for k, label in table.columns],
        "values": values, "suppressed": table.suppressed_any, "note": _note(table, labels),
        "computed_at": table.computed_at,
    }


@router.get(
    "/evidence/dhis2",
    response={200: DataValueSetOut, **ERRORS},
    exclude_none=True,
    summary="The mapped indicators as a DHIS2 dataValueSets document",
    description="For the area and the areas one level below it that have a DHIS2 organisation unit. "
    "Suppressed values are left out; the header X-Careforce-Suppressed counts them. X-Careforce-Mapped-Figures "
    "and X-Careforce-Mapped-Areas count the data elements and the organisation units mapped: 0 means an "
    "empty document because nothing is mapped.",
)
def dhis2_export(request, response: HttpResponse, query: Query[Dhis2Query]):
    area = _area(request.user, query.area)
    result = dhis2.data_value_set(area=area, year=query.period)
    response["X-Careforce-Suppressed"] = str(result.suppressed)
    response["X-Careforce-Mapped-Figures"] = str(result.figures)
    response["X-Careforce-Mapped-Areas"] = str(result.org_units)
    return result.as_json()
