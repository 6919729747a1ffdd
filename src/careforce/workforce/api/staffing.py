"""The WISN staffing-need calculator."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.responses import Status

from .. import wisn
from .common import router

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
