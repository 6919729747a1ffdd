"""The demo country's supervision: a year of sessions, realistic coverage, and the demo logins supervised."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from careforce.core.models import User
from careforce.workforce import supervision
from careforce.workforce.models import SupervisionKind, SupervisionSession, SupervisionSupervisee, Worker


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()
        assert not SupervisionSession.objects.exists()
        assert not SupervisionSupervisee.objects.exists()


@pytest.mark.django_db
def test_a_year_of_individual_and_group_sessions(seeded):
    today = timezone.localdate()
    sessions = SupervisionSession.objects.all()
    assert sessions.filter(kind=SupervisionKind.INDIVIDUAL).count() > 100
    assert sessions.filter(kind=SupervisionKind.GROUP).exists()
    assert not sessions.filter(on__gt=today).exists()
    oldest = sessions.order_by("on").values_list("on", flat=True).first()
    assert 300 <= (today - oldest).days <= 400
    # Every individual session has one supervisee, every group session several.
    for s in sessions.prefetch_related("supervisees")[:200]:
        count = len(s.supervisees.all())
        assert count == 1 if s.kind == SupervisionKind.INDIVIDUAL else count >= 3
    assert sessions.filter(duration_minutes__lt=90).exists()  # some run short of the standard


@pytest.mark.django_db
def test_coverage_is_realistic_with_some_never_supervised(seeded):
    admin = User.objects.get(username="admin")
    result = supervision.coverage(admin, on=timezone.localdate())
    assert result.overall.total > 50
    assert 0.70 <= result.overall.covered / result.overall.total <= 0.85
    statuses = {r.status for r in result.rows}
    assert {"covered", "overdue", "never"} <= statuses
    assert any(r.stage == "newly_qualified" for r in result.rows)


@pytest.mark.django_db
def test_the_demo_logins_see_their_supervision(seeded):
    supervisor = User.objects.get(username="supervisor")
    casemanager = User.objects.get(username="casemanager")
    led = supervision.sessions(supervisor).filter(supervisor__user=supervisor)
    assert led.exists()
    own = supervision.sessions(casemanager)
    worker = Worker.objects.get(user=casemanager)
    assert own.exists()
    assert own.count() == own.filter(attendance__worker=worker).count()  # only her own sessions
    mine = supervision.coverage(supervisor, on=timezone.localdate())
    assert mine.overall.total >= 3
