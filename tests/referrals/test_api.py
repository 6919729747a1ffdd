"""The API: same services and access rules as the pages; 4xx with reasons on bad input."""

from __future__ import annotations

import pytest

from careforce.referrals.models import Referral, ReferralStatus
from tests.referrals.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _body(case, service, **kw):
    return {
        "case": case.pk, "service": service.pk, "reason": "Parenting stress.", "urgency": "emergency",
        "consent_by": "parent", "consent_to": "sharing needs", "consent_on": "2026-01-06", **kw,
    }


def test_full_exchange(cast, case, counselling, client_for):
    cm, receiver = client_for("case_manager"), client_for("other_case_manager")
    created = post(cm, "/api/v1/referrals", _body(case, counselling))
    assert created.status_code == 201
    rid = created.json()["id"]
    shared = receiver.get(f"/api/v1/referrals/{rid}").json()
    assert shared["child_name"] == "Ion Ceban" and shared["case_id"] is None
    assert shared["urgency"] == "emergency" and shared["status"] == "sent"
    assert cm.get(f"/api/v1/referrals/{rid}").json()["case_id"] == case.pk
    assert post(cm, f"/api/v1/referrals/{rid}/accept", {}).status_code == 403
    accepted = post(receiver, f"/api/v1/referrals/{rid}/accept", {"note": "Monday."})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert post(receiver, f"/api/v1/referrals/{rid}/decline", {"reason": "late"}).status_code == 400
    done = post(receiver, f"/api/v1/referrals/{rid}/feedback", {"feedback": "Six sessions."})
    assert done.json()["status"] == "delivered"
    assert [e["to_status"] for e in done.json()["events"]] == ["sent", "accepted", "delivered"]


def test_bad_input_is_refused_with_reasons(cast, case, counselling, client_for):
    cm = client_for("case_manager")
    wrong = post(cm, "/api/v1/referrals", _body(case, counselling, to_organisation=cast.far_directorate.pk))
    assert wrong.status_code == 400 and "does not offer this service" in str(wrong.json()["errors"])
    no_consent = post(cm, "/api/v1/referrals", _body(case, counselling, consent_by=None, consent_on=None))
    assert no_consent.status_code == 400 and "consent_by" in no_consent.json()["errors"]
    assert post(cm, "/api/v1/referrals", _body(case, counselling, urgency="whenever")).status_code == 422
    assert post(cm, "/api/v1/referrals", {"case": case.pk}).status_code == 422
    assert post(client_for("other_case_manager"), "/api/v1/referrals", _body(case, counselling)).status_code == 404
    assert not Referral.objects.exists()


def test_decline_needs_a_reason(cast, case, counselling, refer, client_for):
    r = refer(case, counselling)
    receiver = client_for("other_case_manager")
    assert post(receiver, f"/api/v1/referrals/{r.pk}/decline", {"reason": ""}).status_code == 422
    assert post(receiver, f"/api/v1/referrals/{r.pk}/decline", {"reason": "Full."}).status_code == 200
    assert Referral.objects.get(pk=r.pk).status == ReferralStatus.DECLINED


def test_services_catalogue(cast, counselling, client_for):
    ServiceFactory(organisation=cast.far_directorate, service_type="legal_aid")
    client = client_for("volunteer")
    assert client.get("/api/v1/referrals/services").json()["count"] == 2
    narrow = client.get(f"/api/v1/referrals/services?area={cast.other_district.pk}").json()
    assert [s["id"] for s in narrow["items"]] == [counselling.pk]
    assert client.get("/api/v1/referrals/services?service_type=nonsense").status_code == 422


def test_api_referral_for_a_plan_action(cast, case, open_case, make_child, counselling, client_for):
    from tests.referrals.test_views import _plan_action

    cm = client_for("case_manager")
    action = _plan_action(cast, case)
    created = post(cm, "/api/v1/referrals", _body(case, counselling, action=action.pk))
    assert created.status_code == 201
    assert Referral.objects.get(pk=created.json()["id"]).action == action
    other_action = _plan_action(cast, open_case(child=make_child(given="Maria")))
    assert post(cm, "/api/v1/referrals", _body(case, counselling, action=other_action.pk)).status_code == 404
