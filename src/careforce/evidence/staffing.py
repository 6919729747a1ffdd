"""Staffing studies by WHO's WISN method: who may use them, saving them, and their result.

The arithmetic is workforce.wisn's, unchanged: this module only gathers its inputs. The annual workload
of each area comes from the case work recorded there (cases.workload), the existing staff from the
registry (workforce.selectors), and both are grouped queries over the study's area, so a study costs
the same few queries for a district or for the whole country.

Each area of a study is one WISN unit, as a facility is in WHO's manual: the same available working time,
activity standards and allowances apply to every area, and the individual allowance is the hours of
each area's team. The study's totals add the areas' required and existing staff up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.cases import workload
from careforce.cases.workload import Activity
from careforce.core.audit import audit_log, diff
from careforce.core.models import Area, AreaLevel, AuditAction, User
from careforce.core.roles import Role
from careforce.workforce import indicators, wisn
from careforce.workforce.selectors import existing_staff_by_area

from . import defaults
from .models import StaffingStudy, StudyActivity, StudyCategoryAllowance, StudyIndividualAllowance

# Planners read and write studies; analysts read them (counts per area, nobody's record). Others: 403.
VIEW_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.ANALYST})
EDIT_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER})
# A study shows the areas one level below its own; a locality has none, so studies stop at districts.
STUDY_LEVELS = (AreaLevel.COUNTRY, AreaLevel.REGION, AreaLevel.DISTRICT)

WORKING_TIME_FIELDS = (
    "working_days", "public_holidays", "annual_leave_days", "sick_leave_days", "other_leave_days", "hours_per_day",
)
STUDY_FIELDS = ("name", "area", "cadre", "year", *WORKING_TIME_FIELDS)


def may_view(user: User) -> bool:
    return bool(user.is_authenticated and user.role in VIEW_ROLES)


def may_edit(user: User) -> bool:
    return bool(user.is_authenticated and user.role in EDIT_ROLES)


def studies(user: User) -> QuerySet[StaffingStudy]:
    return StaffingStudy.objects.visible_to(user)


def editable_studies(user: User) -> QuerySet[StaffingStudy]:
    if not may_edit(user):
        return StaffingStudy.objects.none()
    return StaffingStudy.objects.changeable_by(user)


def study_areas(user: User) -> QuerySet[Area]:
    """The areas a user may study: the whole country for the national administrator, her region and its
    districts for a regional manager."""
    areas = Area.objects.filter(level__in=STUDY_LEVELS).order_by("path")
    if not may_edit(user):
        return areas.none()
    if user.role == Role.NATIONAL_ADMIN:
        return areas
    scope = user.scope_area
    return areas.filter(path__startswith=scope.path) if scope else areas.none()


# --- Input ----------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """2.50 as 2.5 and 260.0 as 260: a Decimal read back keeps the zeros of its field's places."""
    if isinstance(value, Decimal) and value.is_finite():
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return value


@dataclass(frozen=True)
class ActivityIn:
    activity: str
    standard_hours: Decimal | None
    annual_volume_override: Decimal | None = None


@dataclass(frozen=True)
class AllowanceIn:
    name: str
    amount: Decimal | None  # percent for a category allowance, hours per year for an individual one


@dataclass
class StudyIn:
    """A study's inputs as entered, before they are checked. Lists keep the order of the form's rows, so
    the field paths of a WisnError ("activities[2].standard_hours") point back at them."""

    name: str
    area: Area
    cadre: str
    year: int
    working_days: Decimal | None
    public_holidays: Decimal | None
    annual_leave_days: Decimal | None
    sick_leave_days: Decimal | None
    other_leave_days: Decimal | None
    hours_per_day: Decimal | None
    activities: list[ActivityIn] = field(default_factory=list)
    category_allowances: list[AllowanceIn] = field(default_factory=list)
    individual_allowances: list[AllowanceIn] = field(default_factory=list)

    @classmethod
    def starting(cls, *, name: str, area: Area, cadre: str, year: int) -> StudyIn:
        """A new study with the default standards and allowances (defaults.py)."""
        return cls(
            name=name, area=area, cadre=cadre, year=year, **defaults.WORKING_TIME,
            activities=[ActivityIn(key, hours) for key, hours in defaults.ACTIVITY_STANDARDS.items()],
            category_allowances=[AllowanceIn(str(n), p) for n, p in defaults.CATEGORY_ALLOWANCES],
            individual_allowances=[AllowanceIn(str(n), h) for n, h in defaults.INDIVIDUAL_ALLOWANCES],
        )

    @classmethod
    def of(cls, study: StaffingStudy) -> StudyIn:
        return cls(
            **{name: getattr(study, name) for name in STUDY_FIELDS},
            activities=[
                ActivityIn(a.activity, a.standard_hours, a.annual_volume_override) for a in study.activities.all()
            ],
            category_allowances=[AllowanceIn(c.name, c.percent) for c in study.category_allowances.all()],
            individual_allowances=[AllowanceIn(i.name, i.hours_per_year) for i in study.individual_allowances.all()],
        )

    def snapshot(self) -> dict[str, Any]:
        """Plain values to compare two versions of a study (the audit's changes, an edit conflict)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in STUDY_FIELDS}
        out["area"] = self.area.pk
        labels = dict(Activity.choices)
        out["activities"] = "; ".join(
            f"{labels.get(a.activity, a.activity)} {plain(a.standard_hours)} h"
            + (f" ({plain(a.annual_volume_override)})" if a.annual_volume_override is not None else "")
            for a in sorted(self.activities, key=lambda a: a.activity)
        )
        out["category_allowances"] = "; ".join(f"{c.name} {plain(c.amount)}%" for c in self.category_allowances)
        out["individual_allowances"] = "; ".join(
            f"{i.name} {plain(i.amount)} h" for i in self.individual_allowances
        )
        return out


def _working_time(source: Any) -> wisn.WorkingTime:
    return wisn.WorkingTime(**{name: getattr(source, name) for name in WORKING_TIME_FIELDS})


def check_study(data: StudyIn) -> None:
    """Check the inputs with the WISN calculation's own rules; WisnError names each bad field by its path.

    The entered annual volumes are checked as the volumes of one area ("areas[0].volumes[<activity>]").
    """
    overrides = {
        a.activity: a.annual_volume_override for a in data.activities if a.annual_volume_override is not None
    }
    wisn.wisn_by_area(
        working_time=_working_time(data),
        standards=[wisn.ActivityStandard(name=a.activity, standard_hours=a.standard_hours) for a in data.activities],
        category_allowances=[wisn.CategoryAllowance(name=c.name, percent=c.amount) for c in data.category_allowances],
        individual_allowances=[
            wisn.IndividualAllowance(name=i.name, hours_per_year=i.amount) for i in data.individual_allowances
        ],
        areas=[wisn.AreaWorkload(area=None, volumes=overrides, existing_staff=0)],
    )


# --- Writing --------------------------------------------------------------------------------------


class EditConflict(Exception):
    """Somebody saved the study since this edit began; `changed` maps field → [yours, saved now]."""

    def __init__(self, current: StaffingStudy, changed: dict[str, list[Any]]):
        super().__init__("edit conflict")
        self.current = current
        self.changed = changed


def _require_area(actor: User, area: Area) -> None:
    if not may_edit(actor):
        raise PermissionDenied(_("Only the national administrator and regional managers make staffing studies."))
    if not study_areas(actor).filter(pk=area.pk).exists():
        raise ValidationError({"area": _("Choose a region or district within your responsibility.")})


def _write_rows(study: StaffingStudy, data: StudyIn) -> None:
    study.activities.all().delete()
    study.category_allowances.all().delete()
    study.individual_allowances.all().delete()
    StudyActivity.objects.bulk_create(
        StudyActivity(
            study=study, activity=a.activity, standard_hours=a.standard_hours,
            annual_volume_override=a.annual_volume_override,
        )
        for a in data.activities
    )
    StudyCategoryAllowance.objects.bulk_create(
        StudyCategoryAllowance(study=study, name=c.name.strip(), percent=c.amount) for c in data.category_allowances
    )
    StudyIndividualAllowance.objects.bulk_create(
        StudyIndividualAllowance(study=study, name=i.name.strip(), hours_per_year=i.amount)
        for i in data.individual_allowances
    )


@transaction.atomic
def staffing_study_create(*, actor: User, data: StudyIn) -> StaffingStudy:
    _require_area(actor, data.area)
    check_study(data)
    study = StaffingStudy(created_by=actor, **{name: getattr(data, name) for name in STUDY_FIELDS})
    study.name = study.name.strip()
    study.full_clean()
    study.save()
    _write_rows(study, data)
    audit_log(actor=actor, action=AuditAction.CREATE, obj=study, summary=f"staffing study: {study.name}")
    return study


@transaction.atomic
def staffing_study_update(*, actor: User, study: StaffingStudy, version: int, data: StudyIn) -> StaffingStudy:
    """Save an edit begun at `version`. If someone saved in between, nothing is written (EditConflict)."""
    if not editable_studies(actor).filter(pk=study.pk).exists():
        raise PermissionDenied(_("You may not change this study."))
    current = StaffingStudy.objects.select_for_update().get(pk=study.pk)
    before = StudyIn.of(current).snapshot()
    if current.version != version:
        entered = data.snapshot()
        raise EditConflict(current, {k: [entered[k], before[k]] for k in entered if entered[k] != before[k]})
    _require_area(actor, data.area)
    check_study(data)
    changes = diff(before, data.snapshot())
    if not changes:
        return current
    for name in STUDY_FIELDS:
        setattr(current, name, getattr(data, name))
    current.name = current.name.strip()
    current.full_clean()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _write_rows(current, data)
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=current, changes=changes)
    return current


# --- The result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    area: Area
    recorded: dict[str, int]  # activity → events recorded in the period
    volumes: dict[str, float]  # activity → the annual volume used: recorded, or a share of the entered total
    result: wisn.WisnResult

    @property
    def shortage(self) -> bool:
        return self.result.wisn_ratio is not None and self.result.wisn_ratio < 1


@dataclass(frozen=True)
class Totals:
    recorded: dict[str, int]
    volumes: dict[str, float]
    required_staff: float
    existing_staff: float
    wisn_difference: float
    wisn_ratio: float | None


@dataclass(frozen=True)
class StudyResult:
    study: StaffingStudy
    activities: list[StudyActivity]  # in the order of Activity
    start: date
    end: date
    staff_on: date  # the day the existing staff are counted
    records_activity: bool  # does Careforce record this cadre's case work?
    partial_year: bool  # the year is not over: the recorded volumes run to today
    entered: dict[str, float]  # activity → the annual volume entered for the whole study area
    spread_evenly: list[str]  # entered activities with nothing recorded: their volume is shared equally
    rows: list[AreaRow]  # the biggest shortage first (wisn_by_area's order)
    totals: Totals
    available_working_time_hours: float
    category_allowance_factor: float
    individual_allowance_factor: float


def staff_date(year: int, today: date) -> date:
    """Staff in post at the end of the year studied, or today for this year and later ones."""
    return min(date(year, 12, 31), today)


def _share(total: float, recorded: dict[int, int], keys: list[int]) -> dict[int, float]:
    """An area-wide total shared in proportion to the recorded volumes, equally when nothing is recorded."""
    whole = sum(recorded.get(k, 0) for k in keys)
    if whole:
        return {k: total * recorded.get(k, 0) / whole for k in keys}
    return {k: total / len(keys) for k in keys}


def study_result(study: StaffingStudy, overrides: Mapping[str, Any] | None = None) -> StudyResult:
    """The study's WISN per child area, with totals. Raises WisnError when the inputs cannot be calculated.

    `overrides` (activity → an annual volume for the whole study area) replaces the study's saved entered
    volumes for a what-if; an activity absent from it uses the recorded volume. Each entered volume is
    shared between the areas as the recorded one is. About six queries, whatever the number of areas.
    """
    today = timezone.localdate()
    order = {key: i for i, key in enumerate(Activity.values)}
    activities = sorted(study.activities.all(), key=lambda a: order.get(a.activity, len(order)))
    category = list(study.category_allowances.all())
    individual = list(study.individual_allowances.all())
    start, end = workload.year_span(study.year)
    staff_on = staff_date(study.year, today)

    area = study.area
    children = workload.child_areas(area)
    recorded = workload.recorded_activity(area=area, start=start, end=end, cadre=study.cadre, children=children)
    staff = existing_staff_by_area(area=area, cadre=study.cadre, on=staff_on, children=children)
    # One row per child area; the study's own area too when work or staff are placed at it directly (or
    # when it has no children at all).
    areas = list(children)
    if not children or area.pk in recorded or area.pk in staff:
        areas.append(area)
    keys = [a.pk for a in areas]

    if overrides is None:
        overrides = {a.activity: a.annual_volume_override for a in activities if a.annual_volume_override is not None}
    entered = {a.activity: overrides[a.activity] for a in activities if overrides.get(a.activity) is not None}
    # Only the study's activities: work it sets no standard for is not part of it.
    studied = {a.activity for a in activities}
    volumes: dict[int, dict[str, Any]] = {
        k: {name: n for name, n in recorded.get(k, {}).items() if name in studied} for k in keys
    }
    spread_evenly = []
    for activity, total in entered.items():
        by_area = {k: recorded.get(k, {}).get(activity, 0) for k in keys}
        if not any(by_area.values()):
            spread_evenly.append(activity)
        # A total that is not a number is passed on as it is, for wisn to report.
        shares = _share(float(total), by_area, keys) if isinstance(total, int | float | Decimal) else {}
        for k in keys:
            volumes[k][activity] = shares.get(k, total)

    results = wisn.wisn_by_area(
        working_time=_working_time(study),
        standards=[wisn.ActivityStandard(name=a.activity, standard_hours=a.standard_hours) for a in activities],
        category_allowances=[wisn.CategoryAllowance(name=c.name, percent=c.percent) for c in category],
        individual_allowances=[wisn.IndividualAllowance(name=i.name, hours_per_year=i.hours_per_year) for i in individual],
        areas=[wisn.AreaWorkload(area=k, volumes=volumes[k], existing_staff=staff.get(k, 0)) for k in keys],
    )
    by_pk = {a.pk: a for a in areas}
    rows = [
        AreaRow(area=by_pk[r.area], recorded=recorded.get(r.area, {}), volumes=volumes[r.area], result=r.result)
        for r in results
    ]
    required = sum(r.result.required_staff for r in rows)
    existing = sum(r.result.existing_staff for r in rows)
    totals = Totals(
        recorded={a.activity: sum(r.recorded.get(a.activity, 0) for r in rows) for a in activities},
        volumes={a.activity: sum(float(r.volumes.get(a.activity, 0)) for r in rows) for a in activities},
        required_staff=required,
        existing_staff=existing,
        # The same definitions as for one area (domain.md section 2), over the sums.
        wisn_difference=existing - required,
        wisn_ratio=existing / required if required else None,
    )
    first = rows[0].result if rows else None
    return StudyResult(
        study=study,
        activities=activities,
        start=start,
        end=end,
        staff_on=staff_on,
        records_activity=workload.records_activity(study.cadre),
        partial_year=end >= today,
        entered={k: float(v) for k, v in entered.items() if isinstance(v, int | float | Decimal)},
        spread_evenly=spread_evenly,
        rows=rows,
        totals=totals,
        available_working_time_hours=wisn.available_working_time(working_time=_working_time(study)),
        category_allowance_factor=first.category_allowance_factor if first else 0.0,
        individual_allowance_factor=first.individual_allowance_factor if first else 0.0,
    )


def need_in_every_area(studies: Sequence[StaffingStudy]) -> dict[tuple[int, int], wisn.WisnResult]:
    """Each study's working time, standards and allowances applied to every area of its subtree, at every
    level, with the recorded volumes and the staff in post (FTE): where in the tree the pressure is.
    Keys are (study pk, area pk).

    Studies of one area and year share their reads: one grouped query of recorded work for all their
    cadres, one pass of the workforce indicators (staff in post), whatever the number of areas; then the
    WISN arithmetic per area.
    """
    out: dict[tuple[int, int], wisn.WisnResult] = {}
    groups: dict[tuple[int, int], list[StaffingStudy]] = {}
    for study in studies:
        groups.setdefault((study.area_id, study.year), []).append(study)
    for group in groups.values():
        out |= _group_need(group)
    return out


# A national dashboard's or report's tables read the same regional studies several times (by area, by cadre,
# then each region's own table): the counting of a group of studies is kept this long. A study edited since
# is counted again at once (its version is in the key).
GROUP_SECONDS = 120


def _group_need(group: Sequence[StaffingStudy]) -> dict[tuple[int, int], wisn.WisnResult]:
    from django.core.cache import cache

    today = timezone.localdate()
    key = "cf-wisn:{}:{}".format(today, ",".join(f"{s.pk}.{s.version}" for s in sorted(group, key=lambda s: s.pk)))
    kept = cache.get(key)
    if kept is not None:
        return kept
    out: dict[tuple[int, int], wisn.WisnResult] = {}
    area, year = group[0].area, group[0].year
    cadres = sorted({s.cadre for s in group})
    start, end = workload.year_span(year)
    staff_on = staff_date(year, today)
    recorded = workload.recorded_activity_everywhere(area=area, start=start, end=end, cadres=cadres)
    staff = indicators.compute(root=area, on=staff_on, period_from=staff_on, cadres=cadres, fte_only=True)
    for study in group:
        activities = list(study.activities.all())
        studied = {a.activity for a in activities}
        by_area = recorded[study.cadre]
        results = wisn.wisn_by_area(
            working_time=_working_time(study),
            standards=[wisn.ActivityStandard(name=a.activity, standard_hours=a.standard_hours)
                       for a in activities],
            category_allowances=[wisn.CategoryAllowance(name=c.name, percent=c.percent)
                                 for c in study.category_allowances.all()],
            individual_allowances=[wisn.IndividualAllowance(name=i.name, hours_per_year=i.hours_per_year)
                                   for i in study.individual_allowances.all()],
            areas=[
                wisn.AreaWorkload(
                    area=pk,
                    volumes={k: v for k, v in by_area.get(pk, {}).items() if k in studied},
                    existing_staff=float(staff.get(pk, study.cadre).fte),
                )
                for pk in staff.areas
            ],
        )
        for r in results:
            out[(study.pk, r.area)] = r.result
    cache.set(key, out, GROUP_SECONDS)
    return out
