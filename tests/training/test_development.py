"""CPD records, compliance, competency assessments and the training needs analysis, on small known data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careforce.training import cpd, needs, services
from careforce.training.models import (
    AssessmentKind,
    Competency,
    CpdKind,
    CpdRecord,
    CpdRequirement,
)
from careforce.workforce.models import Cadre
from tests.workforce.factories import AssignmentFactory, WorkerFactory

ON = dt.date(2026, 6, 30)


def comp(code: str) -> Competency:
    return Competency.objects.get(code=code)


def add(worker, hours, on, actor, kind=CpdKind.WORKSHOP):
    return cpd.cpd_record_add(actor=actor, worker=worker, kind=kind, title="Seminar", done_on=on,
                              hours=Decimal(hours))


# --- The period --------------------------------------------------------------------------------------------


def test_period_start_counts_back_whole_months():
    assert cpd.period_start(dt.date(2026, 6, 30), 12) == dt.date(2025, 7, 1)
    assert cpd.period_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 3, 1)  # 28 Feb + 1 day
    assert cpd.period_start(dt.date(2024, 2, 29), 12) == dt.date(2023, 3, 1)
    assert cpd.period_start(dt.date(2026, 1, 15), 24) == dt.date(2024, 1, 16)


# --- Records from courses ------------------------------------------------------------------------------------


def test_attending_every_day_adds_a_cpd_record_and_absence_takes_it_away(training, cast):
    tot = training["tot"]  # two days, 16 hours
    parts = {p.worker_id: p for p in tot.participations.all()}
    p1, p2 = parts[training["t1"].pk], parts[training["t2"].pk]
    services.attendance_record(actor=cast.admin, session=tot, present={p1.pk: set(tot.days), p2.pk: {tot.starts_on}})
    record = CpdRecord.objects.get(worker=training["t1"])
    assert (record.kind, record.hours, record.done_on, record.participation_id) == (
        CpdKind.COURSE, Decimal(16), tot.ends_on, p1.pk
    )
    assert not CpdRecord.objects.filter(worker=training["t2"]).exists()  # one day of two
    services.attendance_record(actor=cast.admin, session=tot, present={p1.pk: {tot.starts_on}})
    assert not CpdRecord.objects.filter(participation__session=tot).exists()


def test_a_session_with_a_post_test_asks_for_a_post_score(training, cast):
    tot = training["tot"]
    parts = {p.worker_id: p for p in tot.participations.all()}
    p1, p2 = parts[training["t1"].pk], parts[training["t2"].pk]
    services.attendance_record(actor=cast.admin, session=tot, present={p1.pk: set(tot.days), p2.pk: set(tot.days)})
    assert CpdRecord.objects.filter(participation__session=tot).count() == 2
    services.scores_record(actor=cast.admin, session=tot, scores={p1.pk: {"pre_score": 5, "post_score": 15}})
    assert list(CpdRecord.objects.filter(participation__session=tot).values_list("worker", flat=True)) == [
        training["t1"].pk
    ]


def test_a_course_record_follows_the_course_and_cannot_be_removed_by_hand(training, cast):
    session = training["child"]
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    course = training["course"]
    services.course_save(actor=cast.admin, course=course, title=course.title, kind=course.kind, hours=Decimal(12),
                         cpd_credits=Decimal(2), test_max=20, trains_trainers=False, active=True, description="")
    record = CpdRecord.objects.get(participation=p)
    assert (record.hours, record.credits) == (Decimal(12), Decimal(2))
    with pytest.raises(ValidationError):
        cpd.cpd_record_delete(actor=cast.case_manager, record=record)
    assert CpdRecord.objects.filter(pk=record.pk).exists()


# --- Records by hand ------------------------------------------------------------------------------------------


def test_a_worker_records_her_own_cpd_and_a_colleague_may_not(training, cast):
    cm = training["cm"]
    record = add(cm, 6, dt.date(2026, 5, 2), cast.case_manager)
    assert record.created_by == cast.case_manager
    with pytest.raises(PermissionDenied):
        add(training["asst"], 2, dt.date(2026, 5, 2), cast.case_manager)
    cpd.cpd_record_delete(actor=cast.case_manager, record=record)
    assert not CpdRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(("hours", "on", "field"), [
    (0, dt.date(2026, 5, 2), "hours"),
    (6, dt.date(2099, 1, 1), "done_on"),
    (999, dt.date(2026, 5, 2), "hours"),
])
def test_bad_cpd_records_are_refused(training, cast, hours, on, field):
    with pytest.raises(ValidationError) as exc:
        add(training["cm"], hours, on, cast.case_manager)
    assert field in exc.value.message_dict
    assert not CpdRecord.objects.exists()


def test_the_page_refuses_a_bad_record_and_keeps_what_was_typed(training, cast, client_for):
    client = client_for("case_manager")
    url = f"/training/workers/{training['cm'].pk}/cpd/"
    response = client.post(url, {"kind": "workshop", "title": "Seminar", "done_on": "2026-05-02", "hours": "-3"})
    assert response.status_code == 400
    assert "Seminar" in response.content.decode()
    assert not CpdRecord.objects.exists()
    response = client.post(url, {"kind": "workshop", "title": "Seminar", "done_on": "2026-05-02", "hours": "3.5",
                                 "impact": "I listen to the child first."})
    assert response.status_code == 302
    assert CpdRecord.objects.get().impact == "I listen to the child first."


# --- Compliance ---------------------------------------------------------------------------------------------


def test_compliance_counts_the_period_and_pro_rates_newcomers(training, cast):
    CpdRequirement.objects.filter(cadre=Cadre.CASE_MANAGER).update(hours=40, period_months=12)
    cm = training["cm"]
    AssignmentFactory(worker=cm, start=dt.date(2020, 1, 1))
    add(cm, 30, dt.date(2026, 6, 30), cast.admin)  # the last day counts
    add(cm, 8, dt.date(2025, 7, 1), cast.admin)  # the first day counts
    add(cm, 20, dt.date(2025, 6, 30), cast.admin)  # the day before does not
    newcomer = WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER, family_name="Nou")
    AssignmentFactory(worker=newcomer, start=dt.date(2026, 1, 1))  # 181 of the period's 365 days
    add(newcomer, 20, dt.date(2026, 3, 1), cast.admin)

    result = cpd.compliance(cast.supervisor, on=ON, cadre=Cadre.CASE_MANAGER)
    rows = {r.worker.pk: r for r in result.rows}
    assert (rows[cm.pk].hours, rows[cm.pk].required, rows[cm.pk].complies, rows[cm.pk].missing) == (
        Decimal(38), Decimal(40), False, Decimal(2)
    )
    assert rows[newcomer.pk].required == Decimal("19.8")  # 40 × 181 / 365
    assert rows[newcomer.pk].complies is True
    assert (result.overall.complying, result.overall.total) == (1, 2)
    assert result.rows[0].worker == cm  # the furthest below first
    # Out of scope: the far directorate's case manager is not the supervisor's to weigh.
    assert training["far_worker"].pk not in rows


def test_compliance_by_area_for_the_regional_manager(training, cast):
    result = cpd.compliance(cast.regional, on=ON, area=cast.region)
    names = {a.code for a, _s in result.by_area}
    assert names <= {cast.district.code, cast.other_district.code}
    assert cast.district.code in names
    assert all(w.worker.area.path.startswith(cast.region.path) for w in result.rows)


def test_compliance_reads_a_constant_number_of_queries(training, cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            cpd.compliance(cast.admin, on=ON, area=cast.country)
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        w = WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER)
        add(w, i + 1, dt.date(2026, 5, 1), cast.admin)
    assert count() == before


# --- Assessments and the needs analysis --------------------------------------------------------------------


def test_self_and_supervisor_assessments_and_who_may_assess(training, cast):
    cm = training["cm"]
    a = needs.assessment_record(actor=cast.case_manager, worker=cm, ratings={comp("case-management-assessment").pk: 3})
    assert a.kind == AssessmentKind.SELF
    b = needs.assessment_record(actor=cast.supervisor, worker=cm, ratings={comp("case-management-assessment").pk: 2})
    assert b.kind == AssessmentKind.SUPERVISOR
    with pytest.raises(PermissionDenied):
        needs.assessment_record(actor=cast.trainer, worker=cm, ratings={comp("case-management-assessment").pk: 2})


@pytest.mark.parametrize("ratings", [{}, {"group": 2}, {"assessment": 5}, {"assessment": 0}])
def test_bad_assessments_are_refused(training, cast, ratings):
    ids = {"group": comp("case-management").pk, "assessment": comp("case-management-assessment").pk}
    with pytest.raises(ValidationError):
        needs.assessment_record(actor=cast.supervisor, worker=training["cm"],
                                ratings={ids[k]: v for k, v in ratings.items()})
    assert not needs.assessments(cast.admin).exists()


def test_the_supervisors_rating_outranks_a_later_self_rating(training, cast):
    cm, c = training["cm"], comp("case-management-assessment")
    needs.assessment_record(actor=cast.supervisor, worker=cm, ratings={c.pk: 2}, assessed_on=dt.date(2026, 1, 1))
    needs.assessment_record(actor=cast.case_manager, worker=cm, ratings={c.pk: 4}, assessed_on=dt.date(2026, 2, 1))
    assert needs.assessed_levels([cm.pk])[(cm.pk, c.pk)] == (2, AssessmentKind.SUPERVISOR)
    needs.assessment_record(actor=cast.supervisor, worker=cm, ratings={c.pk: 3}, assessed_on=dt.date(2026, 3, 1))
    assert needs.assessed_levels([cm.pk])[(cm.pk, c.pk)] == (3, AssessmentKind.SUPERVISOR)
    profile = {r["competency"].code: r for r in needs.worker_profile(cm)}
    row = profile["case-management-assessment"]
    assert (row["required"], row["self"], row["supervisor"], row["gap"]) == (3, 4, 3, 0)


def test_needs_analysis_counts_gaps_by_competency_and_lists_courses_not_taken(training, cast):
    c_assess, c_plan = comp("case-management-assessment"), comp("case-management-planning")  # 3 for case managers
    course = training["course"]  # cm took part in it
    course.competencies.set([c_assess])
    other = services.course_save(actor=cast.admin, title="Planning with families", kind="continuing",
                                 hours=Decimal(8), cpd_credits=Decimal(1), test_max=20, trains_trainers=False,
                                 active=True, description="", competencies=[c_assess, c_plan])
    cm = training["cm"]
    colleague = WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER, family_name="Colega")
    WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER, family_name="Neevaluat")
    needs.assessment_record(actor=cast.supervisor, worker=cm, ratings={c_assess.pk: 1, c_plan.pk: 3})
    needs.assessment_record(actor=cast.supervisor, worker=colleague, ratings={c_assess.pk: 3, c_plan.pk: 2})

    result = needs.needs_analysis(cast.supervisor, cadre=Cadre.CASE_MANAGER)
    rows = {r.competency.code: r for r in result.rows}
    a = rows["case-management-assessment"]
    assert (a.required, a.workers, a.assessed, a.with_gap, a.gap_total) == (3, 3, 2, 1, 2)
    assert a.gap_percent == 50.0
    assert (rows["case-management-planning"].with_gap, rows["case-management-planning"].mean_level) == (1, 2.5)
    assert (result.worker_count, result.assessed_count) == (3, 2)
    who = {n.worker.pk: n for n in result.workers}
    assert [c.pk for c in who[cm.pk].courses] == [other.pk]  # the course she already took is not offered
    assert [g[0].code for g in who[cm.pk].gaps] == ["case-management-assessment"]
    assert {c.pk for c in who[colleague.pk].courses} == {other.pk}


def test_trainers_and_analysts_read_the_figures_without_names(training, cast):
    needs.assessment_record(actor=cast.supervisor, worker=training["cm"],
                            ratings={comp("case-management-assessment").pk: 1})
    for user in (cast.trainer, cast.analyst):
        result = needs.needs_analysis(user, area=cast.country)
        assert result.names is False and result.workers == []
        assert any(r.with_gap for r in result.rows)
    assert needs.needs_analysis(cast.case_manager).worker_count == 0


def test_needs_analysis_reads_a_constant_number_of_queries(training, cast):
    c = comp("case-management-assessment")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            needs.needs_analysis(cast.admin, area=cast.country)
        return len(ctx.captured_queries)

    needs.assessment_record(actor=cast.admin, worker=training["cm"], ratings={c.pk: 1})
    before = count()
    for _i in range(5):
        w = WorkerFactory(organisation=cast.directorate, cadre=Cadre.CASE_MANAGER)
        needs.assessment_record(actor=cast.admin, worker=w, ratings={c.pk: 2})
    assert count() == before


def test_the_assessment_page_records_and_refuses_an_empty_one(training, cast, client_for):
    client = client_for("supervisor")
    url = f"/training/workers/{training['cm'].pk}/assess/"
    c = comp("case-management-assessment")
    assert client.post(url, {"assessed_on": "2026-05-02"}).status_code == 400
    assert not needs.assessments(cast.admin).exists()
    response = client.post(url, {"assessed_on": "2026-05-02", f"level_{c.pk}": "2"})
    assert response.status_code == 302
    page = client.get(f"/training/workers/{training['cm'].pk}/").content.decode()
    assert "Supervisor&#x27;s assessment" in page or "Supervisor's assessment" in page


# --- Impact of a course ---------------------------------------------------------------------------------------


def _deadlines(case, rows):
    from careforce.cases.models import CaseDeadline, StandardStep

    CaseDeadline.objects.filter(case=case).delete()
    step = StandardStep.objects.first()
    for i, (due, done) in enumerate(rows, start=1):
        CaseDeadline.objects.create(case=case, step=step, occurrence=i, due_on=due, done_on=done)


def test_impact_compares_the_trained_with_the_others_before_and_after(training, cast):
    from careforce.cases.models import Plan
    from careforce.training import impact
    from tests.training.conftest import open_case_for

    session = training["child"]  # the course, on 2 March 2026: the case manager completes it, the assistant not
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    d = dt.date
    mine = open_case_for(cast.case_manager, cast.locality)
    _deadlines(mine, [
        (d(2026, 1, 10), d(2026, 1, 9)), (d(2026, 1, 20), d(2026, 1, 20)), (d(2026, 2, 10), d(2026, 2, 12)),
        (d(2026, 3, 10), None),  # the training month: neither before nor after
        (d(2026, 5, 10), d(2026, 5, 1)), (d(2026, 6, 10), d(2026, 6, 10)),
    ])
    far = open_case_for(cast.far_case_manager, cast.far_district, given="Ana")
    _deadlines(far, [(d(2026, 1, 10), d(2026, 1, 9)), (d(2026, 2, 10), None),
                     (d(2026, 5, 10), None), (d(2026, 6, 10), d(2026, 6, 1))])
    Plan.objects.create(case=mine, number=5, status="approved", child_view="", submitted_on=d(2026, 2, 1),
                        created_by=cast.case_manager)
    Plan.objects.create(case=mine, number=6, status="approved", child_view="I want to stay with my aunt.",
                        submitted_on=d(2026, 4, 1), created_by=cast.case_manager)

    result = impact.impact(cast.admin, course=training["course"])
    assert (result.trained, result.comparison, result.reference) == (1, 1, d(2026, 3, 2))
    on_time, child_view, _protective, sustained = result.measures
    assert on_time.shown("trained", "before") == pytest.approx(200 / 3)
    assert on_time.shown("trained", "after") == 100
    assert (on_time.shown("comparison", "before"), on_time.shown("comparison", "after")) == (50, 50)
    assert on_time.difference == pytest.approx(100 / 3)
    assert (child_view.shown("trained", "before"), child_view.shown("trained", "after")) == (0, 100)
    assert sustained.shown("trained", "after") is None
    # One worker in each group, a handful of deadlines: said plainly.
    assert result.groups_too_small and not on_time.readable


def test_impact_of_a_course_nobody_completed(training, cast, client_for):
    from careforce.training import impact

    result = impact.impact(cast.admin, course=training["tot_course"])
    assert (result.trained, result.comparison) == (0, 0)
    page = client_for("analyst").get(f"/training/courses/{training['tot_course'].pk}/impact/")
    assert page.status_code == 200
    assert "Nobody in your scope has completed this course yet" in page.content.decode()


def test_attendance_outside_the_sessions_dates_does_not_count(training, cast):
    from careforce.training.completion import completed_ids
    from careforce.training.models import Attendance

    tot = training["tot"]  # 2 and 3 February 2026
    p = tot.participations.get(worker=training["t1"])
    services.attendance_record(actor=cast.admin, session=tot, present={p.pk: set(tot.days)})
    assert p.pk in completed_ids(tot)
    # The session moves a day later: the first day recorded no longer counts.
    services.session_save(actor=cast.admin, session=tot, course=tot.course, starts_on=dt.date(2026, 2, 3),
                          ends_on=dt.date(2026, 2, 4), organiser=tot.organiser, trainers=list(tot.trainers.all()))
    tot.refresh_from_db()
    assert Attendance.objects.filter(participation=p).count() == 2
    assert p.pk not in completed_ids(tot)
    assert not CpdRecord.objects.filter(participation=p).exists()


def test_a_large_course_is_compared_in_the_background(training, cast, client_for, monkeypatch):
    from careforce.core.models import Job
    from careforce.training import impact

    monkeypatch.setattr(impact, "BACKGROUND_ABOVE", 0)
    session = training["child"]
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    client = client_for("admin")
    url = f"/training/courses/{training['course'].pk}/impact/"
    page = client.get(url)
    assert page.status_code == 200 and "runs in the background" in page.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    response = client.post(url)
    job = Job.objects.get(kind=impact.KIND)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.result["trained"] == 1  # tests run the task at once
    done = client.get(job.url)
    assert done.status_code == 200 and "worker completed it" in done.content.decode()
    assert "Standards met on time" in done.content.decode()
    # Somebody else's job is not hers to read: it does not exist.
    assert client_for("regional").get(job.url).status_code == 404
