"""WHO's Workload Indicators of Staffing Need (WISN), applied to social services: pure arithmetic.

The formulas are those of domain.md section 2 (after WHO, *WISN user's manual*, 2010/2023):

    AWT  = (working days − public holidays − annual leave − sick leave − other leave) × hours per day
    for each activity: standard workload = AWT / activity standard (hours per unit)
                       staff needed      = annual volume / standard workload
    A    = sum of staff needed over the activities
    CAF  = 1 / (1 − CAS% / 100), CAS% = the category allowance percents summed
    IAF  = individual allowance hours per year, summed / AWT
    required staff  = A × CAF + IAF
    WISN difference = existing − required (negative: a shortage)
    WISN ratio      = existing / required (1 is balanced, below 1 means workload pressure);
                      None when required staff is 0 (nothing to do and no allowance): there is no
                      pressure to measure, and dividing by zero would only produce an error or infinity.

No models and no database: workforce knows nothing of cases, so the study that counts recorded case
work per area lives higher up and hands the volumes to `wisn_by_area`. Numbers are floats and never
rounded here; rounding is the presentation's business.

Bad input raises `WisnError`, whose `errors` maps a field path ("activities[2].standard_hours") to a
translated message. The paths are the JSON API's field names, so a client can point at the field.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

# The most activities or allowances one calculation takes: WISN lists a handful to a few dozen;
# anything near this is a mistake or an attempt to make the server work for nothing.
MAX_ITEMS = 200

Number = int | float | Decimal | Fraction


class WisnError(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))


@dataclass(frozen=True)
class WorkingTime:
    working_days: Number
    public_holidays: Number
    annual_leave_days: Number
    sick_leave_days: Number
    other_leave_days: Number
    hours_per_day: Number


@dataclass(frozen=True)
class Activity:
    name: str
    standard_hours: Number  # the activity standard: hours one unit takes
    annual_volume: Number  # units per year


@dataclass(frozen=True)
class ActivityStandard:
    """An activity without its volume: shared by every area of a study."""

    name: str
    standard_hours: Number


@dataclass(frozen=True)
class CategoryAllowance:
    name: str
    percent: Number  # share of working time the whole cadre spends on it


@dataclass(frozen=True)
class IndividualAllowance:
    name: str
    hours_per_year: Number  # hours only some staff spend on it, summed over them


@dataclass(frozen=True)
class ActivityResult:
    name: str
    standard_workload: float  # units one full-time worker can do in a year
    staff_needed: float


@dataclass(frozen=True)
class WisnResult:
    available_working_time_hours: float
    activities: tuple[ActivityResult, ...]
    category_allowance_factor: float
    individual_allowance_factor: float
    required_staff: float
    existing_staff: float
    wisn_difference: float
    wisn_ratio: float | None  # None when required_staff is 0


@dataclass(frozen=True)
class AreaWorkload:
    """One area's inputs to a study: its yearly volume per activity name (missing = none) and its staff."""

    area: Hashable  # the caller's key: an Area pk, a code...
    volumes: Mapping[str, Number]
    existing_staff: Number


@dataclass(frozen=True)
class AreaWisn:
    area: Hashable
    result: WisnResult


# --- validation -------------------------------------------------------------------------------------


def _finite(value: object, path: str, errors: dict[str, str]) -> float | None:
    """The value as a float when it is a finite number; else record why not."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        errors[path] = _("This must be a number.")
        return None
    number = float(value)
    if not math.isfinite(number):
        errors[path] = _("This must be a finite number.")
        return None
    return number


def _amount(value: object, path: str, errors: dict[str, str]) -> float | None:
    """A finite number that is not negative (days, volumes, percents, hours, staff)."""
    number = _finite(value, path, errors)
    if number is not None and number < 0:
        errors[path] = _("This must not be negative.")
        return None
    return number


def _name(value: object, path: str, errors: dict[str, str]) -> None:
    if not isinstance(value, str) or not value.strip():
        errors[path] = _("A name is needed.")


def _bounded(items: Sequence[object], path: str, errors: dict[str, str]) -> bool:
    if len(items) > MAX_ITEMS:
        errors[path] = _("At most %(max)d items are accepted.") % {"max": MAX_ITEMS}
        return False
    return True


def _check_working_time(time: WorkingTime, errors: dict[str, str]) -> None:
    days = _finite(time.working_days, "working_days", errors)
    if days is not None and not 0 < days <= 366:
        errors["working_days"] = _("Working days must be more than zero and at most 366.")
        days = None
    hours = _finite(time.hours_per_day, "hours_per_day", errors)
    if hours is not None and not 0 < hours <= 24:
        errors["hours_per_day"] = _("Hours per day must be more than zero and at most 24.")
    leave = [
        _amount(getattr(time, field), field, errors)
        for field in ("public_holidays", "annual_leave_days", "sick_leave_days", "other_leave_days")
    ]
    # Compare only when every part is valid: the field errors above already say what is wrong.
    if days is not None and None not in leave and sum(leave) >= days:
        errors["working_days"] = _(
            "Leave and holidays add up to the working days or more: no time is left to work."
        )


def _check_standards(activities: Sequence[Activity | ActivityStandard], errors: dict[str, str]) -> bool:
    """Check names and standards; False when the list itself is unusable (empty or too long)."""
    if not activities:
        errors["activities"] = _("At least one activity is needed.")
        return False
    if not _bounded(activities, "activities", errors):
        return False
    for i, activity in enumerate(activities):
        _name(activity.name, f"activities[{i}].name", errors)
        path = f"activities[{i}].standard_hours"
        hours = _finite(activity.standard_hours, path, errors)
        if hours is not None and hours <= 0:
            # An activity that takes no time would need no staff whatever its volume (and divides by zero).
            errors[path] = _("An activity standard must be more than zero hours.")
    return True


def _check_allowances(
    category: Sequence[CategoryAllowance], individual: Sequence[IndividualAllowance], errors: dict[str, str]
) -> None:
    if _bounded(category, "category_allowances", errors):
        percents = []
        for i, allowance in enumerate(category):
            _name(allowance.name, f"category_allowances[{i}].name", errors)
            percents.append(_amount(allowance.percent, f"category_allowances[{i}].percent", errors))
        # At 100% the whole year goes to support work and CAF = 1 / 0: no staffing can cover it.
        if None not in percents and sum(percents) >= 100:
            errors["category_allowances"] = _("Category allowances must add up to less than 100%.")
    if _bounded(individual, "individual_allowances", errors):
        for i, allowance in enumerate(individual):
            _name(allowance.name, f"individual_allowances[{i}].name", errors)
            _amount(allowance.hours_per_year, f"individual_allowances[{i}].hours_per_year", errors)


# --- arithmetic -------------------------------------------------------------------------------------


def available_working_time(*, working_time: WorkingTime) -> float:
    """AWT in hours per year (input assumed valid: `wisn_calculate` checks it)."""
    t = working_time
    days = float(t.working_days) - sum(
        float(d) for d in (t.public_holidays, t.annual_leave_days, t.sick_leave_days, t.other_leave_days)
    )
    return days * float(t.hours_per_day)


def _compute(
    *,
    awt: float,
    activities: Sequence[Activity],
    category_allowances: Sequence[CategoryAllowance],
    individual_allowances: Sequence[IndividualAllowance],
    existing_staff: float,
) -> WisnResult:
    rows = []
    for activity in activities:
        standard_workload = awt / float(activity.standard_hours)
        rows.append(
            ActivityResult(
                name=activity.name,
                standard_workload=standard_workload,
                staff_needed=float(activity.annual_volume) / standard_workload,
            )
        )
    a = sum(row.staff_needed for row in rows)
    caf = 1 / (1 - sum(float(c.percent) for c in category_allowances) / 100)
    iaf = sum(float(i.hours_per_year) for i in individual_allowances) / awt
    required = a * caf + iaf
    result = WisnResult(
        available_working_time_hours=awt,
        activities=tuple(rows),
        category_allowance_factor=caf,
        individual_allowance_factor=iaf,
        required_staff=required,
        existing_staff=existing_staff,
        wisn_difference=existing_staff - required,
        wisn_ratio=None if required == 0 else existing_staff / required,
    )
    numbers = [awt, caf, iaf, required, result.wisn_difference, result.wisn_ratio or 0.0]
    numbers += [n for row in rows for n in (row.standard_workload, row.staff_needed)]
    # Finite inputs can still overflow (a huge volume over a minute AWT); never answer inf or nan.
    if not all(math.isfinite(n) for n in numbers):
        raise WisnError({"__all__": _("These numbers are too large to calculate with.")})
    return result


def wisn_calculate(
    *,
    working_time: WorkingTime,
    activities: Sequence[Activity],
    category_allowances: Sequence[CategoryAllowance] = (),
    individual_allowances: Sequence[IndividualAllowance] = (),
    existing_staff: Number,
) -> WisnResult:
    errors: dict[str, str] = {}
    _check_working_time(working_time, errors)
    if _check_standards(activities, errors):
        for i, activity in enumerate(activities):
            _amount(activity.annual_volume, f"activities[{i}].annual_volume", errors)
    _check_allowances(category_allowances, individual_allowances, errors)
    existing = _amount(existing_staff, "existing_staff", errors)
    if errors:
        raise WisnError(errors)
    return _compute(
        awt=available_working_time(working_time=working_time),
        activities=activities,
        category_allowances=category_allowances,
        individual_allowances=individual_allowances,
        existing_staff=existing,
    )


def wisn_by_area(
    *,
    working_time: WorkingTime,
    standards: Sequence[ActivityStandard],
    category_allowances: Sequence[CategoryAllowance] = (),
    individual_allowances: Sequence[IndividualAllowance] = (),
    areas: Sequence[AreaWorkload],
) -> list[AreaWisn]:
    """WISN for each area with one AWT, one set of standards and allowances; biggest shortage first.

    Order: the most negative WISN difference (most staff missing) first; on a tie the lower ratio
    (None, nothing to do, last); then the order given. An activity missing from an area's volumes has
    no volume there. Errors name "activities[i]…" for the standards and "areas[i]…" for an area.
    """
    errors: dict[str, str] = {}
    _check_working_time(working_time, errors)
    by_name: dict[str, ActivityStandard] = {}
    for i, standard in enumerate(standards if _check_standards(standards, errors) else ()):
        if standard.name in by_name:
            # Volumes are matched to standards by name: two standards of one name would be ambiguous.
            errors[f"activities[{i}].name"] = _("Each activity needs its own name.")
        by_name.setdefault(standard.name, standard)
    _check_allowances(category_allowances, individual_allowances, errors)
    existing: list[float | None] = []
    for i, area in enumerate(areas):
        for name, volume in area.volumes.items():
            path = f"areas[{i}].volumes[{name}]"
            if by_name and name not in by_name:  # no standards at all is already reported
                errors[path] = _("No activity standard has this name.")
            else:
                _amount(volume, path, errors)
        existing.append(_amount(area.existing_staff, f"areas[{i}].existing_staff", errors))
    if errors:
        raise WisnError(errors)

    awt = available_working_time(working_time=working_time)
    rows = []
    for i, area in enumerate(areas):
        activities = [
            Activity(name=s.name, standard_hours=s.standard_hours, annual_volume=area.volumes.get(s.name, 0))
            for s in by_name.values()
        ]
        try:
            result = _compute(
                awt=awt,
                activities=activities,
                category_allowances=category_allowances,
                individual_allowances=individual_allowances,
                existing_staff=existing[i],
            )
        except WisnError as exc:
            raise WisnError({f"areas[{i}]": exc.errors["__all__"]}) from None
        rows.append(AreaWisn(area=area.area, result=result))
    rows.sort(
        key=lambda row: (
            row.result.wisn_difference,
            math.inf if row.result.wisn_ratio is None else row.result.wisn_ratio,
        )
    )
    return rows
