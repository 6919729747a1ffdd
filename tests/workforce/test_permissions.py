"""The workforce permission matrix: every route × every persona."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.workforce.test_api import BODY

# The WISN calculator is open to every signed-in role (numbers only, no personal data).
# Routes that only take POST: (route, {persona: status}), tested below.
ROUTES = [("/api/v1/workforce/wisn", expect(200, anonymous=401))]


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_post_route_answers_persona(route, persona, status, cast, client_for):
    response = client_for(persona).post(route, BODY, content_type="application/json")
    assert response.status_code == status, (
        f"{persona} POST {route}: {response.status_code}, expected {status}"
    )
