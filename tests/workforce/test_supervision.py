"""Supervision: recording sessions (the service), who reads them, and coverage worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careforce.core.models import AuditEntry
from careforce.workforce import supervision
from careforce.workforce.models import (
    Cadre,
    CareerStage,
    SupervisionKind,
    SupervisionSession,
    SupervisionStandard,
    Worker,
    career_stage,
    may_see_wellbeing,
)
from tests.core.factories import UserFactory
from tests.workforce.factories import AssignmentFactory, WorkerFactory
from tests.workforce.supervision_data import ON, make_team, session

D = dt.date


@pytest.fixture
def team(cast):
    return make_team(cast)


def record(actor, supervisor, supervisees, **overrides):
    fields = {
        "kind": SupervisionKind.INDIVIDUAL if len(supervisees) == 1 else SupervisionKind.GROUP,
        "on": D(2025, 6, 10),
        "duration_minutes": 90,
        "cases_discussed": 4,
        "decisions": " Joint visit. ",
        "wellbeing": "Coping well.",
        "learning_needs": "Risk assessment.",
    }
    fields.update(overrides)
    return supervision.supervision_record(
        actor=actor, supervisor=supervisor, supervisees=supervisees, **fields
    )


# --- The service -------------------------------------------------------------------------------------------


def test_a_supervisor_records_an_individual_session_audited_without_the_notes(cast, team):
    s = record(cast.supervisor, team.sup, [team.cm])
    assert list(s.supervisees.all()) == [team.cm]
    assert s.recorded_by == cast.supervisor and s.decisions == "Joint visit."
    entry = AuditEntry.objects.get(object_type="workforce.supervisionsession", object_id=str(s.pk))
    assert entry.action == "create" and entry.actor == cast.supervisor
    assert entry.changes["supervisees"] == [None, [team.cm.pk]]
    assert entry.changes["duration_minutes"] == [None, 90]
    assert "wellbeing" not in entry.changes and "Coping" not in str(entry.changes)


def test_a_group_session_reaches_her_supervisees_in_the_village_office(cast, team):
    # The assistant works for the municipal office but the supervisor supervises her (the supervision line).
    s = record(cast.supervisor, team.sup, [team.cm, team.assistant, team.cm])
    assert s.kind == SupervisionKind.GROUP
    assert sorted(w.pk for w in s.supervisees.all()) == sorted([team.cm.pk, team.assistant.pk])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": SupervisionKind.INDIVIDUAL, "two": True}, "supervisees"),
        ({"kind": SupervisionKind.GROUP}, "supervisees"),
        ({"on": timezone.localdate() + dt.timedelta(days=1)}, "on"),
        ({"on": None}, "on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"cases_discussed": -1}, "cases_discussed"),
        ({"kind": "lecture"}, "kind"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(cast, team, change, field):
    change = dict(change)
    people = [team.cm, team.psych] if change.pop("two", False) else [team.cm]
    with pytest.raises(ValidationError) as err:
        record(cast.supervisor, team.sup, people, **change)
    assert field in err.value.message_dict
    assert not SupervisionSession.objects.filter(
        recorded_at__date=timezone.localdate(), on=D(2025, 6, 10)
    ).exists()
    assert SupervisionSession.objects.count() == 8  # the team's sessions only


def test_an_individual_session_with_two_supervisees_says_why(cast, team):
    with pytest.raises(ValidationError) as err:
        record(cast.supervisor, team.sup, [team.cm, team.psych], kind=SupervisionKind.INDIVIDUAL)
    assert "exactly one supervisee" in err.value.message_dict["supervisees"][0]


def test_a_supervisee_out_of_the_actors_scope_is_refused(cast, team):
    # Florești is another organisation, outside the supervisor's line; in the regional manager's region.
    with pytest.raises(ValidationError) as err:
        record(cast.supervisor, team.sup, [team.other_cm])
    assert list(err.value.message_dict) == ["supervisees"]
    assert str(team.other_cm) in err.value.message_dict["supervisees"][0]
    assert record(cast.regional, team.sup, [team.other_cm]).pk
    with pytest.raises(ValidationError) as err:
        record(cast.regional, team.sup, [team.far_cm])
    assert "supervisees" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        record(cast.regional, team.far_sup, [team.cm])
    assert "supervisor" in err.value.message_dict


def test_the_supervisor_is_not_among_her_supervisees(cast, team):
    with pytest.raises(ValidationError) as err:
        record(cast.supervisor, team.sup, [team.sup, team.cm])
    assert "supervisees" in err.value.message_dict


@pytest.mark.parametrize("persona", ["case_manager", "assistant", "volunteer", "trainer", "analyst"])
def test_only_those_who_organise_supervision_record_it(cast, team, persona):
    with pytest.raises(PermissionDenied):
        record(cast.persona(persona), team.sup, [team.cm])


def test_the_national_administrator_records_anywhere(cast, team):
    assert record(cast.admin, team.far_sup, [team.far_cm]).pk


# --- Who reads sessions and the wellbeing note --------------------------------------------------------------


def test_sessions_are_read_along_the_supervision_line(cast, team):
    def seen(persona):
        return set(supervision.sessions(cast.persona(persona)).values_list("pk", flat=True))

    everything = set(SupervisionSession.objects.values_list("pk", flat=True))
    north = everything - {team.far_session.pk}
    assert seen("admin") == everything
    assert seen("regional") == north
    assert seen("supervisor") == north  # those led in her directorate
    her_own = set(SupervisionSession.objects.filter(attendance__worker=team.cm).values_list("pk", flat=True))
    assert len(her_own) == 2 and seen("case_manager") == her_own
    assert seen("assistant") == {team.assistant_session.pk}
    for persona in ("other_case_manager", "volunteer", "trainer", "analyst"):
        assert seen(persona) == set()


def test_a_colleague_of_the_same_office_does_not_read_her_supervision(cast, team):
    colleague = UserFactory(username="cm2", role="case_manager", organisation=cast.directorate)
    WorkerFactory(organisation=cast.directorate, user=colleague)
    assert Worker.objects.visible_to(colleague).filter(pk=team.cm.pk).exists()  # she sees the colleague…
    assert not SupervisionSession.objects.visible_to(colleague).exists()  # …not her supervision


def test_the_wellbeing_note_is_for_the_supervisor_the_supervisee_and_the_administrator(cast, team):
    s = team.cm_session
    assert may_see_wellbeing(cast.admin, s)
    assert may_see_wellbeing(cast.supervisor, s)
    assert may_see_wellbeing(cast.case_manager, s)
    assert not may_see_wellbeing(cast.regional, s)
    assert not may_see_wellbeing(cast.assistant, s)
    second = UserFactory(username="sup2", role="supervisor", organisation=cast.directorate)
    assert s in SupervisionSession.objects.visible_to(second)  # she reads the session…
    assert not may_see_wellbeing(second, s)  # …but not the note


# --- Career stage and coverage --------------------------------------------------------------------------


def test_career_stage_boundary_is_one_year_from_the_first_assignment():
    assert career_stage(ON - dt.timedelta(days=364), ON) == CareerStage.NEWLY_QUALIFIED
    assert career_stage(ON - dt.timedelta(days=365), ON) == CareerStage.ESTABLISHED
    assert career_stage(ON, ON) == CareerStage.NEWLY_QUALIFIED
    assert career_stage(None, ON) == CareerStage.ESTABLISHED  # no assignment recorded


def test_coverage_worked_out_by_hand(cast, team):
    result = supervision.coverage(cast.supervisor, on=ON)
    rows = {r.worker.pk: r for r in result.rows}
    # Her directorate and her supervisees; not the volunteer, the inactive worker, herself, other offices.
    assert set(rows) == {team.cm.pk, team.assistant.pk, team.psych.pk, team.botnaru.pk, team.albu.pk}

    cm = rows[team.cm.pk]
    assert (cm.stage, cm.last_on, cm.last_counted_on, cm.days_since) == (
        "established",
        D(2025, 6, 25),
        D(2025, 6, 5),
        5,
    )
    assert cm.covered and cm.status == "covered" and cm.standard.every_days == 30

    assistant = rows[team.assistant.pk]  # newly qualified: 364 days since her first assignment
    assert assistant.stage == "newly_qualified" and assistant.standard.every_days == 7
    assert assistant.days_since == 7 and assistant.covered

    psych = rows[team.psych.pk]  # no assignment: established; 31 days since; the July session is after ON
    assert psych.stage == "established" and psych.first_start is None
    assert psych.last_on == D(2025, 5, 30) and not psych.covered
    assert psych.status == "overdue" and psych.overdue_days == 1

    botnaru = rows[team.botnaru.pk]
    assert botnaru.days_since == 3 and botnaru.last_counted_on is None and botnaru.status == "too_short"
    assert rows[team.albu.pk].status == "never" and rows[team.albu.pk].last_on is None

    assert (result.overall.covered, result.overall.total, result.overall.percent) == (2, 5, 40.0)
    by_org = [(org.name, share.covered, share.total) for org, share in result.by_organisation]
    assert by_org == [("Directorate Bălțeni", 1, 4), ("Social assistance Valea Nucilor", 1, 1)]
    # Who is overdue first: never counted (Albu, Botnaru by name), then the longest since, then the covered.
    assert [r.worker.family_name for r in result.rows] == ["Albu", "Botnaru", "Ene", "Ceban", "Dodon"]


def test_a_day_later_the_assistant_is_established_and_a_month_interval_applies(cast, team):
    # 365 days after her first assignment she is no longer newly qualified: 8 days since is within 30.
    result = supervision.coverage(cast.supervisor, on=ON + dt.timedelta(days=1))
    assistant = next(r for r in result.rows if r.worker.pk == team.assistant.pk)
    assert assistant.stage == "established" and assistant.days_since == 8 and assistant.covered


def test_a_newly_qualified_worker_eight_days_after_her_session_is_overdue(cast, team):
    team.assistant.assignments.update(start=ON - dt.timedelta(days=200))
    result = supervision.coverage(cast.supervisor, on=ON + dt.timedelta(days=1))
    assistant = next(r for r in result.rows if r.worker.pk == team.assistant.pk)
    assert assistant.stage == "newly_qualified" and assistant.days_since == 8
    assert assistant.status == "overdue" and assistant.overdue_days == 1
    # Ceban is 26 days from 5 June, still covered; the psychologist's 2 July session lies after this day.
    assert result.overall.covered == 1


def test_a_cadres_own_standard_wins_over_the_general_one(cast, team):
    SupervisionStandard.objects.create(
        stage="established", cadre=Cadre.PSYCHOLOGIST, every_days=45, minimum_minutes=60
    )
    result = supervision.coverage(cast.supervisor, on=ON)
    psych = next(r for r in result.rows if r.worker.pk == team.psych.pk)
    assert psych.covered and psych.standard.every_days == 45
    # A 60-minute minimum for psychologists does not make Botnaru's 60 minutes count: she is a social worker.
    assert result.overall.covered == 3


def test_workers_without_a_standard_are_listed_but_not_counted(cast, team):
    SupervisionStandard.objects.filter(stage="newly_qualified").delete()
    result = supervision.coverage(cast.supervisor, on=ON)
    assistant = next(r for r in result.rows if r.worker.pk == team.assistant.pk)
    assert assistant.status == "no_standard" and result.rows[-1] is assistant
    assert (result.overall.covered, result.overall.total) == (1, 4)


def test_the_administrator_sees_every_office_and_an_organisation_filter_narrows(cast, team):
    result = supervision.coverage(cast.admin, on=ON)
    # + othercm (never supervised) and farcm (supervised in Cahul on 20 June).
    assert (result.overall.covered, result.overall.total) == (3, 7)
    narrowed = supervision.coverage(cast.admin, on=ON, organisation=cast.municipal)
    assert [r.worker.pk for r in narrowed.rows] == [team.assistant.pk]


def test_a_case_manager_weighs_only_herself(cast, team):
    result = supervision.coverage(cast.case_manager, on=ON)
    assert [r.worker.pk for r in result.rows] == [team.cm.pk]


def test_coverage_takes_two_queries_whatever_the_number_of_workers(cast, team, django_assert_num_queries):
    with django_assert_num_queries(2):
        supervision.coverage(cast.admin, on=ON)
    for i in range(15):
        w = WorkerFactory(organisation=cast.directorate, cadre=Cadre.SOCIAL_WORKER)
        AssignmentFactory(worker=w, start=D(2024, 1, 1) + dt.timedelta(days=30 * i))
        session(team.sup, [w], D(2025, 6, 1) + dt.timedelta(days=i), recorded_by=cast.supervisor)
    with django_assert_num_queries(2):
        result = supervision.coverage(cast.supervisor, on=ON)
    assert result.overall.total == 20


def test_worker_status_for_the_registry_page(cast, team):
    assert supervision.worker_status(cast.supervisor, team.cm, on=ON).covered
    assert supervision.worker_status(cast.case_manager, team.cm, on=ON).covered  # her own
    assert supervision.worker_status(cast.case_manager, team.psych, on=ON) is None  # a colleague's
    assert supervision.worker_status(cast.supervisor, team.sup, on=ON) is None  # supervisors: not held
