from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from careforce.cases import services
from careforce.cases.models import Case, CaseStatus, Contact
from tests.cases.conftest import approved_plan, complete_assessments

TODAY = timezone.localdate()


def test_open_a_case_from_the_child_page(cast, client_for, make_child):
    child = make_child()
    client = client_for("case_manager")
    assert "Open a case" in client.get(f"/people/{child.pk}/").content.decode()
    form = {
        "risk_level": "high",
        "case_type": "protection",
        "reported_on": TODAY.isoformat(),
        "reporter_kind": "police",
        "description": "Found alone at night.",
    }
    bad = client.post(
        f"/cases/open/?child={child.pk}", {**form, "reported_on": (TODAY + timedelta(days=3)).isoformat()}
    )
    assert bad.status_code == 400 and not Case.objects.exists()
    response = client.post(f"/cases/open/?child={child.pk}", form)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Initial assessment" in page and "Found alone at night." in page


def test_tray_lists_the_most_urgent_first_without_per_row_queries(cast, client_for, open_case, make_child):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("case_manager")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get("/cases/")
        return len(ctx.captured_queries)

    for i in range(2):
        open_case(risk="low", child=make_child(given=f"A{i}"), opened_on=TODAY - timedelta(days=i))
    queries()  # warm-up: the step names are read once per process
    few = queries()
    for i in range(12):
        open_case(risk="low", child=make_child(given=f"C{i}"), opened_on=TODAY - timedelta(days=i))
    urgent = open_case(risk="high", child=make_child(given="Urgent"), opened_on=TODAY - timedelta(days=20))
    many = queries()
    assert many == few <= 12  # the same queries for 2 cases or 15: none per row
    response = client.get("/cases/")
    rows = list(response.context["page"].object_list)
    assert rows[0] == urgent and response.context["counts"]["overdue"] >= 1
    assert "days overdue" in response.content.decode()


def test_supervisor_sees_team_and_approvals(cast, client_for, case):
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    plan = services.plan_create(actor=cast.case_manager, case=case)
    plan = services.plan_update(
        actor=cast.case_manager,
        plan=plan,
        version=plan.version,
        data={"child_view": "Stay home.", "parents_view": "Agree."},
    )
    goal = services.goal_add(actor=cast.case_manager, plan=plan, text="School")
    services.action_add(
        actor=cast.case_manager, goal=goal, text="Talk to teacher", due_on=TODAY, responsible_other="mother"
    )
    services.plan_submit(actor=cast.case_manager, plan=plan)
    page = client_for("supervisor").get("/cases/")
    assert page.context["approvals"]["plans"] == [plan]
    response = client_for("supervisor").post(
        f"/cases/{case.pk}/plans/{plan.pk}/decision/", {"decision": "approve"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_plan_conflict_tells_the_second_editor(cast, client_for, case):
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    plan = services.plan_create(actor=cast.case_manager, case=case)
    url = f"/cases/{case.pk}/plans/{plan.pk}/"
    first, second = client_for("case_manager"), client_for("supervisor")
    assert first.post(url, {"version": plan.version, "parents_view": "Mother agrees."}).status_code == 302
    response = second.post(url, {"version": plan.version, "parents_view": "Father disagrees."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this plan" in html and "Mother agrees." in html
    plan.refresh_from_db()
    assert plan.parents_view == "Mother agrees."


def test_assessment_scores_are_saved_and_bad_scores_refused(cast, client_for, case):
    complete = complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    review = services.assessment_start(actor=cast.case_manager, case=case, kind="comprehensive")
    q = complete.instrument.domains.get(kind="protective").questions.first()
    url = f"/cases/{case.pk}/assessments/{review.pk}/"
    client = client_for("case_manager")
    base = {
        "version": review.version,
        "started_on": review.started_on.isoformat(),
        "strengths": "Grandmother.",
    }
    assert client.post(url, {**base, f"score_{q.pk}": "7"}).status_code == 400
    assert (
        client.post(url, {**base, f"score_{q.pk}": "4", f"note_{q.pk}": "Friends nearby"}).status_code == 302
    )
    assert review.answers.get(question=q).score == 4


def test_volunteer_records_a_visit_but_reads_no_narrative(cast, client_for, case):
    case.volunteers.add(cast.volunteer)
    services.contact_record(
        actor=cast.case_manager, case=case, kind="home_visit", on=TODAY, notes="Bruises on arm."
    )
    client = client_for("volunteer")
    response = client.post(
        f"/cases/{case.pk}/contacts/add/",
        {"kind": "home_visit", "on": TODAY.isoformat(), "child_seen": "on", "notes": "Brought firewood."},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Brought firewood." in page
    assert "Bruises on arm." not in page and "Often absent, hungry" not in page
    assert Contact.objects.filter(by=cast.volunteer).count() == 1


def test_closure_journey(cast, client_for, case):
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    approved_plan(cast.case_manager, cast.supervisor, case)
    form = {"reason": "goals_met", "outcome": "at_home", "summary": "Stable."}
    assert client_for("case_manager").post(f"/cases/{case.pk}/closure/", form).status_code == 302
    # The case manager cannot approve her own closure.
    client_for("case_manager").post(f"/cases/{case.pk}/closure/decision/", {"decision": "approve"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED
    client_for("supervisor").post(f"/cases/{case.pk}/closure/decision/", {"decision": "approve"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_closure_refused_when_steps_are_missing(cast, client_for, case):
    response = client_for("case_manager").post(
        f"/cases/{case.pk}/closure/", {"reason": "goals_met", "outcome": "at_home", "summary": "x"}
    )
    assert response.status_code == 400 and "require these steps" in response.content.decode()


def test_pdfs_in_the_users_language(cast, client_for, case):
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    plan = approved_plan(cast.case_manager, cast.supervisor, case)
    cast.case_manager.language = "ro"
    cast.case_manager.save()
    client = client_for("case_manager")
    for url in (f"/cases/{case.pk}/summary.pdf", f"/cases/{case.pk}/plans/{plan.pk}/plan.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_case_page_query_count_is_bounded(cast, client_for, case, django_assert_max_num_queries):
    # 40 for the case itself, plus the fixed cost of the sections other apps add (referrals 2, family
    # support 1, care setting 1, and room for one more); fifteen visits must not add any.
    for i in range(15):
        services.contact_record(actor=cast.case_manager, case=case, kind="phone", on=TODAY, notes=f"Call {i}")
    with django_assert_max_num_queries(45) as first:
        client_for("case_manager").get(f"/cases/{case.pk}/")
    for i in range(15):
        services.contact_record(actor=cast.case_manager, case=case, kind="home_visit", on=TODAY, notes=f"Visit {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client_for("case_manager").get(f"/cases/{case.pk}/")


def test_bad_dates_on_a_visit_change_nothing(cast, client_for, case):
    response = client_for("case_manager").post(
        f"/cases/{case.pk}/contacts/add/",
        {"kind": "home_visit", "on": date(2020, 1, 1).isoformat(), "notes": "x"},
    )
    assert response.status_code == 400 and "before the case was opened" in response.content.decode()
    assert not Contact.objects.exists()


def test_home_counts_the_decisions_waiting(cast, client_for, case):
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    approved_plan(cast.case_manager, cast.supervisor, case)
    services.case_request_closure(
        actor=cast.case_manager, case=case, reason="goals_met", outcome="at_home", summary="Stable."
    )
    html = client_for("supervisor").get("/").content.decode()
    assert '<p class="figure">1</p><p><a href="/cases/">waiting for your decision' in html
