"""The family support routes × every persona: who reads a case's support, who reads the totals."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

NO_CASES = dict(trainer=403, analyst=403)
# Those who see the case read its support, except the volunteer attached to it (amounts and counselling
# notes are not what follow-up visits need): she is refused (403), the others outside the case get 404.
READS = dict(admin=200, regional=200, supervisor=200, case_manager=200, volunteer=403, **NO_CASES)
# Totals: the supervisor (her organisation), the regional manager (her region), the national administrator
# and the analyst (aggregates only).
TOTALS = expect(403, admin=200, regional=200, supervisor=200, analyst=200)

ROUTES = [
    ("/cases/{case}/support/", expect(404, **READS)),
    ("/cases/{far_case}/support/", expect(404, admin=200, **NO_CASES)),
    ("/cases/999999/support/", expect(404, **NO_CASES)),
    ("/cases/support/totals/", TOTALS),
    ("/cases/support/totals/?area=abc&organisation=xyz&start=nonsense&end=2020-01-01&page=99", TOTALS),
    ("/cases/support/totals/?area={far_district}&start=2026-01-01", TOTALS),
    ("/cases/support/totals/?format=csv", TOTALS),
    ("/cases/support/totals/?format=xlsx", TOTALS),
    ("/api/v1/cases/{case}/support", expect(404, anonymous=401, **READS)),
    ("/api/v1/cases/{far_case}/support", expect(404, anonymous=401, admin=200, **NO_CASES)),
    ("/api/v1/cases/{case}/support/primary", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/support/payments", expect(405, anonymous=405)),
    # POST only: who may post them is in API_WRITES below.
    ("/api/v1/cases/{case}/support/decisions", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/support/primary/{primary}/cancel", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/support/decisions/{decision}/cancel", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/support/payments/{payment}/cancel", expect(405, anonymous=405)),
]
CASES = [(route, persona, statuses[persona]) for route, statuses in ROUTES for persona in PERSONAS]


@pytest.fixture
def world(cast, open_case, make_child):
    from datetime import date

    from careforce.cases.services import support as svc

    case = open_case()
    case.volunteers.add(cast.volunteer)
    far = open_case(
        by=cast.far_case_manager, child=make_child(by=cast.far_case_manager, area=cast.far_district)
    )
    primary = svc.primary_support_record(actor=cast.case_manager, case=case, kind="counselling",
                                         on=date(2026, 2, 1))
    decision = svc.support_decision_record(actor=cast.supervisor, case=case, number="1/2026",
                                           decided_on=date(2026, 2, 1), decided_by="Commission")
    payment = svc.support_payment_record(actor=cast.case_manager, case=case, decision=decision, form="cash",
                                         amount="500", currency="MDL", paid_on=date(2026, 2, 2), purpose="Fuel")
    # A decision with no payment on it, that may be cancelled.
    spare = svc.support_decision_record(actor=cast.supervisor, case=case, number="2/2026",
                                        decided_on=date(2026, 2, 1), decided_by="Commission")
    return {"case": case.pk, "far_case": far.pk, "far_district": cast.far_district.pk, "primary": primary.pk,
            "decision": decision.pk, "payment": payment.pk, "spare_decision": spare.pk}


@pytest.mark.parametrize(("route", "persona", "status"), CASES)
def test_route_answers_persona(route, persona, status, world, client_for):
    url = route.format(**world)
    response = client_for(persona).get(url)
    assert response.status_code == status, f"{persona} GET {url}: {response.status_code}, expected {status}"


# Writes: POST by persona on the case of `casemanager` (a primary support record, the simplest write).
WRITES = dict(admin=302, regional=302, supervisor=302, case_manager=302, volunteer=403, assistant=404,
              other_case_manager=404, trainer=403, analyst=403, anonymous=302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_primary_support(persona, world, client_for):
    from careforce.cases.models import PrimarySupport

    before = PrimarySupport.objects.count()
    response = client_for(persona).post(
        f"/cases/{world['case']}/support/",
        {"record_kind": "primary", "kind": "counselling", "on": "2026-03-02"},
    )
    assert response.status_code == WRITES[persona], persona
    created = PrimarySupport.objects.count() - before
    assert created == (1 if persona in ("admin", "regional", "supervisor", "case_manager") else 0)


# The API's writes × persona, on the case of `casemanager`: those who may work the case write (201 or 200), a
# decision (and cancelling one) only the supervisor and the managers; the volunteer attached to the case is
# refused (403), trainers and analysts hold no cases (403), everyone else does not learn the case exists (404).
API_SEES = dict(volunteer=403, trainer=403, analyst=403)
API_WORKS = expect(404, anonymous=401, admin=201, regional=201, supervisor=201, case_manager=201, **API_SEES)
API_DECIDES = {**API_WORKS, "case_manager": 403}
API_WRITES = [
    ("/api/v1/cases/{case}/support/primary", {"kind": "counselling", "on": "2026-03-02"}, API_WORKS),
    ("/api/v1/cases/{case}/support/decisions",
     {"number": "7/2026", "decided_on": "2026-03-01", "decided_by": "Commission"}, API_DECIDES),
    ("/api/v1/cases/{case}/support/payments",
     {"decision": "{decision}", "amount": "100", "currency": "MDL", "paid_on": "2026-03-02", "purpose": "Fuel"},
     API_WORKS),
    ("/api/v1/cases/{case}/support/primary/{primary}/cancel", {"reason": "Wrong case"},
     {**API_WORKS, **dict.fromkeys(("admin", "regional", "supervisor", "case_manager"), 200)}),
    ("/api/v1/cases/{case}/support/payments/{payment}/cancel", {"reason": "Typed twice"},
     {**API_WORKS, **dict.fromkeys(("admin", "regional", "supervisor", "case_manager"), 200)}),
    ("/api/v1/cases/{case}/support/decisions/{spare_decision}/cancel", {"reason": "Wrong number"},
     {**API_DECIDES, **dict.fromkeys(("admin", "regional", "supervisor"), 200)}),
    # Another region's case: only the national administrator reaches it.
    ("/api/v1/cases/{far_case}/support/decisions",
     {"number": "8/2026", "decided_on": "2026-03-01", "decided_by": "Commission"},
     expect(404, anonymous=401, admin=201, trainer=403, analyst=403)),
]
API_WRITE_CASES = [(route, body, persona, statuses[persona])
                   for route, body, statuses in API_WRITES for persona in PERSONAS]


@pytest.mark.parametrize(("route", "body", "persona", "status"), API_WRITE_CASES)
def test_api_write_answers_persona(route, body, persona, status, world, client_for):
    from careforce.cases.models import PrimarySupport, SupportDecision, SupportPayment

    def count():
        return (PrimarySupport.objects.filter(cancelled_at__isnull=True).count()
                + SupportDecision.objects.filter(cancelled_at__isnull=True).count()
                + SupportPayment.objects.filter(cancelled_at__isnull=True).count())

    url = route.format(**world)
    data = {k: int(v.format(**world)) if v == "{decision}" else v for k, v in body.items()}
    before = count()
    response = client_for(persona).post(url, data, content_type="application/json")
    assert response.status_code == status, f"{persona} POST {url}: {response.status_code}, expected {status}"
    # One record more, one cancelled, or nothing changed.
    assert count() - before == {201: 1, 200: -1}.get(status, 0)
