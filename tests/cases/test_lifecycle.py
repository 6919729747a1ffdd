"""Every transition of the case lifecycle, and the bad inputs that must change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careforce.cases import services
from careforce.cases.models import Case, CaseEvent, CaseStatus, Plan, PlanStatus
from careforce.core.models import AuditEntry
from careforce.people.models import Person
from tests.cases.conftest import approved_plan, complete_assessments

TODAY = timezone.localdate()


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_open_case_from_a_concern(cast, case):
    assert case.status == CaseStatus.SCREENING and case.case_manager == cast.case_manager
    assert case.organisation == cast.directorate and case.area == cast.locality
    assert case.concerns.get().reporter_kind == "school"
    assert kinds(case) == ["opened"]
    assert AuditEntry.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action="create"
    ).exists()


def test_child_sees_through_the_case(cast, case):
    # Her supervisor sees the child because she sees the case.
    assert Person.objects.visible_to(cast.supervisor).filter(pk=case.child_id).exists()
    assert not Person.objects.visible_to(cast.other_case_manager).filter(pk=case.child_id).exists()


def test_one_open_case_per_child(cast, case, open_case):
    with pytest.raises(ValidationError):
        open_case(child=case.child)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opened_on", TODAY + timedelta(days=1), "future"),
        ("reported_on", TODAY + timedelta(days=2), "after the case was opened"),
        ("description", "  ", "Describe"),
    ],
)
def test_bad_opening_changes_nothing(cast, make_child, field, value, message):
    data = dict(
        actor=cast.case_manager,
        child=make_child(),
        risk_level="high",
        case_type="protection",
        reported_on=TODAY,
        reporter_kind="police",
        description="Found alone at night.",
        opened_on=TODAY,
    )
    data[field] = value
    with pytest.raises(ValidationError) as exc:
        services.case_open(**data)
    assert message in str(exc.value)
    assert not Case.objects.exists()


def test_concern_before_birth_is_refused(cast, make_child):
    with pytest.raises(ValidationError):
        services.case_open(
            actor=cast.case_manager,
            child=make_child(birth="2020-01-01"),
            risk_level="low",
            case_type="prevention",
            reported_on=date(2019, 5, 1),
            reporter_kind="family",
            description="x",
            opened_on=TODAY,
        )


def test_volunteer_concern_goes_to_her_assistant(cast, make_child):
    child = make_child(by=cast.volunteer)
    case = services.case_open(
        actor=cast.volunteer,
        child=child,
        risk_level="medium",
        case_type="prevention",
        reported_on=TODAY,
        reporter_kind="volunteer",
        description="Parents left abroad.",
    )
    assert case.case_manager == cast.assistant and list(case.volunteers.all()) == [cast.volunteer]
    assert Case.objects.visible_to(cast.volunteer).filter(pk=case.pk).exists()
    assert not Case.objects.changeable_by(cast.volunteer).filter(pk=case.pk).exists()


def test_trainers_and_analysts_do_not_open_cases(cast, make_child):
    for who in (cast.trainer, cast.analyst):
        with pytest.raises(PermissionDenied):
            services.case_open(
                actor=who,
                child=make_child(by=cast.case_manager),
                risk_level="low",
                case_type="protection",
                reported_on=TODAY,
                reporter_kind="other",
                description="x",
            )


def test_assessment_order_and_completeness(cast, case):
    with pytest.raises(ValidationError):
        services.assessment_start(actor=cast.case_manager, case=case, kind="comprehensive")
    a = services.assessment_start(
        actor=cast.case_manager, case=case, kind="initial", started_on=date(2026, 1, 5)
    )
    with pytest.raises(ValidationError):
        services.assessment_complete(actor=cast.case_manager, assessment=a, completed_on=date(2026, 1, 6))
    a = services.assessment_save(
        actor=cast.case_manager, assessment=a, version=a.version, data={"needs": "Food."}
    )
    with pytest.raises(ValidationError):  # before the case was opened
        services.assessment_complete(actor=cast.case_manager, assessment=a, completed_on=date(2025, 12, 1))
    services.assessment_complete(actor=cast.case_manager, assessment=a, completed_on=date(2026, 1, 6))
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    c = services.assessment_start(actor=cast.case_manager, case=case, kind="comprehensive")
    with pytest.raises(ValidationError) as exc:  # strengths and protective factors are required
        services.assessment_complete(actor=cast.case_manager, assessment=c, completed_on=TODAY)
    assert "strengths" in str(exc.value) and "protective" in str(exc.value)


def test_scores_outside_the_scale_are_refused(cast, case):
    a = services.assessment_start(
        actor=cast.case_manager, case=case, kind="initial", started_on=date(2026, 1, 5)
    )
    a = services.assessment_save(
        actor=cast.case_manager, assessment=a, version=a.version, data={"needs": "x"}
    )
    services.assessment_complete(actor=cast.case_manager, assessment=a, completed_on=date(2026, 1, 5))
    c = services.assessment_start(actor=cast.case_manager, case=case, kind="comprehensive")
    q = c.instrument.domains.first().questions.first()
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=cast.case_manager, assessment=c, version=c.version, data={}, scores={q.pk: (9, "")}
        )
    assert not c.answers.exists()


def test_second_editor_of_an_assessment_is_told(cast, case):
    a = services.assessment_start(
        actor=cast.case_manager, case=case, kind="initial", started_on=date(2026, 1, 5)
    )
    v = a.version
    services.assessment_save(
        actor=cast.case_manager, assessment=a, version=v, data={"needs": "Food and heating."}
    )
    with pytest.raises(services.EditConflict) as exc:
        services.assessment_save(actor=cast.supervisor, assessment=a, version=v, data={"needs": "Food."})
    assert exc.value.changed == {"needs": ["Food.", "Food and heating."]}
    a.refresh_from_db()
    assert a.needs == "Food and heating."


def test_plan_needs_the_views_and_a_supervisor(cast, case):
    complete_assessments(cast.case_manager, case, date(2026, 1, 6), date(2026, 1, 20))
    plan = services.plan_create(actor=cast.case_manager, case=case)
    goal = services.goal_add(actor=cast.case_manager, plan=plan, text="Safe home")
    services.action_add(
        actor=cast.case_manager,
        goal=goal,
        text="Repair the stove",
        due_on=date(2026, 3, 1),
        responsible_organisation=cast.municipal,
    )
    with pytest.raises(ValidationError) as exc:
        services.plan_submit(actor=cast.case_manager, plan=plan)
    assert "child's view" in str(exc.value) and "parents' view" in str(exc.value)
    plan = services.plan_update(
        actor=cast.case_manager,
        plan=plan,
        version=plan.version,
        data={"child_view": "I like school.", "parents_view": "We agree."},
    )
    services.plan_submit(actor=cast.case_manager, plan=plan)
    with pytest.raises(PermissionDenied):  # a case manager does not approve her own plan
        services.plan_approve(actor=cast.case_manager, plan=plan)
    with pytest.raises(PermissionDenied):  # nor does another organisation's supervisor line
        services.plan_approve(actor=cast.other_case_manager, plan=plan)
    services.plan_return(actor=cast.supervisor, plan=plan, comment="Add who pays for the stove.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    plan = services.plan_update(
        actor=cast.case_manager, plan=plan, version=plan.version, data={"safety_notes": "—"}
    )
    services.plan_submit(actor=cast.case_manager, plan=plan)
    services.plan_approve(actor=cast.supervisor, plan=plan)
    case.refresh_from_db()
    assert case.status == CaseStatus.IMPLEMENTATION
    assert kinds(case)[-4:] == ["plan_submitted", "plan_returned", "plan_submitted", "plan_approved"]


def test_return_without_comment_is_refused(cast, case):
    complete_assessments(cast.case_manager, case, date(2026, 1, 6), date(2026, 1, 20))
    plan = services.plan_create(actor=cast.case_manager, case=case)
    with pytest.raises(ValidationError):
        services.plan_return(actor=cast.supervisor, plan=plan, comment="fine")  # not submitted


def test_young_child_view_may_be_excused_with_a_reason(cast, open_case, make_child):
    baby = make_child(given="Maria", birth=(TODAY - timedelta(days=400)).isoformat())
    case = open_case(child=baby)
    complete_assessments(cast.case_manager, case, date(2026, 1, 6), date(2026, 1, 20))
    plan = services.plan_create(actor=cast.case_manager, case=case)
    plan = services.plan_update(
        actor=cast.case_manager,
        plan=plan,
        version=plan.version,
        data={
            "child_view_not_obtained": "Aged one: observed with her mother.",
            "parents_view": "Mother agrees.",
        },
    )
    goal = services.goal_add(actor=cast.case_manager, plan=plan, text="Vaccinations")
    services.action_add(
        actor=cast.case_manager, goal=goal, text="Clinic", due_on=date(2026, 2, 1), responsible_other="mother"
    )
    services.plan_submit(actor=cast.case_manager, plan=Plan.objects.get(pk=plan.pk))


def test_review_then_new_plan_carries_open_actions(cast, case):
    complete_assessments(cast.case_manager, case, date(2026, 1, 6), date(2026, 1, 20))
    approved_plan(cast.case_manager, cast.supervisor, case)
    review = services.assessment_start(actor=cast.case_manager, case=case, kind="review")
    assert review.instrument is not None
    second = services.plan_create(actor=cast.case_manager, case=case)
    assert second.number == 2 and second.goals.get().actions.count() == 1


def test_visit_dates_are_checked(cast, case):
    with pytest.raises(ValidationError):
        services.contact_record(
            actor=cast.case_manager, case=case, kind="home_visit", on=date(2025, 1, 1), notes="x"
        )
    with pytest.raises(ValidationError):
        services.contact_record(actor=cast.case_manager, case=case, kind="home_visit", on=TODAY, notes="")
    with pytest.raises(PermissionDenied):
        services.contact_record(actor=cast.other_case_manager, case=case, kind="phone", on=TODAY, notes="x")


def test_transfer_with_reason(cast, case):
    with pytest.raises(PermissionDenied):
        services.case_transfer(
            actor=cast.case_manager, case=case, to_user=cast.other_case_manager, reason="x"
        )
    with pytest.raises(ValidationError):
        services.case_transfer(actor=cast.regional, case=case, to_user=cast.other_case_manager, reason=" ")
    services.case_transfer(
        actor=cast.regional, case=case, to_user=cast.other_case_manager, reason="Family moved"
    )
    case.refresh_from_db()
    assert case.case_manager == cast.other_case_manager and case.organisation == cast.other_directorate
    assert case.transfers.get().reason == "Family moved"
    assert Case.objects.visible_to(cast.other_case_manager).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(cast.case_manager).filter(pk=case.pk).exists()


def test_closure_needs_the_required_steps_and_approval(cast, case):
    with pytest.raises(ValidationError) as exc:
        services.case_request_closure(
            actor=cast.case_manager, case=case, reason="goals_met", outcome="at_home", summary="Done."
        )
    assert "Initial assessment" in str(exc.value)
    complete_assessments(cast.case_manager, case, date(2026, 1, 6), date(2026, 1, 20))
    approved_plan(cast.case_manager, cast.supervisor, case)
    services.case_request_closure(
        actor=cast.case_manager,
        case=case,
        reason="goals_met",
        outcome="at_home",
        summary="Attends school, family stable.",
    )
    with pytest.raises(PermissionDenied):  # closure without supervisor approval
        services.case_approve_closure(actor=cast.case_manager, case=case)
    services.case_return_closure(actor=cast.supervisor, case=case, comment="One more visit first.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IMPLEMENTATION
    services.case_request_closure(
        actor=cast.case_manager,
        case=case,
        reason="goals_met",
        outcome="at_home",
        summary="Visited; all well.",
    )
    services.case_approve_closure(actor=cast.supervisor, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == TODAY and case.next_due_on is None
    with pytest.raises(ValidationError):
        services.contact_record(actor=cast.case_manager, case=case, kind="phone", on=TODAY, notes="x")
    services.case_reopen(actor=cast.case_manager, case=case, reason="New report from school")
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING and case.next_due_step == "initial-assessment"
    assert case.next_due_on > TODAY - timedelta(days=1)


def test_tasks(cast, case):
    task = services.task_add(actor=cast.case_manager, case=case, title="Call the school", due_on=TODAY)
    services.task_done(actor=cast.case_manager, task=task)
    task.refresh_from_db()
    assert task.done_on == TODAY
    with pytest.raises(ValidationError):
        services.task_add(actor=cast.case_manager, case=case, title="x", due_on=date(2020, 1, 1))


def test_events_carry_the_case_area_and_the_actor_role(cast, open_case):
    """The recorded workload (cases.workload) reads them from the event alone."""
    case = open_case()
    event = case.events.get(kind="opened")
    assert event.area_id == case.area_id and event.actor_role == cast.case_manager.role


def test_migration_copies_area_and_role_onto_earlier_events(cast, open_case):
    import importlib

    from django.apps import apps

    from careforce.cases.models import CaseEvent

    migration = importlib.import_module("careforce.cases.migrations.0005_event_workload_copy")
    case = open_case()
    CaseEvent.objects.filter(case=case).update(area=None, actor_role="")
    migration.copy_area_and_role(apps, None)
    event = case.events.get(kind="opened")
    assert event.area_id == case.area_id and event.actor_role == "case_manager"
