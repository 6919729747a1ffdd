"""The referral state machine, consent and override, and refused referrals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careforce.core.models import AuditEntry, User
from careforce.referrals import services
from careforce.referrals.models import Referral, ReferralEvent, ReferralMode, ReferralStatus, respond_by
from tests.core.factories import OrganisationFactory, UserFactory
from tests.referrals.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_referral_is_sent_with_a_deadline_from_its_urgency(cast, case, counselling, refer):
    r = refer(case, counselling, urgency="urgent", sent_on=date(2026, 1, 10))
    assert r.status == ReferralStatus.SENT
    assert r.respond_by == date(2026, 1, 13)  # urgent: 3 days
    assert r.to_organisation == cast.other_directorate
    assert r.from_organisation == cast.directorate
    assert r.mode == ReferralMode.SYSTEM
    assert [(e.from_status, e.to_status) for e in r.events.all()] == [("", "sent")]
    assert AuditEntry.objects.filter(object_type="referrals.referral", object_id=str(r.pk)).count() == 1


def test_deadlines_by_urgency():
    assert respond_by(date(2026, 3, 1), "emergency") == date(2026, 3, 2)
    assert respond_by(date(2026, 3, 1), "routine") == date(2026, 3, 11)


def test_full_path_sent_accepted_delivered(cast, case, counselling, refer):
    r = refer(case, counselling)
    services.referral_accept(actor=cast.other_case_manager, referral=r, note="First session on Monday.")
    assert r.status == ReferralStatus.ACCEPTED and r.answered_on == timezone.localdate()
    services.referral_feedback(actor=cast.other_case_manager, referral=r, feedback="Eight sessions held.")
    assert r.status == ReferralStatus.DELIVERED and r.feedback == "Eight sessions held."
    steps = list(ReferralEvent.objects.filter(referral=r).values_list("from_status", "to_status", "by"))
    assert steps == [
        ("", "sent", cast.case_manager.pk),
        ("sent", "accepted", cast.other_case_manager.pk),
        ("accepted", "delivered", cast.other_case_manager.pk),
    ]


def test_decline_needs_a_reason_and_is_final(cast, case, counselling, refer):
    r = refer(case, counselling)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=cast.other_case_manager, referral=r, reason="  ")
    assert Referral.objects.get(pk=r.pk).status == ReferralStatus.SENT
    services.referral_decline(actor=cast.other_case_manager, referral=r, reason="No places until June.")
    assert r.status == ReferralStatus.DECLINED and r.decline_reason == "No places until June."
    # Refused transitions: a declined referral is neither accepted nor delivered later.
    with pytest.raises(ValidationError, match="cannot become"):
        services.referral_accept(actor=cast.other_case_manager, referral=r)
    with pytest.raises(ValidationError):
        services.referral_feedback(actor=cast.other_case_manager, referral=r, feedback="x")
    assert r.events.count() == 2


def test_delivery_only_after_acceptance(cast, case, counselling, refer):
    r = refer(case, counselling)
    with pytest.raises(ValidationError):
        services.referral_feedback(actor=cast.other_case_manager, referral=r, feedback="Done.")
    assert Referral.objects.get(pk=r.pk).status == ReferralStatus.SENT


def test_the_referring_side_cannot_answer_for_a_receiver_in_careforce(cast, case, counselling, refer):
    r = refer(case, counselling)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=cast.case_manager, referral=r)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=cast.far_case_manager, referral=r)
    # ... but withdraws it.
    services.referral_close(actor=cast.case_manager, referral=r, note="Family moved away.")
    assert r.status == ReferralStatus.CLOSED


def test_consent_is_required_unless_a_supervisor_overrides(cast, case, counselling, refer):
    with pytest.raises(ValidationError) as exc:
        refer(case, counselling, consent_by="", consent_to="", consent_on=None)
    assert set(exc.value.message_dict) == {"consent_by", "consent_to", "consent_on"}
    with pytest.raises(ValidationError) as exc:
        refer(case, counselling, consent_on=timezone.localdate() + timedelta(days=1))
    assert "consent_on" in exc.value.message_dict
    # A case manager may not override.
    with pytest.raises(ValidationError) as exc:
        refer(case, counselling, consent_by="", override_reason="Child at risk, parents unreachable.")
    assert "override_reason" in exc.value.message_dict
    assert not Referral.objects.exists()
    r = refer(
        case, counselling, actor=cast.supervisor, consent_by="", consent_to="", consent_on=None,
        override_reason="Child at risk, parents unreachable.",
    )
    assert r.override_by == cast.supervisor and not r.consented
    entry = AuditEntry.objects.get(object_type="referrals.referral", object_id=str(r.pk))
    assert "without consent: Child at risk" in entry.summary


def test_wrong_or_inactive_service_is_refused(cast, case, counselling, refer):
    with pytest.raises(ValidationError, match="does not offer this service"):
        refer(case, counselling, to_organisation=cast.far_directorate)
    counselling.active = False
    counselling.save()
    with pytest.raises(ValidationError, match="no longer offered"):
        refer(case, counselling)
    assert not Referral.objects.exists()


def test_only_those_who_work_the_case_refer(cast, case, counselling, refer):
    with pytest.raises(PermissionDenied):
        refer(case, counselling, actor=cast.other_case_manager)
    with pytest.raises(PermissionDenied):
        refer(case, counselling, actor=cast.volunteer)


def test_an_organisation_without_users_gets_a_letter_and_the_case_manager_answers(cast, case, refer):
    clinic = OrganisationFactory(name="Private clinic", area=cast.district)
    service = ServiceFactory(organisation=clinic, service_type="health")
    r = refer(case, service)
    assert r.mode == ReferralMode.MANUAL
    services.referral_accept(actor=cast.case_manager, referral=r, note="Phoned: accepted.")
    assert r.status == ReferralStatus.ACCEPTED
    # Nobody at the clinic: only the referring side records.
    with pytest.raises(PermissionDenied):
        services.referral_feedback(actor=cast.other_case_manager, referral=r, feedback="x")


def test_receiver_rights_follow_the_organisation(cast, case, counselling, refer):
    r = refer(case, counselling)
    colleague = UserFactory(username="othersup", role="supervisor", organisation=cast.other_directorate)
    assert services.is_receiver(colleague, r)
    assert services.is_receiver(cast.regional, r)  # Florești is in her region
    assert not services.is_receiver(cast.far_case_manager, r)
    assert not services.is_receiver(cast.case_manager, r)
    assert not services.is_receiver(User.objects.get(username="volunteer"), r)


def test_service_save_by_own_supervisor_only(cast):
    data = {"organisation": cast.directorate, "service_type": "day_care", "name": "Day centre", "active": True}
    s = services.service_save(actor=cast.supervisor, data=data)
    assert s.area == cast.district  # the organisation's own area
    with pytest.raises(PermissionDenied):
        services.service_save(actor=cast.supervisor, data={**data, "organisation": cast.other_directorate})
    with pytest.raises(PermissionDenied):
        services.service_save(actor=cast.case_manager, data=data)
    with pytest.raises(ValidationError):
        services.service_save(actor=cast.admin, data={**data, "area": cast.far_district})
