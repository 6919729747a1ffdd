"""The standards clock: deadlines by risk level, across weekends and holidays, repeats, reopening."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from careforce.cases import clock, services
from careforce.cases.models import CaseDeadline, PublicHoliday, StandardStep
from tests.cases.conftest import approved_plan, complete_assessments


def test_working_days_skip_weekends_and_holidays():
    friday = date(2026, 1, 9)
    assert clock.add_days(friday, 3, working=True) == date(2026, 1, 14)  # Mon, Tue, Wed
    assert clock.add_days(friday, 3, working=False) == date(2026, 1, 12)
    assert clock.add_days(friday, 1, working=True, holidays=frozenset({date(2026, 1, 12)})) == date(
        2026, 1, 13
    )
    assert clock.add_days(friday, 0, working=True) == friday


def _due(case, code):
    return CaseDeadline.objects.get(case=case, step__code=code, occurrence=1)


@pytest.mark.parametrize(
    ("risk", "opened", "due"),
    [
        ("medium", date(2026, 1, 9), date(2026, 1, 14)),  # Friday + 3 working days
        ("low", date(2026, 1, 9), date(2026, 1, 14)),
        ("high", date(2026, 1, 9), date(2026, 1, 10)),  # 24 hours: Saturday, no waiting for Monday
    ],
)
def test_initial_assessment_deadline_by_risk(open_case, risk, opened, due):
    case = open_case(risk=risk, opened_on=opened)
    assert _due(case, "initial-assessment").due_on == due
    case.refresh_from_db()
    assert (case.next_due_on, case.next_due_step) == (due, "initial-assessment")


def test_public_holiday_moves_a_working_day_deadline(open_case):
    PublicHoliday.objects.create(date=date(2026, 1, 12), name="Holiday")
    case = open_case(risk="medium", opened_on=date(2026, 1, 9))
    assert _due(case, "initial-assessment").due_on == date(2026, 1, 15)


def test_risk_change_recomputes_open_deadlines(cast, open_case):
    case = open_case(risk="low", opened_on=timezone.localdate())
    before = _due(case, "initial-assessment").due_on
    services.case_change_risk(
        actor=cast.case_manager, case=case, risk_level="high", reason="Violence reported"
    )
    after = _due(case, "initial-assessment").due_on
    assert after == timezone.localdate() + timedelta(days=1)
    assert after <= before


def test_steps_follow_one_another_and_record_lateness(cast, open_case):
    case = open_case(risk="medium", opened_on=date(2026, 1, 5))  # Monday
    complete_assessments(
        cast.case_manager, case, initial_on=date(2026, 1, 12), comprehensive_on=date(2026, 2, 2)
    )
    initial = _due(case, "initial-assessment")
    assert (
        initial.due_on == date(2026, 1, 8)
        and initial.done_on == date(2026, 1, 12)
        and initial.on_time is False
    )
    comprehensive = _due(case, "comprehensive-assessment")
    assert comprehensive.due_on == date(2026, 2, 11) and comprehensive.on_time is True
    plan = _due(case, "case-plan")
    assert plan.due_on == date(2026, 2, 12) and plan.done_on is None


def test_repeating_visits_fall_due_after_each_visit(cast, open_case):
    case = open_case(risk="medium", opened_on=date(2025, 9, 1))
    complete_assessments(
        cast.case_manager, case, initial_on=date(2025, 9, 2), comprehensive_on=date(2025, 9, 20)
    )
    approved_plan(cast.case_manager, cast.supervisor, case)
    start = timezone.localdate()
    visits = list(CaseDeadline.objects.filter(case=case, step__code="home-visit"))
    assert len(visits) == 1 and visits[0].due_on == start + timedelta(days=30)
    services.contact_record(
        actor=cast.case_manager, case=case, kind="home_visit", on=start, notes="All well."
    )
    visits = list(CaseDeadline.objects.filter(case=case, step__code="home-visit").order_by("occurrence"))
    assert [v.occurrence for v in visits] == [1, 2]
    assert visits[0].done_on == start and visits[1].due_on == start + timedelta(days=30)


def test_standards_are_data(open_case):
    StandardStep.objects.filter(code="initial-assessment").update(days_medium=5, working_days=False)
    case = open_case(risk="medium", opened_on=date(2026, 1, 9))
    assert _due(case, "initial-assessment").due_on == date(2026, 1, 14)


def test_inactive_step_has_no_deadline(open_case):
    StandardStep.objects.filter(code="initial-assessment").update(active=False)
    case = open_case(opened_on=date(2026, 1, 9))
    assert not CaseDeadline.objects.filter(case=case, step__code="initial-assessment").exists()


def test_deadline_status_labels():
    step = StandardStep(code="x", days_high=1, days_medium=1, days_low=1, anchor="opened", done_by="opened")
    today = date(2026, 5, 10)
    assert clock.Deadline(step, 1, date(2026, 5, 9), None).status(today) == "overdue"
    assert clock.Deadline(step, 1, date(2026, 5, 12), None).status(today) == "due_soon"
    assert clock.Deadline(step, 1, date(2026, 6, 12), None).status(today) == "due"
    assert clock.Deadline(step, 1, date(2026, 5, 9), date(2026, 5, 9)).status(today) == "on_time"
    assert clock.Deadline(step, 1, date(2026, 5, 9), date(2026, 5, 10)).status(today) == "late"
