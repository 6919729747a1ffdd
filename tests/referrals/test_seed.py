"""The demo country's services and referrals: every state, the fixed logins see some, events agree."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from careforce.core.models import User
from careforce.referrals import selectors
from careforce.referrals.models import Referral, ReferralStatus, Service


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale="demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield
        from careforce.demo.generator import reset_country

        reset_country()
        assert not Referral.objects.exists() and not Service.objects.exists()


@pytest.mark.django_db
def test_referrals_in_every_state_with_their_events(seeded):
    assert Service.objects.values("organisation").distinct().count() >= 20
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.filter(mode="manual").exists() and Referral.objects.filter(mode="system").exists()
    # Each referral's events end in its status.
    for r in Referral.objects.annotate(n=Count("events")).prefetch_related("events"):
        assert r.events.all()[r.n - 1].to_status == r.status
        assert r.consented or r.override_reason
        assert r.service.organisation_id == r.to_organisation_id


@pytest.mark.django_db
def test_the_fixed_case_manager_has_referrals(seeded):
    casemanager = User.objects.get(username="casemanager")
    assert selectors.outgoing(casemanager).count() >= 3


@pytest.mark.django_db
def test_the_fixed_supervisor_receives_referrals(seeded):
    supervisor = User.objects.get(username="supervisor")
    assert selectors.incoming(supervisor).count() >= 1
