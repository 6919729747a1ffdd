from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from careforce.cases import services as case_services
from careforce.people.models import Person
from careforce.training import services
from careforce.training.models import Course
from careforce.workforce.models import Cadre
from tests.workforce.factories import WorkerFactory


def open_case_for(user, area, given="Ion"):
    child = Person.objects.create(
        given_name=given, family_name="Ceban", birth_date=dt.date(2015, 3, 12), sex="M",
        organisation=user.organisation, registered_by=user, area=area,
    )
    return case_services.case_open(
        actor=user, child=child, risk_level="medium", case_type="protection", reported_on=dt.date(2026, 1, 5),
        reporter_kind="school", description="Absent from school.", opened_on=dt.date(2026, 1, 5),
    )


@pytest.fixture
def training(cast):
    """A ToT (two trainers trained: t1 delivers a session, t2 stopped) and an unrelated far session."""
    tc = WorkerFactory(organisation=cast.training_centre, user=cast.trainer, cadre=Cadre.SOCIAL_WORKER)
    cm = WorkerFactory(organisation=cast.directorate, user=cast.case_manager)
    asst = WorkerFactory(organisation=cast.municipal, user=cast.assistant, cadre=Cadre.COMMUNITY_ASSISTANT)
    far = WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager)
    t1 = WorkerFactory(organisation=cast.directorate, family_name="Trainee1", cadre=Cadre.SOCIAL_WORKER)
    t2 = WorkerFactory(organisation=cast.directorate, family_name="Trainee2", cadre=Cadre.SOCIAL_WORKER)
    tot_course = Course.objects.create(title="ToT case management", hours=Decimal(16), trains_trainers=True, test_max=20)
    course = Course.objects.create(title="Case management basics", hours=Decimal(8), test_max=20)
    admin = cast.admin
    tot = services.session_save(
        actor=admin, course=tot_course, starts_on=dt.date(2026, 2, 2), ends_on=dt.date(2026, 2, 3),
        organiser=cast.training_centre, trainers=[tc],
    )
    services.participants_add(actor=admin, session=tot, worker_ids=[t1.pk, t2.pk])
    child = services.session_save(
        actor=admin, course=course, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 2),
        organiser=cast.directorate, trainers=[t1], cascades_from=tot,
    )
    services.participants_add(actor=admin, session=child, worker_ids=[cm.pk, asst.pk])
    far_session = services.session_save(
        actor=admin, course=course, starts_on=dt.date(2026, 3, 5), ends_on=dt.date(2026, 3, 5),
        organiser=cast.far_directorate, trainers=[far],
    )
    services.participants_add(actor=admin, session=far_session, worker_ids=[far.pk])
    return {
        "tot": tot, "child": child, "far": far_session, "course": course, "tot_course": tot_course,
        "tc": tc, "cm": cm, "asst": asst, "far_worker": far, "t1": t1, "t2": t2,
    }
