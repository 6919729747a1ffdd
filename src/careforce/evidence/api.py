"""Evidence endpoints: the indicator definitions, their published values for an area and the areas below it,
the same figures as a DHIS2 `dataValueSets` document, and the staffing (WISN) studies with their result.

Values are aggregates: the national administrator and analysts read the country's, a regional manager her
region's (access.aggregate_root), everybody else none. Every value answered is a published figure, so it goes
through `suppress` (domain.md section 4: no count of fewer than 5 children, nor one that could be worked out).
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core import access
from careforce.core.models import Area
from careforce.workforce.wisn import WisnError

from . import dhis2, figures, staffing
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


# --- Staffing studies (WISN) -----------------------------------------------------------------------------
# The pages' door: planners (the national administrator; a regional manager, her region's studies) and
# analysts read studies; every other role is refused (403), a study out of scope is not found (404). A
# study's result is counts per area (events recorded, staff in post), nobody's record: nothing to audit.


class WorkingTimeOut(Schema):
    working_days: float
    public_holidays: float
    annual_leave_days: float
    sick_leave_days: float
    other_leave_days: float
    hours_per_day: float


class StudyActivityOut(Schema):
    activity: str
    standard_hours: float = Field(..., description="The time one unit of the activity takes, travel included")
    annual_volume_override: float | None = Field(
        ..., description="An annual volume entered for the whole study area; null: the activities recorded"
    )


class CategoryAllowanceOut(Schema):
    name: str
    percent: float


class IndividualAllowanceOut(Schema):
    name: str
    hours_per_year: float


class StudyOut(Schema):
    id: int
    name: str
    area: AreaRef = Field(..., description="The study shows one row for each area one level below this one")
    cadre: str
    year: int
    version: int
    working_time: WorkingTimeOut
    activities: list[StudyActivityOut]
    category_allowances: list[CategoryAllowanceOut]
    individual_allowances: list[IndividualAllowanceOut]
    created_by_id: int | None
    updated_at: datetime.datetime

    # Read from the rows loaded with the study (_studies): no query per study.
    @staticmethod
    def resolve_area(obj) -> dict:
        return _area_ref(obj.area)

    @staticmethod
    def resolve_working_time(obj) -> dict:
        return {name: float(getattr(obj, name)) for name in staffing.WORKING_TIME_FIELDS}

    @staticmethod
    def resolve_activities(obj) -> list[dict]:
        return [
            {"activity": a.activity, "standard_hours": float(a.standard_hours),
             "annual_volume_override": _float(a.annual_volume_override)}
            for a in obj.activities.all()
        ]

    @staticmethod
    def resolve_category_allowances(obj) -> list[dict]:
        return [{"name": c.name, "percent": float(c.percent)} for c in obj.category_allowances.all()]

    @staticmethod
    def resolve_individual_allowances(obj) -> list[dict]:
        return [{"name": i.name, "hours_per_year": float(i.hours_per_year)} for i in obj.individual_allowances.all()]


class ActivityNeedOut(Schema):
    activity: str
    standard_workload: float = Field(..., description="Units one full-time worker can do in a year")
    staff_needed: float


class AreaNeedOut(Schema):
    area: AreaRef
    recorded: dict[str, int] = Field(..., description="Activity → the events recorded in the year")
    volumes: dict[str, float] = Field(..., description="Activity → the annual volume used: recorded, or entered")
    activities: list[ActivityNeedOut]
    required_staff: float
    existing_staff: float = Field(..., description="Staff of the cadre in post (FTE) on staff_on")
    wisn_difference: float = Field(..., description="existing − required")
    wisn_ratio: float | None = Field(..., description="existing ÷ required; null when nothing is required")
    shortage: bool


class StudyTotalsOut(Schema):
    recorded: dict[str, int]
    volumes: dict[str, float]
    required_staff: float
    existing_staff: float
    wisn_difference: float
    wisn_ratio: float | None


class StudyResultOut(Schema):
    start: datetime.date
    end: datetime.date
    staff_on: datetime.date = Field(..., description="The day the existing staff are counted")
    records_activity: bool = Field(..., description="Whether Careforce records this cadre's case work")
    partial_year: bool = Field(..., description="The year is not over: the recorded volumes run to today")
    available_working_time_hours: float
    category_allowance_factor: float
    individual_allowance_factor: float
    entered: dict[str, float] = Field(..., description="Activity → the annual volume entered for the whole area")
    spread_evenly: list[str] = Field(
        ..., description="Entered activities with nothing recorded: their volume is shared equally"
    )
    areas: list[AreaNeedOut] = Field(..., description="The biggest shortage first")
    totals: StudyTotalsOut


class StudyDetailOut(StudyOut):
    result: StudyResultOut | None = Field(..., description="null when the study's inputs cannot be calculated")
    error: str | None = Field(..., description="Why the study cannot be calculated")


def _float(value) -> float | None:
    return None if value is None else float(value)


def _studies(user):
    if not staffing.may_view(user):
        raise PermissionDenied(_("Only planners and analysts read staffing studies."))
    return staffing.studies(user).select_related("area").prefetch_related(
        "activities", "category_allowances", "individual_allowances"
    )


def _result(result: staffing.StudyResult) -> dict:
    return {
        "start": result.start, "end": result.end, "staff_on": result.staff_on,
        "records_activity": result.records_activity, "partial_year": result.partial_year,
        "available_working_time_hours": result.available_working_time_hours,
        "category_allowance_factor": result.category_allowance_factor,
        "individual_allowance_factor": result.individual_allowance_factor,
        "entered": result.entered, "spread_evenly": result.spread_evenly,
        "areas": [
            {
                "area": _area_ref(row.area), "recorded": row.recorded,
                "volumes": {k: float(v) for k, v in row.volumes.items()},
                "activities": [
                    {"activity": a.name, "standard_workload": a.standard_workload, "staff_needed": a.staff_needed}
                    for a in row.result.activities
                ],
                "required_staff": row.result.required_staff, "existing_staff": row.result.existing_staff,
                "wisn_difference": row.result.wisn_difference, "wisn_ratio": row.result.wisn_ratio,
                "shortage": row.shortage,
            }
            for row in result.rows
        ],
        "totals": {
            "recorded": result.totals.recorded, "volumes": result.totals.volumes,
            "required_staff": result.totals.required_staff, "existing_staff": result.totals.existing_staff,
            "wisn_difference": result.totals.wisn_difference, "wisn_ratio": result.totals.wisn_ratio,
        },
    }


@router.get(
    "/evidence/staffing-studies",
    response={200: list[StudyOut], 403: ErrorOut},
    summary="The staffing (WISN) studies you may read, with their inputs",
)
@paginate
def staffing_study_list(request):
    return _studies(request.user).order_by("-year", "name", "pk")


@router.get(
    "/evidence/staffing-studies/{study_id}",
    response={200: StudyDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One staffing (WISN) study: its inputs and the staff needed in each area below its own",
)
def staffing_study_detail(request, study_id: int = Path(..., ge=1, le=MAX_ID)):
    study = get_object_or_404(_studies(request.user), pk=study_id)
    # The study's result as its page computes it (with the saved entered volumes, no what-if).
    study.result, study.error = None, None
    try:
        study.result = _result(staffing.study_result(study))
    except WisnError as exc:
        study.error = _("This study cannot be calculated: %(errors)s") % {"errors": " ".join(exc.errors.values())}
    return study
