"""Workforce endpoints: the registry (workers, posts), the indicators, and the WISN staffing-need calculator."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core import access
from careforce.core.audit import audit_view
from careforce.core.models import Area

from . import indicators, selectors, wisn
from .models import Assignment, Cadre, current_q

router = Router(tags=["workforce"])

# Only types, names and list lengths are checked by the schema (ninja answers 422); the values are
# checked by wisn.py, which answers 400 with the field path of each problem, as the pages will.
# Lists are bounded so that an absurd payload is refused before any arithmetic.
_ITEMS = {"max_length": wisn.MAX_ITEMS}


class ActivityIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    standard_hours: float = Field(..., description="The activity standard: hours one unit takes (> 0)")
    annual_volume: float = Field(..., description="Units of the activity in a year (≥ 0)")


class CategoryAllowanceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    percent: float = Field(..., description="Share of working time the whole cadre spends on it, in %")


class IndividualAllowanceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    hours_per_year: float = Field(..., description="Hours per year, summed over the staff who do it")


class WisnIn(Schema):
    working_days: float = Field(..., description="Working days in the year (> 0, ≤ 366)")
    public_holidays: float
    annual_leave_days: float
    sick_leave_days: float
    other_leave_days: float
    hours_per_day: float = Field(..., description="Working hours per day (> 0, ≤ 24)")
    activities: list[ActivityIn] = Field(..., **_ITEMS)
    category_allowances: list[CategoryAllowanceIn] = Field(..., **_ITEMS)
    individual_allowances: list[IndividualAllowanceIn] = Field(..., **_ITEMS)
    existing_staff: float = Field(..., description="Staff in post (full-time equivalents)")


class ActivityOut(Schema):
    name: str
    standard_workload: float
    staff_needed: float


class WisnOut(Schema):
    available_working_time_hours: float
    activities: list[ActivityOut]
    category_allowance_factor: float
    individual_allowance_factor: float
    required_staff: float
    existing_staff: float
    wisn_difference: float = Field(..., description="existing − required; negative is a shortage")
    wisn_ratio: float | None = Field(
        ..., description="existing / required; null when required staff is 0 (no workload at all)"
    )


class WisnErrorOut(Schema):
    detail: str
    errors: dict[str, str]


# Any signed-in role may use it (the API's default authentication: token or session; anonymous → 401).
# It is a planning calculator over numbers the caller sends: it reads no rows, sees no child, family or
# worker, and changes nothing, so there is no scope to check and nothing to audit.
@router.post(
    "/workforce/wisn",
    response={200: WisnOut, 400: WisnErrorOut},
    summary="Staffing need by WHO's WISN method (numbers unrounded)",
)
def calculate_wisn(request, payload: WisnIn):
    try:
        result = wisn.wisn_calculate(
            working_time=wisn.WorkingTime(
                working_days=payload.working_days,
                public_holidays=payload.public_holidays,
                annual_leave_days=payload.annual_leave_days,
                sick_leave_days=payload.sick_leave_days,
                other_leave_days=payload.other_leave_days,
                hours_per_day=payload.hours_per_day,
            ),
            activities=[wisn.Activity(**a.dict()) for a in payload.activities],
            category_allowances=[wisn.CategoryAllowance(**c.dict()) for c in payload.category_allowances],
            individual_allowances=[
                wisn.IndividualAllowance(**i.dict()) for i in payload.individual_allowances
            ],
            existing_staff=payload.existing_staff,
        )
    except wisn.WisnError as exc:
        return Status(400, {"detail": _("Some values are not valid."), "errors": exc.errors})
    return result


# --- The registry ------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    post: int | None
    post_title: str | None
    organisation: int
    start: datetime.date
    end: datetime.date | None
    fte: Decimal
    reason_for_leaving: str


class WorkerOut(Schema):
    id: int
    given_name: str
    family_name: str
    sex: str
    birth_year: int
    cadre: str
    qualification: str
    professional_registration: str
    organisation: int
    area: int
    user: int | None
    active: bool
    current_assignments: list[AssignmentOut]


class WorkerFilter(Schema):
    cadre: Cadre | None = None
    organisation: int | None = Field(None, ge=1, le=2**63 - 1)  # a bigger key no database holds: 422
    active: bool | None = None


class PostOut(Schema):
    id: int
    title: str
    organisation: int
    area: int
    cadre: str
    fte: Decimal
    funded_from: datetime.date
    funded_until: datetime.date | None
    vacant: bool = Field(..., description="Nobody holds it today")


class PostFilter(Schema):
    cadre: Cadre | None = None
    organisation: int | None = Field(None, ge=1, le=2**63 - 1)  # a bigger key no database holds: 422
    vacant: bool | None = None


def _assignment(a: Assignment) -> dict:
    return {
        "id": a.pk, "post": a.post_id, "post_title": a.post.title if a.post_id else None,
        "organisation": a.organisation_id, "start": a.start, "end": a.end, "fte": a.fte,
        "reason_for_leaving": a.reason_for_leaving,
    }


def _worker(w) -> dict:
    return {
        "id": w.pk, "given_name": w.given_name, "family_name": w.family_name, "sex": w.sex,
        "birth_year": w.birth_year, "cadre": w.cadre, "qualification": w.qualification,
        "professional_registration": w.professional_registration, "organisation": w.organisation_id,
        "area": w.area_id, "user": w.user_id, "active": w.active,
        "current_assignments": [_assignment(a) for a in w.current_assignments],
    }


def _refuse_analysts(request) -> None:
    if request.user.role == "analyst":
        raise PermissionDenied  # analysts work with aggregates: /workforce/indicators


def _workers(request):
    today = timezone.localdate()
    current = Prefetch("assignments", queryset=Assignment.objects.filter(current_q(today)).select_related("post"),
                       to_attr="current_assignments")
    return selectors.workers(request.user).prefetch_related(current).order_by("family_name", "given_name", "pk")


@router.get("/workforce/workers", response=list[WorkerOut], summary="Workers the user may see")
@paginate
def list_workers(request, filters: Query[WorkerFilter]):
    _refuse_analysts(request)
    qs = _workers(request)
    if filters.cadre:
        qs = qs.filter(cadre=filters.cadre)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return _Rows(qs, _worker)


@router.get("/workforce/workers/{worker_id}", response=WorkerOut, summary="One worker (404 outside your scope)")
def get_worker(request, worker_id: int):
    _refuse_analysts(request)
    worker = get_object_or_404(_workers(request), pk=worker_id)
    audit_view(request, worker)
    return _worker(worker)


@router.get("/workforce/posts", response=list[PostOut], summary="Funded posts in the user's scope, today")
@paginate
def list_posts(request, filters: Query[PostFilter]):
    if request.user.role not in selectors.POST_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    qs = selectors.with_vacancy(selectors.funded_on(selectors.posts(request.user), today), today)
    if filters.cadre:
        qs = qs.filter(cadre=filters.cadre)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    if filters.vacant is not None:
        qs = qs.filter(held=not filters.vacant)
    qs = qs.order_by("organisation_id", "cadre", "title", "pk")
    return _Rows(qs, lambda p: {
        "id": p.pk, "title": p.title, "organisation": p.organisation_id, "area": p.area_id, "cadre": p.cadre,
        "fte": p.fte, "funded_from": p.funded_from, "funded_until": p.funded_until, "vacant": not p.held,
    })


class _Rows:
    """A queryset presented to the paginator as rows already shaped for the schema: only the page is read."""

    def __init__(self, qs, shape):
        self.qs, self.shape = qs, shape

    def count(self) -> int:
        return self.qs.count()

    def all(self):
        return self

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = self.qs[item]
        return [self.shape(r) for r in rows] if isinstance(item, slice) else self.shape(rows)


# --- Indicators --------------------------------------------------------------------------------------


class IndicatorQuery(Schema):
    area: int | None = Field(None, description="Area id; your whole scope if left out")
    on: datetime.date | None = Field(None, description="The date of the headcount (today if left out)")
    period_from: datetime.date | None = Field(None, description="Exits counted from this date (a year back)")


class FiguresOut(Schema):
    area: int
    area_code: str
    cadre: str | None = Field(..., description="null: all cadres")
    headcount: int
    fte: float
    children: int | None
    population: int | None
    per_100k_children: float | None
    per_10k_population: float | None
    posts_funded: int
    posts_vacant: int
    vacancy_rate: float | None
    headcount_at_start: int
    exits_voluntary: int
    exits_involuntary: int
    attrition: float | None
    attrition_voluntary: float | None
    attrition_involuntary: float | None
    female: int
    male: int
    ages: list[int] = Field(..., description="Workers by age band: <25, 25–34, 35–44, 45–54, 55–64, 65+")
    share_55_and_over: float | None


class IndicatorsOut(Schema):
    on: datetime.date
    period_from: datetime.date
    rows: list[FiguresOut]


class ErrorOut(Schema):
    detail: str


@router.get(
    "/workforce/indicators",
    response={200: IndicatorsOut, 400: ErrorOut},
    summary="Workforce indicators for an area and the areas one level below, by cadre (numbers unrounded)",
)
def get_indicators(request, query: Query[IndicatorQuery]):
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied
    area = root
    if query.area is not None:
        area = get_object_or_404(Area, pk=query.area)
        if not access.may_read_aggregates_of(request.user, area):
            raise PermissionDenied
    on = query.on or timezone.localdate()
    period_from = query.period_from or indicators.default_period_from(on)
    if period_from > on:
        return Status(400, {"detail": _("The period cannot start after the date it ends on.")})
    result = indicators.compute(root=area, on=on, period_from=period_from)
    rows = []
    for a in [area, *result.children_of(area)]:
        for cadre in [indicators.ALL, *Cadre.values]:
            f = result.get(a.pk, cadre)
            rows.append({
                "area": a.pk, "area_code": a.code, "cadre": cadre or None, "headcount": f.headcount,
                "fte": float(f.fte), "children": f.children, "population": f.population,
                "per_100k_children": f.per_100k_children, "per_10k_population": f.per_10k_population,
                "posts_funded": f.posts_funded, "posts_vacant": f.posts_vacant, "vacancy_rate": f.vacancy_rate,
                "headcount_at_start": f.headcount_at_start, "exits_voluntary": f.exits_voluntary,
                "exits_involuntary": f.exits_involuntary, "attrition": f.attrition,
                "attrition_voluntary": f.attrition_voluntary, "attrition_involuntary": f.attrition_involuntary,
                "female": f.female, "male": f.male, "ages": f.ages, "share_55_and_over": f.share_55_and_over,
            })
    return {"on": on, "period_from": period_from, "rows": rows}
