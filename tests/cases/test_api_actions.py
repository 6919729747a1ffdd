"""The case's actions through the JSON API: risk, transfer, closure and its decision, reopening, tasks.

Each endpoint calls the service the case page calls, through the same door: the service's refusals answer 400
(with the field) or 403, a case outside the caller's scope 404, a request without a user 401, and a refused
request changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from careforce.cases import services
from careforce.cases.models import Case, CaseEvent, CaseStatus, Task, Transfer
from careforce.core.models import AuditAction, AuditEntry
from tests.cases.conftest import approved_plan, complete_assessments

TODAY = timezone.localdate()
D = date.fromisoformat


def post(client, url, body=None):
    if body is None:  # no body at all, as a script calling an action without input sends it
        return client.post(url, content_type="application/json")
    return client.post(url, body, content_type="application/json")


def changes_of(case) -> list[tuple[str, str]]:
    """The audited writes on the case (reads are audited too, and are not changes)."""
    return list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .exclude(action=AuditAction.VIEW)
        .order_by("id")
        .values_list("actor__username", "summary")
    )


def state(case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.risk_level,
        case.case_manager_id,
        case.organisation_id,
        case.closed_on,
        case.version,
    )


def errors(response) -> dict:
    return response.json()["errors"]


def invalid_fields(response) -> set[str]:
    """The fields a 422 (the schema's refusal) names."""
    return {e["loc"][-1] for e in response.json()["errors"]}


@pytest.fixture
def ready_case(cast, case):
    """The case manager's case with everything the standards require before closure done."""
    complete_assessments(cast.case_manager, case, D("2026-01-06"), D("2026-01-20"))
    approved_plan(cast.case_manager, cast.supervisor, case)
    case.refresh_from_db()
    return case


@pytest.fixture
def closing_case(cast, ready_case):
    return services.case_request_closure(
        actor=cast.case_manager,
        case=ready_case,
        reason="goals_met",
        outcome="at_home",
        summary="Attends school.",
    )


@pytest.fixture
def closed_case(cast, closing_case):
    return services.case_approve_closure(actor=cast.supervisor, case=closing_case)


# --- Risk ------------------------------------------------------------------------------------------------------


def test_risk_changes_through_the_service(cast, client_for, case):
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{case.pk}/risk",
        {"risk_level": "high", "reason": "Father back home, drinking"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["risk_level"], body["status"], body["case_manager_id"]) == (
        case.pk,
        "high",
        "screening",
        cast.case_manager.pk,
    )
    case.refresh_from_db()
    assert case.risk_level == "high"
    assert case.events.filter(kind="risk_changed", note__contains="Father back home").exists()
    entry = AuditEntry.objects.get(object_id=str(case.pk), summary="risk level changed")
    assert entry.actor == cast.case_manager and entry.changes == {"risk_level": ["medium", "high"]}


def test_risk_bad_input_answers_with_the_reason_and_changes_nothing(cast, client_for, case):
    url, client = f"/api/v1/cases/{case.pk}/risk", client_for("case_manager")
    before, audited = state(case), changes_of(case)
    response = post(client, url, {"risk_level": "high", "reason": "   "})
    assert response.status_code == 400 and "Say why" in errors(response)["reason"][0]
    response = post(client, url, {"risk_level": "extreme", "reason": "x"})
    assert response.status_code == 422 and invalid_fields(response) == {"risk_level"}
    response = post(client, url, {"risk_level": "high"})
    assert response.status_code == 422 and invalid_fields(response) == {"reason"}
    response = post(client, url, {"risk_level": "high", "reason": "x" * 251})  # the page's form allows 250
    assert response.status_code == 422 and invalid_fields(response) == {"reason"}
    response = post(client, url, "not json")
    assert response.status_code == 400 and response.json()["detail"]
    assert state(case) == before and changes_of(case) == audited


def test_risk_of_a_closed_case_is_refused(cast, client_for, closed_case):
    before = state(closed_case)
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{closed_case.pk}/risk",
        {"risk_level": "high", "reason": "New report"},
    )
    assert response.status_code == 400 and "Reopen it first" in errors(response)["__all__"][0]
    assert state(closed_case) == before


# --- Transfer --------------------------------------------------------------------------------------------------


def test_transfer_through_the_service(cast, client_for, case):
    response = post(
        client_for("supervisor"),
        f"/api/v1/cases/{case.pk}/transfer",
        {"to_user": cast.assistant.pk, "reason": "Closer to the family"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["case_manager_id"] == cast.assistant.pk and body["organisation_id"] == cast.municipal.pk
    case.refresh_from_db()
    assert case.case_manager == cast.assistant
    transfer = Transfer.objects.get(case=case)
    assert (transfer.from_user, transfer.to_user, transfer.by) == (
        cast.case_manager,
        cast.assistant,
        cast.supervisor,
    )
    assert ("supervisor", "transferred") in changes_of(case)


def test_transfer_reaches_only_the_workers_the_caller_may_see(cast, client_for, case):
    url = f"/api/v1/cases/{case.pk}/transfer"
    # The supervisor sees her directorate and the people she supervises: not another directorate's worker, nor
    # one far away, nor an id nobody holds. Each is refused on the field, never a server error.
    for to_user in (cast.other_case_manager.pk, cast.far_case_manager.pk, 999999):
        response = post(client_for("supervisor"), url, {"to_user": to_user, "reason": "Moved"})
        assert response.status_code == 400, to_user
        assert "No such user" in errors(response)["to_user"][0]
    for to_user in (0, -3, 10**25):  # no key any database holds
        response = post(client_for("supervisor"), url, {"to_user": to_user, "reason": "Moved"})
        assert response.status_code == 422 and invalid_fields(response) == {"to_user"}
    assert not Transfer.objects.exists()
    # The regional manager sees the whole region: the same worker is hers to give the case to.
    response = post(client_for("regional"), url, {"to_user": cast.other_case_manager.pk, "reason": "Moved"})
    assert response.status_code == 200 and response.json()["case_manager_id"] == cast.other_case_manager.pk


def test_transfer_bad_input_answers_with_the_reason_and_changes_nothing(cast, client_for, case):
    url, client = f"/api/v1/cases/{case.pk}/transfer", client_for("supervisor")
    before, audited = state(case), changes_of(case)
    response = post(client, url, {"to_user": cast.case_manager.pk, "reason": "x"})
    assert response.status_code == 400 and "already with this worker" in errors(response)["to_user"][0]
    response = post(client, url, {"to_user": cast.supervisor.pk, "reason": "x"})  # not a case holder
    assert response.status_code == 400 and "active case manager" in errors(response)["to_user"][0]
    response = post(client, url, {"to_user": cast.assistant.pk, "reason": " "})
    assert response.status_code == 400 and "reason" in errors(response)
    response = post(client, url, {"reason": "x"})
    assert response.status_code == 422 and invalid_fields(response) == {"to_user"}
    assert state(case) == before and changes_of(case) == audited and not Transfer.objects.exists()


def test_a_case_manager_does_not_reassign_her_own_case(cast, client_for, case):
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{case.pk}/transfer",
        {"to_user": cast.assistant.pk, "reason": "x"},
    )
    assert response.status_code == 403 and "supervisor or manager" in response.json()["detail"]
    assert not Transfer.objects.exists()


# --- Closure: request, approve, return; reopening ---------------------------------------------------------------


def test_closure_is_requested_through_the_service(cast, client_for, ready_case):
    case = ready_case
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{case.pk}/closure",
        {"reason": "goals_met", "outcome": "at_home", "summary": "Attends school, family stable."},
    )
    assert response.status_code == 200 and response.json()["status"] == "closure_requested"
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closure_outcome, case.closure_note) == (
        CaseStatus.CLOSURE_REQUESTED,
        "goals_met",
        "at_home",
        "Attends school, family stable.",
    )
    assert ("casemanager", "closure requested") in changes_of(case)


def test_closure_bad_input_answers_with_the_reason_and_changes_nothing(cast, client_for, case, ready_case):
    url, client = f"/api/v1/cases/{case.pk}/closure", client_for("case_manager")
    good = {"reason": "goals_met", "outcome": "at_home", "summary": "Done."}
    before, audited = state(case), changes_of(case)
    response = post(client, url, {**good, "summary": "  "})
    assert response.status_code == 400 and "summary" in errors(response)
    response = post(client, url, {**good, "reason": "bored", "outcome": "abroad"})
    assert response.status_code == 422 and invalid_fields(response) == {"reason", "outcome"}
    response = post(client, url, {"reason": "goals_met"})
    assert response.status_code == 422 and invalid_fields(response) == {"outcome", "summary"}
    assert state(case) == before and changes_of(case) == audited
    # Asked twice: the second request is refused, the first one stands.
    assert post(client, url, good).status_code == 200
    response = post(client, url, {**good, "summary": "Again."})
    assert response.status_code == 400 and "already awaiting approval" in errors(response)["__all__"][0]
    assert Case.objects.get(pk=case.pk).closure_note == "Done."


def test_closure_needs_the_steps_the_standards_require(cast, client_for, case):
    before = state(case)
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{case.pk}/closure",
        {"reason": "goals_met", "outcome": "at_home", "summary": "Done."},
    )
    assert response.status_code == 400 and "Initial assessment" in errors(response)["__all__"][0]
    assert state(case) == before


def test_closure_is_approved_by_the_supervisor(cast, client_for, closing_case):
    case = closing_case
    url = f"/api/v1/cases/{case.pk}/closure/approve"
    # The case manager does not approve her own request.
    response = post(client_for("case_manager"), url)
    assert response.status_code == 403 and "supervisor" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSURE_REQUESTED
    response = post(client_for("supervisor"), url)  # no body at all
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closed_on"]) == ("closed", TODAY.isoformat())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == TODAY and case.next_due_on is None
    assert ("supervisor", "closed") in changes_of(case)
    # Nothing awaits approval any more.
    response = post(client_for("supervisor"), url, {})
    assert (
        response.status_code == 400 and "after the case manager requests it" in errors(response)["__all__"][0]
    )


def test_approval_without_a_request_is_refused(cast, client_for, case):
    before, audited = state(case), changes_of(case)
    response = post(client_for("supervisor"), f"/api/v1/cases/{case.pk}/closure/approve", {})
    assert response.status_code == 400 and "requests it" in errors(response)["__all__"][0]
    assert state(case) == before and changes_of(case) == audited


def test_closure_is_returned_with_a_comment(cast, client_for, closing_case):
    case = closing_case
    url, client = f"/api/v1/cases/{case.pk}/closure/return", client_for("supervisor")
    before, audited = state(case), changes_of(case)
    response = post(client, url, {"comment": "  "})
    assert response.status_code == 400 and "what is missing" in errors(response)["comment"][0]
    response = post(client, url, {})
    assert response.status_code == 422 and invalid_fields(response) == {"comment"}
    response = post(client_for("case_manager"), url, {"comment": "Fine by me"})
    assert response.status_code == 403
    assert state(case) == before and changes_of(case) == audited
    response = post(client, url, {"comment": "One more visit first."})
    assert response.status_code == 200 and response.json()["status"] == "implementation"
    assert case.events.filter(kind="closure_returned", note="One more visit first.").exists()
    assert ("supervisor", "closure returned") in changes_of(case)
    response = post(client, url, {"comment": "Again"})
    assert response.status_code == 400 and "no closure request" in errors(response)["__all__"][0]


def test_a_closed_case_is_reopened_with_a_reason(cast, client_for, closed_case):
    case = closed_case
    url, client = f"/api/v1/cases/{case.pk}/reopen", client_for("case_manager")
    before, audited = state(case), changes_of(case)
    response = post(client, url, {"reason": " "})
    assert response.status_code == 400 and "reopened" in errors(response)["reason"][0]
    response = post(client, url, {"reason": "x" * 251})
    assert response.status_code == 422 and invalid_fields(response) == {"reason"}
    assert state(case) == before and changes_of(case) == audited
    response = post(client, url, {"reason": "New report from school"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closed_on"]) == ("screening", None)
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING and case.next_due_step == "initial-assessment"
    assert ("casemanager", "reopened") in changes_of(case)
    response = post(client, url, {"reason": "Again"})
    assert response.status_code == 400 and "The case is open." in errors(response)["__all__"][0]


# --- Tasks -----------------------------------------------------------------------------------------------------


def test_a_task_is_added_through_the_service(cast, client_for, case):
    url, client = f"/api/v1/cases/{case.pk}/tasks", client_for("case_manager")
    due = (TODAY + timedelta(days=7)).isoformat()  # a task falls due ahead: a date to come is its point
    response = post(client, url, {"title": " Call the school ", "due_on": due})
    assert response.status_code == 201
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.case, task.title, task.assigned_to, task.created_by) == (
        case,
        "Call the school",
        cast.case_manager,
        cast.case_manager,
    )
    assert AuditEntry.objects.filter(object_id=str(case.pk), summary="task added", action="create").exists()
    # Given to a colleague she may see.
    response = post(client, url, {"title": "Sign the plan", "due_on": due, "assigned_to": cast.supervisor.pk})
    assert (
        response.status_code == 201
        and Task.objects.get(pk=response.json()["id"]).assigned_to == cast.supervisor
    )


def test_task_bad_input_answers_with_the_reason_and_creates_nothing(cast, client_for, case):
    url, client = f"/api/v1/cases/{case.pk}/tasks", client_for("case_manager")
    good = {"title": "Call the school", "due_on": TODAY.isoformat()}
    audited = changes_of(case)
    response = post(client, url, {**good, "due_on": "2025-12-31"})  # the case opened on 2026-01-05
    assert response.status_code == 400 and "before the case was opened" in errors(response)["due_on"][0]
    response = post(client, url, {**good, "title": "  "})
    assert response.status_code == 400 and "title" in errors(response)
    response = post(client, url, {**good, "title": "x" * 201, "due_on": "soon"})
    assert response.status_code == 422 and invalid_fields(response) == {"title", "due_on"}
    # A user she may not see (another organisation's, one far away, nobody) is refused on the field.
    for user_id in (cast.assistant.pk, cast.far_case_manager.pk, 999999):
        response = post(client, url, {**good, "assigned_to": user_id})
        assert response.status_code == 400 and "No such user" in errors(response)["assigned_to"][0], user_id
    response = post(client, url, {**good, "assigned_to": 10**25})
    assert response.status_code == 422 and invalid_fields(response) == {"assigned_to"}
    assert not Task.objects.exists() and changes_of(case) == audited


def test_no_task_on_a_closed_case(cast, client_for, closed_case):
    response = post(
        client_for("case_manager"),
        f"/api/v1/cases/{closed_case.pk}/tasks",
        {"title": "Call", "due_on": TODAY.isoformat()},
    )
    assert response.status_code == 400 and "Reopen it first" in errors(response)["__all__"][0]
    assert not Task.objects.exists()


def test_a_task_is_done_through_the_service(cast, client_for, case):
    client = client_for("case_manager")
    first = services.task_add(actor=cast.case_manager, case=case, title="Call the school", due_on=TODAY)
    second = services.task_add(actor=cast.case_manager, case=case, title="Visit", due_on=TODAY)
    response = post(client, f"/api/v1/cases/{case.pk}/tasks/{first.pk}/done")  # no body: done today
    assert response.status_code == 200
    assert response.json() == {
        "id": first.pk,
        "case_id": case.pk,
        "title": "Call the school",
        "due_on": TODAY.isoformat(),
        "assigned_to_id": cast.case_manager.pk,
        "done_on": TODAY.isoformat(),
    }
    response = post(client, f"/api/v1/cases/{case.pk}/tasks/{second.pk}/done", {"done_on": "2026-02-01"})
    assert response.status_code == 200 and response.json()["done_on"] == "2026-02-01"
    assert Task.objects.get(pk=second.pk).done_on == D("2026-02-01")
    assert (
        AuditEntry.objects.filter(
            object_id=str(case.pk), summary="task done", actor=cast.case_manager
        ).count()
        == 2
    )


def test_task_done_dates_lie_between_the_opening_and_today(cast, client_for, case):
    task = services.task_add(actor=cast.case_manager, case=case, title="Call the school", due_on=TODAY)
    url, client = f"/api/v1/cases/{case.pk}/tasks/{task.pk}/done", client_for("case_manager")
    audited = changes_of(case)
    response = post(client, url, {"done_on": (TODAY + timedelta(days=1)).isoformat()})
    assert response.status_code == 400 and "in the future" in errors(response)["done_on"][0]
    response = post(client, url, {"done_on": "2026-01-04"})  # the day before the case opened
    assert response.status_code == 400 and "before the case was opened" in errors(response)["done_on"][0]
    response = post(client, url, {"done_on": "yesterday"})
    assert response.status_code == 422 and invalid_fields(response) == {"done_on"}
    assert Task.objects.get(pk=task.pk).done_on is None and changes_of(case) == audited


def test_a_task_is_found_only_through_its_own_case(cast, client_for, case, open_case, make_child):
    other = open_case(child=make_child(given="Ana"))  # hers too
    task = services.task_add(actor=cast.case_manager, case=other, title="Call", due_on=TODAY)
    client = client_for("case_manager")
    assert post(client, f"/api/v1/cases/{case.pk}/tasks/{task.pk}/done").status_code == 404
    assert post(client, f"/api/v1/cases/{case.pk}/tasks/999999/done").status_code == 404
    assert Task.objects.get(pk=task.pk).done_on is None


# --- Who may: the same answers from every endpoint --------------------------------------------------------------

OPEN_CASE_ACTIONS = {
    "risk": ("risk", {"risk_level": "high", "reason": "x"}),
    "transfer": ("transfer", {"reason": "x"}),  # to the assistant, whom the supervisor may give it
    "closure": ("closure", {"reason": "goals_met", "outcome": "at_home", "summary": "x"}),
    "approve": ("closure/approve", None),
    "return": ("closure/return", {"comment": "x"}),
    "reopen": ("reopen", {"reason": "x"}),
    "task": ("tasks", {"title": "x", "due_on": TODAY.isoformat()}),
    "done": ("tasks/{task}/done", {}),
}
# The case is the case manager's, with the volunteer attached to it: she sees it but changes nothing through these
# actions. Trainers and analysts reach no case (403, as for the tray); whoever may not see the case learns
# nothing of it (404), and a request without a user is asked to sign in (401). Only supervisors and managers
# reassign, and only the supervisor decides on closure: the case manager is refused by the service (403).
DENIED = [
    *[
        (action, persona, status)
        for action in OPEN_CASE_ACTIONS
        for persona, status in [
            ("anonymous", 401),
            ("trainer", 403),
            ("analyst", 403),
            ("volunteer", 403),
            ("assistant", 404),
            ("other_case_manager", 404),
            ("far_case_manager", 404),
        ]
    ],
    ("transfer", "case_manager", 403),
    ("approve", "case_manager", 403),
    ("return", "case_manager", 403),
]


@pytest.mark.parametrize(("action", "persona", "status"), DENIED)
def test_who_may_not_act_on_the_case_changes_nothing(action, persona, status, cast, client_for, case):
    case.volunteers.add(cast.volunteer)
    task = services.task_add(actor=cast.case_manager, case=case, title="Call", due_on=TODAY)
    path, body = OPEN_CASE_ACTIONS[action]
    if action == "transfer":
        body = {**body, "to_user": cast.assistant.pk}
    before, audited = state(case), changes_of(case)
    events = CaseEvent.objects.filter(case=case).count()
    response = post(client_for(persona), f"/api/v1/cases/{case.pk}/" + path.format(task=task.pk), body)
    assert response.status_code == status, f"{persona} {action}: {response.status_code} {response.content!r}"
    assert response.json()["detail"]
    assert state(case) == before and changes_of(case) == audited
    assert CaseEvent.objects.filter(case=case).count() == events
    assert list(Task.objects.values_list("pk", "done_on")) == [(task.pk, None)]


def test_who_may_not_add_tasks_learns_that_not_whom_she_may_see(cast, client_for, case):
    case.volunteers.add(cast.volunteer)
    for assigned_to in (cast.far_case_manager.pk, cast.assistant.pk, 999999):
        response = post(
            client_for("volunteer"),
            f"/api/v1/cases/{case.pk}/tasks",
            {"title": "x", "due_on": TODAY.isoformat(), "assigned_to": assigned_to},
        )
        assert response.status_code == 403 and "may not change this case" in response.json()["detail"]
    assert not Task.objects.exists()


def test_the_supervisor_and_managers_act_on_her_workers_cases(cast, client_for, case):
    for persona, risk in [("supervisor", "high"), ("regional", "low"), ("admin", "medium")]:
        response = post(
            client_for(persona), f"/api/v1/cases/{case.pk}/risk", {"risk_level": risk, "reason": "x"}
        )
        assert response.status_code == 200 and response.json()["risk_level"] == risk, persona
    assert [s for _u, s in changes_of(case)].count("risk level changed") == 3
