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
]
CASES = [(route, persona, statuses[persona]) for route, statuses in ROUTES for persona in PERSONAS]


@pytest.fixture
def world(cast, open_case, make_child):
    case = open_case()
    case.volunteers.add(cast.volunteer)
    far = open_case(
        by=cast.far_case_manager, child=make_child(by=cast.far_case_manager, area=cast.far_district)
    )
    return {"case": case.pk, "far_case": far.pk, "far_district": cast.far_district.pk}


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

    response = client_for(persona).post(
        f"/cases/{world['case']}/support/",
        {"record_kind": "primary", "kind": "counselling", "on": "2026-03-02"},
    )
    assert response.status_code == WRITES[persona], persona
    created = PrimarySupport.objects.count()
    assert created == (1 if persona in ("admin", "regional", "supervisor", "case_manager") else 0)
