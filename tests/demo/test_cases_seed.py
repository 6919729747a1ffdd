"""The demo country's cases: every state, a lived-in work tray, and clocks the product itself agrees with."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from careforce.cases import clock, selectors
from careforce.cases.models import Case, CaseDeadline
from careforce.core.models import User


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()


@pytest.mark.django_db
def test_every_state_and_some_overdue(seeded):
    states = set(Case.objects.values_list("status", flat=True))
    assert {"screening", "assessment", "implementation", "closed"} <= states
    today = timezone.localdate()
    assert Case.objects.exclude(status="closed").filter(next_due_on__lt=today).exists()


@pytest.mark.django_db
def test_fixed_logins_have_work(seeded):
    casemanager = User.objects.get(username="casemanager")
    supervisor = User.objects.get(username="supervisor")
    volunteer = User.objects.get(username="volunteer")
    assert selectors.tray(casemanager).count() >= 8
    assert selectors.tray(volunteer).count() >= 1
    waiting = selectors.approvals_waiting(supervisor)
    assert waiting["plans"] or waiting["closures"]


@pytest.mark.django_db
def test_generated_clocks_agree_with_the_product(seeded):
    """Recomputing a case's deadlines with the product's own service changes nothing."""
    for case in Case.objects.order_by("pk")[:25]:
        before = sorted(CaseDeadline.objects.filter(case=case).values_list("step_id", "occurrence", "due_on", "done_on"))
        next_due = (case.next_due_on, case.next_due_step)
        clock.refresh(case)
        after = sorted(CaseDeadline.objects.filter(case=case).values_list("step_id", "occurrence", "due_on", "done_on"))
        case.refresh_from_db()
        assert before == after, case.pk
        assert next_due == (case.next_due_on, case.next_due_step), case.pk
