"""Services, the cascade's reach on known trees, and knowledge gain by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from careforce.core.models import AuditEntry
from careforce.training import services
from careforce.training.cascade import as_json, cascade_of
from careforce.training.gain import normalised_gain, session_gain
from careforce.training.models import Competency, Participation, TrainingSession
from tests.training.conftest import open_case_for
from tests.workforce.factories import WorkerFactory


def test_gain_by_hand():
    # pre 8, post 14 of 20: gain 6, normalised 6 / 12 = 0.5
    assert normalised_gain(Decimal(8), Decimal(14), 20) == 0.5
    assert normalised_gain(Decimal(20), Decimal(20), 20) is None  # nothing left to learn
    assert normalised_gain(None, Decimal(3), 20) is None
    g = session_gain([(Decimal(8), Decimal(14)), (Decimal(12), Decimal(16)), (None, Decimal(19))], 20)
    # means 10 → 15 over the two tested: gain 5, normalised 5 / 10
    assert (g.tested, g.mean_pre, g.mean_post, g.mean_gain, g.normalised) == (2, 10, 15, 5, 0.5)


def test_default_framework_loaded(db):
    groups = Competency.objects.filter(parent__isnull=True)
    assert groups.count() == 3
    assert Competency.objects.filter(parent__isnull=False).count() == 11
    assert Competency.objects.get(code="case-management-assessment").requirements.get(cadre="supervisor").level == 4


def test_cascade_reach_and_stopped_branch(cast, training):
    open_case_for(cast.case_manager, cast.locality, "Ion")
    open_case_for(cast.case_manager, cast.locality, "Ana")
    c = cascade_of(training["tot"], today=dt.date(2026, 4, 1))
    # t1, t2 trained; cm and assistant reached through t1; cm carries 2 open cases.
    assert c.professionals_reached == 4
    assert c.children_reached == 2
    assert c.trainers_trained == 2 and c.trainers_delivering == 1
    assert [w.pk for w, _n in c.stopped_trainees] == [training["t2"].pk]
    # Trainers active in six months: tc (ToT, Feb) and t1 (March).
    assert c.trainers_active == 2
    data = as_json(c)
    assert data["root"]["id"] == training["tot"].pk
    assert [k["id"] for k in data["root"]["children"]] == [training["child"].pk]
    assert data["root"]["children"][0]["participants"] == 2
    assert data["root"]["participants"] == 2 and not data["root"]["stopped"]
    assert [(lv["professionals"], lv["children"]) for lv in data["levels"]] == [(2, 0), (2, 2)]
    later = cascade_of(training["tot"], today=dt.date(2026, 10, 1))
    assert later.trainers_active == 0


def test_tot_nobody_delivered_is_stopped(cast, training):
    s = services.session_save(
        actor=cast.admin, course=training["tot_course"], starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 1), organiser=cast.training_centre, trainers=[training["tc"]],
    )
    c = cascade_of(s)
    assert c.root.stopped and c.professionals_reached == 0 and as_json(c)["root"]["children"] == []


def test_cascade_query_count(cast, training, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        cascade_of(training["tot"])


def test_loop_refused(cast, training):
    sub_tot = services.session_save(
        actor=cast.admin, course=training["tot_course"], starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 1), organiser=cast.directorate, trainers=[training["t1"]],
        cascades_from=training["tot"],
    )
    before = AuditEntry.objects.count()
    tot = training["tot"]
    with pytest.raises(ValidationError) as err:
        services.session_save(
            actor=cast.admin, session=tot, course=tot.course, starts_on=tot.starts_on, ends_on=tot.ends_on,
            organiser=tot.organiser, trainers=[training["tc"]], cascades_from=sub_tot,
        )
    assert "cascades_from" in err.value.message_dict
    tot.refresh_from_db()
    assert tot.cascades_from_id is None and AuditEntry.objects.count() == before
    assert sub_tot.cascade_root_id == tot.pk


def test_bad_dates_and_non_tot_parent_refused(cast, training):
    with pytest.raises(ValidationError) as err:
        services.session_save(
            actor=cast.admin, course=training["course"], starts_on=dt.date(2026, 5, 2),
            ends_on=dt.date(2026, 5, 1), organiser=cast.directorate, trainers=[training["t1"]],
        )
    assert "ends_on" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.session_save(
            actor=cast.admin, course=training["course"], starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 5, 1), organiser=cast.directorate, trainers=[training["t1"]],
            cascades_from=training["child"],
        )
    assert TrainingSession.objects.count() == 3


def test_participant_must_be_a_worker(cast, training):
    with pytest.raises(ValidationError) as err:
        services.participants_add(actor=cast.admin, session=training["child"], worker_ids=[training["t2"].pk, 999999])
    assert "999999" in str(err.value)
    assert training["child"].participations.count() == 2


def test_score_above_max_refused_nothing_changed(cast, training):
    child = training["child"]
    p1, p2 = list(child.participations.order_by("pk"))
    with pytest.raises(ValidationError):
        services.scores_record(actor=cast.admin, session=child, scores={
            p1.pk: {"pre_score": Decimal(5), "post_score": Decimal(10)},
            p2.pk: {"pre_score": Decimal(5), "post_score": Decimal(21)},  # the test's maximum is 20
        })
    assert not Participation.objects.filter(session=child, pre_score__isnull=False).exists()
    services.scores_record(actor=cast.admin, session=child, scores={p1.pk: {"pre_score": Decimal(8), "post_score": Decimal(14)}})
    p1.refresh_from_db()
    assert p1.gain == 6 and p1.normalised_gain == 0.5


def test_only_managers_write(cast, training):
    with pytest.raises(PermissionDenied):
        services.participants_add(actor=cast.supervisor, session=training["child"], worker_ids=[training["t2"].pk])
    with pytest.raises(PermissionDenied):  # a trainer, but not of this session nor its organiser
        services.participants_add(actor=cast.trainer, session=training["far"], worker_ids=[training["t2"].pk])


def test_scores_page_rejects_score_above_max(cast, training, client_for):
    child = training["tot"]
    p = child.participations.first()
    r = client_for("trainer").post(f"/training/sessions/{child.pk}/scores/", {f"pre_{p.pk}": "5", f"post_{p.pk}": "25"})
    assert r.status_code == 400 and b"between 0 and 20" in r.content
    p.refresh_from_db()
    assert p.post_score is None
    r = client_for("trainer").post(
        f"/training/sessions/{child.pk}/scores/", {f"pre_{p.pk}": "5", f"post_{p.pk}": "15", f"day_{p.pk}": "2026-02-02"}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.post_score == 15 and p.attendance.count() == 1


def test_session_form_end_before_start(cast, training, client_for):
    r = client_for("admin").post("/training/sessions/new/", {
        "course": training["course"].pk, "starts_on": "2026-05-02", "ends_on": "2026-05-01",
        "organiser": cast.directorate.pk, "trainers": [training["tc"].pk],
    })
    assert r.status_code == 400 and b"cannot end before it starts" in r.content
    assert TrainingSession.objects.count() == 3


def test_trainer_sees_participants_not_their_cases(cast, training, client_for):
    case = open_case_for(cast.case_manager, cast.locality)
    client = client_for("trainer")
    r = client.get(f"/training/sessions/{training['child'].pk}/")
    assert r.status_code == 200 and str(training["cm"]).encode() in r.content
    assert client.get(f"/cases/{case.pk}/").status_code in (403, 404)
    assert client.get(f"/workforce/workers/{training['cm'].pk}/").status_code == 200  # via the grant


def test_my_record_is_own(cast, training, client_for):
    r = client_for("case_manager").get("/training/my/")
    assert b"Case management basics" in r.content
    assert b"Case management basics" not in client_for("other_case_manager").get("/training/my/").content


def test_list_query_count(cast, training, client_for, django_assert_max_num_queries):
    for i in range(5):
        services.session_save(
            actor=cast.admin, course=training["course"], starts_on=dt.date(2026, 6, i + 1),
            ends_on=dt.date(2026, 6, i + 1), organiser=cast.directorate, trainers=[WorkerFactory(organisation=cast.directorate)],
        )
    client = client_for("admin")
    with django_assert_max_num_queries(12):
        assert client.get("/training/sessions/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/training/sessions").status_code == 200
