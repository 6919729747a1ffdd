"""The registry's services and the vacancy arithmetic, against the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from careforce.core.models import AuditEntry
from careforce.workforce import selectors, services
from careforce.workforce.models import Assignment, Cadre, LeavingReason, Sex
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

D = dt.date


@pytest.fixture
def worker(cast):
    return WorkerFactory(organisation=cast.directorate, user=cast.case_manager)


def test_worker_create_defaults_area_to_the_organisation_and_is_audited(cast):
    worker = services.worker_create(
        actor=cast.admin, given_name="Ana", family_name="Rusu", sex=Sex.FEMALE, birth_year=1970,
        cadre=Cadre.SOCIAL_WORKER, organisation=cast.municipal,
    )
    assert worker.area == cast.locality
    entry = AuditEntry.objects.get(object_type="workforce.worker", object_id=str(worker.pk))
    assert entry.action == "create" and entry.actor == cast.admin


def test_worker_update_records_the_change(cast, worker):
    services.worker_update(actor=cast.admin, worker=worker, cadre=Cadre.SUPERVISOR)
    entry = AuditEntry.objects.get(object_type="workforce.worker", action="update")
    assert entry.changes == {"cadre": ["case_manager", "supervisor"]}


def test_worker_create_refuses_a_bad_birth_year(cast):
    with pytest.raises(ValidationError) as err:
        services.worker_create(
            actor=cast.admin, given_name="A", family_name="B", sex="F", birth_year=1800,
            cadre=Cadre.PSYCHOLOGIST, organisation=cast.directorate,
        )
    assert "birth_year" in err.value.message_dict


def test_an_assignment_ending_before_it_starts_is_refused_naming_the_end(cast, worker):
    post = PostFactory(organisation=cast.directorate)
    assignment = services.assignment_start(actor=cast.admin, worker=worker, post=post, start=D(2024, 5, 1))
    with pytest.raises(ValidationError) as err:
        services.assignment_end(
            actor=cast.admin, assignment=assignment, end=D(2024, 4, 30), reason=LeavingReason.VOLUNTARY
        )
    assert list(err.value.message_dict) == ["end"]
    assert "before it starts" in err.value.message_dict["end"][0]
    assignment.refresh_from_db()
    assert assignment.end is None


def test_the_database_refuses_an_end_before_the_start_too(cast, worker):
    with pytest.raises(IntegrityError):
        AssignmentFactory(worker=worker, start=D(2024, 5, 1), end=D(2024, 1, 1), reason_for_leaving="voluntary")


@pytest.mark.parametrize("reason", ["", "bored"])
def test_ending_needs_a_reason(cast, worker, reason):
    assignment = services.assignment_start(actor=cast.admin, worker=worker, start=D(2024, 5, 1))
    with pytest.raises(ValidationError) as err:
        services.assignment_end(actor=cast.admin, assignment=assignment, end=D(2025, 1, 1), reason=reason)
    assert "reason_for_leaving" in err.value.message_dict


def test_model_clean_requires_the_reason_when_the_end_is_set(cast, worker):
    assignment = Assignment(worker=worker, organisation=cast.directorate, start=D(2024, 1, 1), end=D(2024, 2, 1))
    with pytest.raises(ValidationError) as err:
        assignment.full_clean()
    assert "reason_for_leaving" in err.value.message_dict


def test_ending_is_audited(cast, worker):
    assignment = services.assignment_start(actor=cast.admin, worker=worker, start=D(2024, 5, 1))
    services.assignment_end(
        actor=cast.admin, assignment=assignment, end=D(2025, 1, 31), reason=LeavingReason.INVOLUNTARY
    )
    assignment.refresh_from_db()
    assert (assignment.end, assignment.reason_for_leaving) == (D(2025, 1, 31), "involuntary")
    entry = AuditEntry.objects.filter(object_type="workforce.assignment", action="update").get()
    assert entry.changes["reason_for_leaving"] == ["", "involuntary"]


def test_two_current_holders_of_one_post_are_refused(cast, worker):
    post = PostFactory(organisation=cast.directorate)
    services.assignment_start(actor=cast.admin, worker=worker, post=post, start=D(2024, 1, 1))
    other = WorkerFactory(organisation=cast.directorate)
    with pytest.raises(ValidationError) as err:
        services.assignment_start(actor=cast.admin, worker=other, post=post, start=D(2025, 3, 1))
    assert "post" in err.value.message_dict
    assert Assignment.objects.filter(post=post).count() == 1


def test_a_post_can_be_taken_again_after_its_holder_left(cast, worker):
    post = PostFactory(organisation=cast.directorate)
    first = services.assignment_start(actor=cast.admin, worker=worker, post=post, start=D(2022, 1, 1))
    services.assignment_end(actor=cast.admin, assignment=first, end=D(2023, 6, 30), reason="voluntary")
    other = WorkerFactory(organisation=cast.directorate)
    second = services.assignment_start(actor=cast.admin, worker=other, post=post, start=D(2023, 7, 1))
    assert second.pk and second.organisation == cast.directorate
    # Starting inside the first holder's time is refused, even though she has since left.
    late = WorkerFactory(organisation=cast.directorate)
    with pytest.raises(ValidationError):
        services.assignment_start(actor=cast.admin, worker=late, post=post, start=D(2023, 6, 1))


def test_vacancies_on_a_date_by_hand(cast, worker):
    """Four funded posts in the directorate, checked on 2025-06-15:

    a: held since 2024, no end          → filled
    b: held until 2025-06-15 (the day)  → filled (the end day still counts)
    c: held until 2025-06-14            → vacant
    d: nobody ever                      → vacant
    e: funded only from 2026            → not a funded post on that day
    f: in another district's directorate → outside the supervisor's scope
    """
    on = D(2025, 6, 15)
    a, b, c, d = (PostFactory(organisation=cast.directorate, title=t) for t in "abcd")
    PostFactory(organisation=cast.directorate, title="e", funded_from=D(2026, 1, 1))
    f = PostFactory(organisation=cast.other_directorate, title="f")
    AssignmentFactory(post=a, start=D(2024, 1, 1))
    AssignmentFactory(post=b, start=D(2024, 1, 1), end=on, reason_for_leaving="voluntary")
    AssignmentFactory(post=c, start=D(2024, 1, 1), end=D(2025, 6, 14), reason_for_leaving="involuntary")
    AssignmentFactory(post=f, start=D(2026, 1, 1))  # starts later: f is vacant on the day

    assert {p.title for p in selectors.vacancies(cast.supervisor, on=on)} == {"c", "d"}
    rate = selectors.vacancy_rate(cast.supervisor, on=on)
    assert (rate.funded, rate.vacant, rate.rate) == (4, 2, 0.5)
    # The regional manager sees the whole region: f is hers too.
    assert {p.title for p in selectors.vacancies(cast.regional, on=on)} == {"c", "d", "f"}
    assert selectors.vacancy_rate(cast.regional, on=on).funded == 5
    assert {p.title for p in selectors.vacancies(cast.far_case_manager, on=on)} == set()
    assert selectors.vacancy_rate(cast.analyst, on=on).rate is None
    assert {p.title for p in selectors.vacancies(cast.admin, on=D(2024, 1, 1))} == {"d", "f"}
    by_cadre = selectors.vacancy_rate_by_cadre(cast.regional, on=on)
    assert by_cadre["case_manager"].percent == 60.0
