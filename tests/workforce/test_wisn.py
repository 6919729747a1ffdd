"""WISN arithmetic against examples worked by hand (domain.md section 2), and its refusals."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import pytest

from careforce.workforce.wisn import (
    MAX_ITEMS,
    Activity,
    ActivityStandard,
    AreaWorkload,
    CategoryAllowance,
    IndividualAllowance,
    WisnError,
    WorkingTime,
    available_working_time,
    wisn_by_area,
    wisn_calculate,
)

# Example 1: case managers of a district directorate.
#   AWT = (260 − 10 − 20 − 5 − 5) × 8 = 220 × 8 = 1760 h
#   home visit             2 h → standard workload 1760/2 = 880/yr; 1,320 visits → 1320/880 = 1.5 staff
#   initial assessment     4 h →                   1760/4 = 440/yr;   220        →  220/440 = 0.5
#   comprehensive assess.  8 h →                   1760/8 = 220/yr;   165        →  165/220 = 0.75
#   case review            1 h →                  1760/1 = 1760/yr;   440        → 440/1760 = 0.25
#   A = 1.5 + 0.5 + 0.75 + 0.25 = 3.0
#   CAS = recording 15% + team meetings 5% = 20%  → CAF = 1 / (1 − 0.20) = 1.25
#   individual: supervising 176 h + training others 88 h = 264 h → IAF = 264 / 1760 = 0.15
#   required = 3.0 × 1.25 + 0.15 = 3.9; existing 3 → difference −0.9, ratio 3 / 3.9 = 10/13 ≈ 0.769
CASE_MANAGERS = dict(
    working_time=WorkingTime(
        working_days=260,
        public_holidays=10,
        annual_leave_days=20,
        sick_leave_days=5,
        other_leave_days=5,
        hours_per_day=8,
    ),
    activities=[
        Activity(name="Home visit", standard_hours=2, annual_volume=1320),
        Activity(name="Initial assessment", standard_hours=4, annual_volume=220),
        Activity(name="Comprehensive assessment", standard_hours=8, annual_volume=165),
        Activity(name="Case review", standard_hours=1, annual_volume=440),
    ],
    category_allowances=[
        CategoryAllowance(name="Recording", percent=15),
        CategoryAllowance(name="Team meetings", percent=5),
    ],
    individual_allowances=[
        IndividualAllowance(name="Supervising", hours_per_year=176),
        IndividualAllowance(name="Training others", hours_per_year=88),
    ],
    existing_staff=3,
)

# Example 2: community social assistants, fractional hours, no individual allowance, a surplus.
#   AWT = (250 − 12 − 24 − 6 − 8) × 7.5 = 200 × 7.5 = 1500 h
#   home visit         1.5 h → 1500/1.5 = 1000/yr; 2,500 visits → 2.5 staff
#   outreach session   3 h   → 1500/3   =  500/yr;   250        → 0.5
#   A = 3.0; CAS = recording 25% → CAF = 1 / 0.75 = 4/3; IAF = 0
#   required = 3.0 × 4/3 = 4.0; existing 5 → difference +1.0, ratio 1.25
ASSISTANTS = dict(
    working_time=WorkingTime(
        working_days=250,
        public_holidays=12,
        annual_leave_days=24,
        sick_leave_days=6,
        other_leave_days=8,
        hours_per_day=7.5,
    ),
    activities=[
        Activity(name="Home visit", standard_hours=1.5, annual_volume=2500),
        Activity(name="Outreach session", standard_hours=3, annual_volume=250),
    ],
    category_allowances=[CategoryAllowance(name="Recording", percent=25)],
    individual_allowances=[],
    existing_staff=5,
)

# Example 3: psychologists, where the individual allowance weighs most and nobody is in post.
#   AWT = (248 − 8 − 0 − 0 − 0) × 6 = 240 × 6 = 1440 h
#   therapy session 1.2 h → 1440/1.2 = 1200/yr; 600 sessions → 0.5 staff; A = 0.5
#   CAS = 10% + 8% + 2% = 20% → CAF = 1.25
#   individual: clinical supervision 360 h + training 144 h = 504 h → IAF = 504 / 1440 = 0.35
#   required = 0.5 × 1.25 + 0.35 = 0.625 + 0.35 = 0.975; existing 0 → difference −0.975, ratio 0
PSYCHOLOGISTS = dict(
    working_time=WorkingTime(
        working_days=248,
        public_holidays=8,
        annual_leave_days=0,
        sick_leave_days=0,
        other_leave_days=0,
        hours_per_day=6,
    ),
    activities=[Activity(name="Therapy session", standard_hours=1.2, annual_volume=600)],
    category_allowances=[
        CategoryAllowance(name="Recording", percent=10),
        CategoryAllowance(name="Team meetings", percent=8),
        CategoryAllowance(name="Professional reading", percent=2),
    ],
    individual_allowances=[
        IndividualAllowance(name="Clinical supervision of others", hours_per_year=360),
        IndividualAllowance(name="Training", hours_per_year=144),
    ],
    existing_staff=0,
)


def _with(example: dict, **changes) -> dict:
    return {**example, **changes}


def _time(**changes) -> WorkingTime:
    return dataclasses.replace(CASE_MANAGERS["working_time"], **changes)


def _errors(**kwargs) -> dict[str, str]:
    with pytest.raises(WisnError) as caught:
        wisn_calculate(**kwargs)
    assert isinstance(caught.value, ValueError)
    return caught.value.errors


def test_case_managers_worked_by_hand():
    result = wisn_calculate(**CASE_MANAGERS)
    assert result.available_working_time_hours == pytest.approx(1760)
    assert [a.name for a in result.activities] == [
        "Home visit",
        "Initial assessment",
        "Comprehensive assessment",
        "Case review",
    ]
    assert [a.standard_workload for a in result.activities] == pytest.approx([880, 440, 220, 1760])
    assert [a.staff_needed for a in result.activities] == pytest.approx([1.5, 0.5, 0.75, 0.25])
    assert result.category_allowance_factor == pytest.approx(1.25)
    assert result.individual_allowance_factor == pytest.approx(0.15)
    assert result.required_staff == pytest.approx(3.9)
    assert result.existing_staff == 3
    assert result.wisn_difference == pytest.approx(-0.9)
    assert result.wisn_ratio == pytest.approx(10 / 13)


def test_assistants_worked_by_hand():
    result = wisn_calculate(**ASSISTANTS)
    assert result.available_working_time_hours == pytest.approx(1500)
    assert [a.standard_workload for a in result.activities] == pytest.approx([1000, 500])
    assert [a.staff_needed for a in result.activities] == pytest.approx([2.5, 0.5])
    assert result.category_allowance_factor == pytest.approx(4 / 3)
    assert result.individual_allowance_factor == 0
    assert result.required_staff == pytest.approx(4.0)
    assert result.wisn_difference == pytest.approx(1.0)
    assert result.wisn_ratio == pytest.approx(1.25)


def test_psychologists_worked_by_hand():
    result = wisn_calculate(**PSYCHOLOGISTS)
    assert result.available_working_time_hours == pytest.approx(1440)
    assert result.activities[0].standard_workload == pytest.approx(1200)
    assert result.activities[0].staff_needed == pytest.approx(0.5)
    assert result.category_allowance_factor == pytest.approx(1.25)
    assert result.individual_allowance_factor == pytest.approx(0.35)
    assert result.required_staff == pytest.approx(0.975)
    assert result.wisn_difference == pytest.approx(-0.975)
    assert result.wisn_ratio == 0


def test_numbers_are_not_rounded():
    # 1760 / 3 = 586.666… per year; 100 units → 100 × 3 / 1760 = 0.170454… staff, kept as is.
    result = wisn_calculate(
        **_with(CASE_MANAGERS, activities=[Activity(name="Plan", standard_hours=3, annual_volume=100)])
    )
    assert result.activities[0].standard_workload == pytest.approx(1760 / 3, rel=1e-12)
    assert result.activities[0].staff_needed == pytest.approx(300 / 1760, rel=1e-12)
    assert result.activities[0].staff_needed != round(result.activities[0].staff_needed, 6)


def test_decimals_from_the_database_are_accepted():
    result = wisn_calculate(
        **_with(
            CASE_MANAGERS,
            activities=[Activity(name="Home visit", standard_hours=Decimal("2.0"), annual_volume=1320)],
        )
    )
    assert isinstance(result.required_staff, float)
    assert result.activities[0].staff_needed == pytest.approx(1.5)


def test_available_working_time_alone():
    assert available_working_time(working_time=ASSISTANTS["working_time"]) == pytest.approx(1500)


def test_zero_volume_and_no_individual_allowance_means_no_ratio():
    # All volumes 0 → A = 0; IAF = 0 → required 0: the ratio existing / 0 is None, not an error.
    result = wisn_calculate(
        **_with(
            CASE_MANAGERS,
            activities=[Activity(name="Home visit", standard_hours=2, annual_volume=0)],
            individual_allowances=[],
        )
    )
    assert result.required_staff == 0
    assert result.wisn_ratio is None
    assert result.wisn_difference == 3


def test_zero_volume_with_an_individual_allowance_still_needs_someone():
    # A = 0, IAF = 264 / 1760 = 0.15 → required 0.15, ratio 3 / 0.15 = 20.
    result = wisn_calculate(
        **_with(CASE_MANAGERS, activities=[Activity(name="Home visit", standard_hours=2, annual_volume=0)])
    )
    assert result.required_staff == pytest.approx(0.15)
    assert result.wisn_ratio == pytest.approx(20)


def test_category_allowances_of_99_percent_work_and_of_100_are_refused():
    # Home visits only: 880 × 2 h / 1760 → A = 1.0; CAF = 1 / (1 − 0.99) = 100 → required 100.
    one_staff = [Activity(name="Home visit", standard_hours=2, annual_volume=880)]
    result = wisn_calculate(
        **_with(
            CASE_MANAGERS,
            activities=one_staff,
            category_allowances=[
                CategoryAllowance(name="Recording", percent=90),
                CategoryAllowance(name="Meetings", percent=9),
            ],
            individual_allowances=[],
        )
    )
    assert result.category_allowance_factor == pytest.approx(100)
    assert result.required_staff == pytest.approx(100)
    errors = _errors(
        **_with(
            CASE_MANAGERS,
            category_allowances=[
                CategoryAllowance(name="Recording", percent=90),
                CategoryAllowance(name="Meetings", percent=10),
            ],
        )
    )
    assert list(errors) == ["category_allowances"] and "100%" in errors["category_allowances"]
    assert list(_errors(**_with(CASE_MANAGERS, category_allowances=[CategoryAllowance("All", 150)]))) == [
        "category_allowances"
    ]


def test_leave_equal_to_working_days_is_refused_and_one_day_less_works():
    # 10 + 20 + 5 + 5 = 40 days of leave against 40 working days: no time left.
    errors = _errors(**_with(CASE_MANAGERS, working_time=_time(working_days=40)))
    assert list(errors) == ["working_days"] and "leave" in errors["working_days"].lower()
    fewer = _errors(**_with(CASE_MANAGERS, working_time=_time(working_days=30)))
    assert fewer == errors
    # 41 − 40 = 1 day × 8 = 8 h
    result = wisn_calculate(**_with(CASE_MANAGERS, working_time=_time(working_days=41)))
    assert result.available_working_time_hours == pytest.approx(8)


def test_activity_standard_must_be_more_than_zero():
    for hours in (0, -2):
        activities = [*CASE_MANAGERS["activities"]]
        activities[2] = Activity(name="Comprehensive assessment", standard_hours=hours, annual_volume=165)
        errors = _errors(**_with(CASE_MANAGERS, activities=activities))
        assert errors == {
            "activities[2].standard_hours": "An activity standard must be more than zero hours."
        }


def test_negative_volume_is_refused():
    activities = [*CASE_MANAGERS["activities"]]
    activities[1] = Activity(name="Initial assessment", standard_hours=4, annual_volume=-1)
    assert list(_errors(**_with(CASE_MANAGERS, activities=activities))) == ["activities[1].annual_volume"]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"working_time": _time(hours_per_day=0)}, "hours_per_day"),
        ({"working_time": _time(hours_per_day=-8)}, "hours_per_day"),
        ({"working_time": _time(hours_per_day=24.5)}, "hours_per_day"),
        ({"working_time": _time(working_days=367)}, "working_days"),
        ({"working_time": _time(working_days=0)}, "working_days"),
        ({"working_time": _time(working_days=-260)}, "working_days"),
        ({"working_time": _time(public_holidays=-1)}, "public_holidays"),
        ({"working_time": _time(annual_leave_days=-1)}, "annual_leave_days"),
        ({"working_time": _time(sick_leave_days=-1)}, "sick_leave_days"),
        ({"working_time": _time(other_leave_days=-1)}, "other_leave_days"),
        ({"working_time": _time(hours_per_day=math.nan)}, "hours_per_day"),
        ({"working_time": _time(working_days=math.inf)}, "working_days"),
        ({"working_time": _time(sick_leave_days="5")}, "sick_leave_days"),
        ({"activities": []}, "activities"),
        ({"activities": [Activity(name=" ", standard_hours=2, annual_volume=1)]}, "activities[0].name"),
        (
            {"category_allowances": [CategoryAllowance("Recording", 15), CategoryAllowance("Meetings", -5)]},
            "category_allowances[1].percent",
        ),
        (
            {"individual_allowances": [IndividualAllowance("Supervising", -176)]},
            "individual_allowances[0].hours_per_year",
        ),
        ({"existing_staff": -1}, "existing_staff"),
        ({"existing_staff": True}, "existing_staff"),
    ],
)
def test_each_error_names_its_field(changes, path):
    errors = _errors(**_with(CASE_MANAGERS, **changes))
    assert list(errors) == [path]
    assert errors[path] and isinstance(errors[path], str)


def test_every_problem_is_reported_at_once():
    activities = [Activity(name="Home visit", standard_hours=0, annual_volume=-3)]
    errors = _errors(
        **_with(
            CASE_MANAGERS,
            working_time=_time(hours_per_day=30),
            activities=activities,
            existing_staff=-2,
        )
    )
    assert set(errors) == {
        "hours_per_day",
        "activities[0].standard_hours",
        "activities[0].annual_volume",
        "existing_staff",
    }


def test_lists_are_bounded():
    many = [Activity(name=f"a{i}", standard_hours=1, annual_volume=1) for i in range(MAX_ITEMS + 1)]
    assert list(_errors(**_with(CASE_MANAGERS, activities=many))) == ["activities"]
    assert wisn_calculate(**_with(CASE_MANAGERS, activities=many[:MAX_ITEMS])).required_staff > 0
    allowances = [IndividualAllowance(name="x", hours_per_year=1)] * (MAX_ITEMS + 1)
    assert list(_errors(**_with(CASE_MANAGERS, individual_allowances=allowances))) == [
        "individual_allowances"
    ]


def test_overflow_is_an_error_not_infinity():
    huge = [Activity(name="Home visit", standard_hours=1e300, annual_volume=1e300)]
    errors = _errors(**_with(CASE_MANAGERS, activities=huge))
    assert list(errors) == ["__all__"]


# Per area: one AWT (1760 h), standards home visit 2 h and initial assessment 4 h, CAF 1.25, IAF 0.15.
#   North:  1,320 visits (1.5) + 220 assessments (0.5) → A 2.0 → required 2.0 × 1.25 + 0.15 = 2.65;
#           existing 2 → difference −0.65
#   South:    880 visits (1.0), no assessments         → A 1.0 → required 1.4;  existing 3 → +1.6
#   Centre: 1,760 visits (2.0) + 440 assessments (1.0) → A 3.0 → required 3.9;  existing 2 → −1.9
#   Biggest shortage first: Centre (−1.9), North (−0.65), South (+1.6).
STUDY = dict(
    working_time=CASE_MANAGERS["working_time"],
    standards=[
        ActivityStandard(name="Home visit", standard_hours=2),
        ActivityStandard(name="Initial assessment", standard_hours=4),
    ],
    category_allowances=CASE_MANAGERS["category_allowances"],
    individual_allowances=CASE_MANAGERS["individual_allowances"],
)


def test_by_area_biggest_shortage_first():
    rows = wisn_by_area(
        **STUDY,
        areas=[
            AreaWorkload(
                area="North", volumes={"Home visit": 1320, "Initial assessment": 220}, existing_staff=2
            ),
            AreaWorkload(area="South", volumes={"Home visit": 880}, existing_staff=3),
            AreaWorkload(
                area="Centre", volumes={"Home visit": 1760, "Initial assessment": 440}, existing_staff=2
            ),
        ],
    )
    assert [row.area for row in rows] == ["Centre", "North", "South"]
    assert [row.result.required_staff for row in rows] == pytest.approx([3.9, 2.65, 1.4])
    assert [row.result.wisn_difference for row in rows] == pytest.approx([-1.9, -0.65, 1.6])
    assert [row.result.wisn_ratio for row in rows] == pytest.approx([2 / 3.9, 2 / 2.65, 3 / 1.4])
    # A missing activity is no volume: South has the assessment row with 0 staff needed.
    south = rows[2].result
    assert [a.name for a in south.activities] == ["Home visit", "Initial assessment"]
    assert south.activities[1].staff_needed == 0


def test_by_area_ties_go_to_the_lower_ratio_and_no_workload_last():
    # Both short by exactly 1: East needs 2 and has 1 (ratio 0.5), West needs 4 and has 3 (0.75).
    # Quiet has no workload and no allowance: required 0, ratio None, difference 0.
    study = {**STUDY, "category_allowances": [], "individual_allowances": []}
    rows = wisn_by_area(
        **study,
        areas=[
            AreaWorkload(area="Quiet", volumes={}, existing_staff=0),
            AreaWorkload(area="West", volumes={"Home visit": 3520}, existing_staff=3),
            AreaWorkload(area="East", volumes={"Home visit": 1760}, existing_staff=1),
        ],
    )
    assert [row.area for row in rows] == ["East", "West", "Quiet"]
    assert rows[2].result.wisn_ratio is None


def test_by_area_errors_name_the_area_and_the_standard():
    with pytest.raises(WisnError) as caught:
        wisn_by_area(
            **{
                **STUDY,
                "standards": [
                    ActivityStandard(name="Home visit", standard_hours=2),
                    ActivityStandard(name="Home visit", standard_hours=0),
                ],
            },
            areas=[
                AreaWorkload(area="North", volumes={"Home visit": -1}, existing_staff=2),
                AreaWorkload(area="South", volumes={"Visit at home": 3}, existing_staff=-1),
            ],
        )
    assert set(caught.value.errors) == {
        "activities[1].name",
        "activities[1].standard_hours",
        "areas[0].volumes[Home visit]",
        "areas[1].volumes[Visit at home]",
        "areas[1].existing_staff",
    }


def test_by_area_with_no_areas_is_empty():
    assert wisn_by_area(**STUDY, areas=[]) == []
