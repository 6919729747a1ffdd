"""The evidence API's permission matrix: every route × every persona, scope answering 404, and bad tokens 401.

Definitions are not figures: every signed-in user reads them. Values and the DHIS2 document are aggregates:
the national administrator and analysts read the country's, the regional manager her region's (another region
is not found), every other role none (403, with the reason). Staffing studies answer the same roles, as their
pages do.
"""

from __future__ import annotations

import pytest
from django.test import Client

from careforce.evidence.models import Dhis2DataElement, Dhis2OrgUnit
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.evidence.factories import hand_worked_study

SIGNED_IN = expect(200, anonymous=401)
READERS = expect(403, anonymous=401, admin=200, regional=200, analyst=200)
COUNTRY_ONLY = expect(403, anonymous=401, admin=200, regional=404, analyst=200)
NOWHERE = expect(403, anonymous=401, admin=404, regional=404, analyst=404)
# The query is checked before anybody's role: a malformed request is malformed for everyone.
MALFORMED = expect(422, anonymous=401)

VALUES = "/api/v1/indicators/{code}/values"
ROUTES = [
    ("/api/v1/indicators", SIGNED_IN),
    (VALUES + "?period=2025", READERS),
    (VALUES + "?period=2025&by=sex", READERS),
    (VALUES + "?period=2025-01-01..2025-06-30&area={district}", READERS),
    (VALUES + "?period=2025&area={far_region}", COUNTRY_ONLY),
    (VALUES + "?period=2025&area={country}", COUNTRY_ONLY),
    (VALUES + "?period=2025&area=999999", NOWHERE),
    ("/api/v1/indicators/no_such_indicator/values?period=2025", NOWHERE),
    (VALUES + "?period=2025-07-01..2025-06-30", expect(403, anonymous=401, admin=400, regional=400, analyst=400)),
    (VALUES + "?period=2025&by=cadre", expect(403, anonymous=401, admin=400, regional=400, analyst=400)),
    (VALUES + "?period=nonsense", MALFORMED),
    ("/api/v1/evidence/dhis2?period=2025", READERS),
    ("/api/v1/evidence/dhis2?period=2025&area={district}", READERS),
    ("/api/v1/evidence/dhis2?period=2025&area={far_region}", COUNTRY_ONLY),
    ("/api/v1/evidence/dhis2?period=2025&area=999999", NOWHERE),
    ("/api/v1/evidence/dhis2?period=1999", MALFORMED),
    # Staffing studies, as their pages: planners and analysts read them, a regional manager her region's.
    ("/api/v1/evidence/staffing-studies", READERS),
    ("/api/v1/evidence/staffing-studies?limit=1&offset=1", READERS),
    ("/api/v1/evidence/staffing-studies?limit=0", MALFORMED),
    ("/api/v1/evidence/staffing-studies/{north_study}", READERS),
    ("/api/v1/evidence/staffing-studies/{south_study}", COUNTRY_ONLY),
    ("/api/v1/evidence/staffing-studies/{country_study}", COUNTRY_ONLY),
    ("/api/v1/evidence/staffing-studies/999999", NOWHERE),
    ("/api/v1/evidence/staffing-studies/abc", MALFORMED),
]


@pytest.fixture
def ids(cast):
    Dhis2DataElement.objects.create(indicator="open_cases", data_element="fbfJHSPpUQD")
    Dhis2OrgUnit.objects.create(area=cast.country, org_unit="ImspTQPwCqd")
    return {"code": "open_cases", "country": cast.country.pk, "district": cast.district.pk,
            "far_region": cast.far_region.pk, "north_study": hand_worked_study(cast.district).pk,
            "south_study": hand_worked_study(cast.far_region).pk, "country_study": hand_worked_study(cast.country).pk}


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
    if status >= 400:
        assert response.json()["detail"]


@pytest.mark.parametrize("route", [r for r, _statuses in ROUTES])
@pytest.mark.parametrize("header", ["Bearer", "Bearer cf_", "Bearer cf_not-a-token", "Basic YWRtaW46eA==",
                                    "Bearer " + "x" * 5000])
def test_a_malformed_token_is_refused_with_a_reason(route, header, ids):
    response = Client(HTTP_AUTHORIZATION=header).get(route.format(**ids))
    assert response.status_code == 401 and "API token" in response.json()["detail"]


def test_the_reason_for_a_role_without_figures(ids, client_for):
    response = client_for("supervisor").get(VALUES.format(code="open_cases") + "?period=2025")
    assert response.status_code == 403 and "aggregate figures" in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "status"),
    [("?page_size=1000000", 200), ("?limit=1000000", 422), ("?limit=201", 422), ("?limit=200", 200),
     ("?limit=0", 422), ("?offset=-1", 422)],
)
def test_an_absurd_page_size_is_refused_or_capped(cast, client_for, query, status):
    """Pages hold 25 rows by default and never more than 200 (settings.NINJA_PAGINATION_MAX_LIMIT); ninja's
    pages are `limit`/`offset`, so a `page_size` is an unknown parameter and changes nothing."""
    from tests.workforce.factories import AssignmentFactory, WorkerFactory

    for _n in range(30):
        AssignmentFactory(worker=WorkerFactory(organisation=cast.directorate))
    response = client_for("admin").get("/api/v1/workforce/workers" + query)
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["count"] == 30 and len(body["items"]) == (25 if "page_size" in query else 30)
    else:
        assert response.json()["detail"]
