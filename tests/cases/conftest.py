from __future__ import annotations

from datetime import date

import pytest

from careforce.cases import services
from careforce.cases.models import Question
from careforce.people.models import Person


@pytest.fixture
def make_child(cast):
    def make(given="Ion", family="Ceban", birth="2015-03-12", by=None, area=None):
        by = by or cast.case_manager
        return Person.objects.create(
            given_name=given,
            family_name=family,
            birth_date=date.fromisoformat(birth),
            sex="M",
            organisation=by.organisation,
            registered_by=by,
            area=area or cast.locality,
        )

    return make


@pytest.fixture
def open_case(cast, make_child):
    def make(risk="medium", opened_on=date(2026, 1, 5), by=None, child=None, **kw):
        by = by or cast.case_manager
        child = child or make_child(by=by)
        return services.case_open(
            actor=by,
            child=child,
            risk_level=risk,
            case_type="protection",
            reported_on=opened_on,
            reporter_kind="school",
            description="Often absent, hungry at school.",
            opened_on=opened_on,
            **kw,
        )

    return make


@pytest.fixture
def case(open_case):
    return open_case()


def complete_assessments(actor, case, initial_on: date, comprehensive_on: date):
    a = services.assessment_start(actor=actor, case=case, kind="initial", started_on=initial_on)
    a = services.assessment_save(
        actor=actor, assessment=a, version=a.version, data={"narrative": "Needs support."}
    )
    services.assessment_complete(actor=actor, assessment=a, completed_on=initial_on)
    c = services.assessment_start(actor=actor, case=case, kind="comprehensive", started_on=initial_on)
    scores = {q.pk: (3, "") for q in Question.objects.filter(domain__instrument=c.instrument)}
    c = services.assessment_save(
        actor=actor, assessment=c, version=c.version, data={"strengths": "Loving grandmother."}, scores=scores
    )
    services.assessment_complete(actor=actor, assessment=c, completed_on=comprehensive_on)
    return c


def approved_plan(actor, approver, case, child_view="I want to stay with grandma."):
    plan = services.plan_create(actor=actor, case=case)
    plan = services.plan_update(
        actor=actor,
        plan=plan,
        version=plan.version,
        data={"child_view": child_view, "parents_view": "We need help with school costs."},
    )
    goal = services.goal_add(actor=actor, plan=plan, text="Regular school attendance")
    services.action_add(
        actor=actor,
        goal=goal,
        text="Meet the form teacher",
        due_on=date(2026, 3, 1),
        responsible_other="the grandmother",
    )
    plan.refresh_from_db()
    services.plan_submit(actor=actor, plan=plan)
    return services.plan_approve(actor=approver, plan=plan)
