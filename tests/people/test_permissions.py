from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

REGISTERING = dict(trainer=403, analyst=403)

PAGES = [
    ("/people/", expect(200, **REGISTERING)),
    ("/people/?q=Чебан&birth_date=nonsense", expect(200, **REGISTERING)),
    ("/people/?format=csv", expect(200, **REGISTERING)),
    ("/people/?format=xlsx&q=Ceban&birth_date=2015-03-12", expect(200, **REGISTERING)),
    ("/people/register/", expect(200, **REGISTERING)),
    ("/people/{child}/", expect(404, admin=200, regional=200, supervisor=200, case_manager=200)),
    ("/people/{far_child}/", expect(404, admin=200)),
    ("/people/999999/", expect(404)),
    ("/people/{child}/edit/", expect(404, admin=200, regional=200, supervisor=200, case_manager=200)),
    ("/people/{far_child}/edit/", expect(404, admin=200)),
    (
        "/people/{child}/relatives/add/",
        expect(404, admin=200, regional=200, supervisor=200, case_manager=200, **REGISTERING),
    ),
    ("/people/{child}/merge/{twin}/", expect(403, admin=200, regional=200, supervisor=200)),
    ("/people/{child}/merge/{far_child}/", expect(403, admin=200, regional=404, supervisor=404)),
]

API = [
    ("/api/v1/people", expect(200, anonymous=401, **REGISTERING)),
    (
        "/api/v1/people/{child}",
        expect(404, anonymous=401, admin=200, regional=200, supervisor=200, case_manager=200),
    ),
    ("/api/v1/people/{far_child}", expect(404, anonymous=401, admin=200)),
]

ROUTES = PAGES + API
# Routes that only take POST, tested below and in test_api.py.
POST_ROUTES = [("/api/v1/people/match", {})]
CASES = [(route, persona, statuses[persona]) for route, statuses in ROUTES for persona in PERSONAS]


@pytest.mark.parametrize(("route", "persona", "status"), CASES)
def test_route_answers_persona(route, persona, status, cast, client_for, child, twin, far_child):
    url = route.format(child=child.pk, twin=twin.pk, far_child=far_child.pk)
    response = client_for(persona).get(url)
    assert response.status_code == status, f"{persona} GET {url}: {response.status_code}, expected {status}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_endpoints_are_refused_to_those_without_the_role(persona, cast, client_for, child):
    payload = {"given_name": "Ion", "family_name": "Ceban", "birth_date": "2015-03-12", "sex": "M"}
    client = client_for(persona)
    match = client.post("/api/v1/people/match", payload, content_type="application/json")
    expected = {"anonymous": 401, "trainer": 403, "analyst": 403}.get(persona, 200)
    assert match.status_code == expected
