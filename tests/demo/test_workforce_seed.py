"""The demo country's workforce: every cadre, a realistic vacancy rate, and people who left for both reasons."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from careforce.core.models import User
from careforce.core.roles import Role
from careforce.workforce import selectors
from careforce.workforce.models import Assignment, Cadre, Worker


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()
        assert not Worker.objects.exists()


@pytest.mark.django_db
def test_workers_of_every_cadre_and_field_users_linked(seeded):
    assert set(Worker.objects.values_list("cadre", flat=True)) == set(Cadre.values)
    field = User.objects.filter(
        role__in=[Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT, Role.VOLUNTEER]
    )
    assert Worker.objects.filter(user__in=field).count() == field.count()
    assert Worker.objects.filter(user__isnull=True, active=True).exists()  # workers without a login
    women = Worker.objects.filter(sex="F").count() / Worker.objects.count()
    assert 0.7 <= women <= 0.95
    over_55 = Worker.objects.filter(birth_year__lt=timezone.localdate().year - 55).count()
    assert over_55 > 0


@pytest.mark.django_db
def test_vacancy_rate_is_realistic(seeded):
    admin = User.objects.get(username="admin")
    rate = selectors.vacancy_rate(admin, on=timezone.localdate())
    assert rate.funded > 0
    assert 0.05 <= rate.rate <= 0.30


@pytest.mark.django_db
def test_past_exits_with_both_reasons_and_each_post_held_once(seeded):
    reasons = set(Assignment.objects.filter(end__isnull=False).values_list("reason_for_leaving", flat=True))
    assert reasons == {"voluntary", "involuntary"}
    assert not Assignment.objects.filter(end__isnull=False, reason_for_leaving="").exists()
    today = timezone.localdate()
    from django.db.models import Count

    from careforce.workforce.models import current_q

    doubles = (
        Assignment.objects.filter(current_q(today), post__isnull=False)
        .values("post").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not doubles.exists()


@pytest.mark.django_db
def test_the_fixed_case_manager_sees_her_colleagues(seeded):
    casemanager = User.objects.get(username="casemanager")
    visible = Worker.objects.visible_to(casemanager)
    assert visible.filter(user=casemanager).exists()
    assert set(visible.values_list("organisation", flat=True)) == {casemanager.organisation_id}
