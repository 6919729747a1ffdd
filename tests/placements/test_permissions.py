"""The placements permission matrix: every page and API route × every persona."""

from __future__ import annotations

import datetime as dt

import pytest

from careforce.placements import services
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

from .factories import make_child, make_institution

# The child is the case manager's: her supervisor, the regional manager and the administrator see her too.
SEES_CHILD = {"admin": 200, "regional": 200, "supervisor": 200, "case_manager": 200}
WRITE = expect(404, volunteer=403, trainer=403, analyst=403, **SEES_CHILD)
AGGREGATES = expect(403, admin=200, regional=200, analyst=200)

ROUTES = [
    ("/placements/children/{child}/change/", WRITE),
    ("/placements/children/{far_child}/change/", expect(404, admin=200, volunteer=403, trainer=403, analyst=403)),
    ("/placements/children/999999/change/", expect(404, volunteer=403, trainer=403, analyst=403)),
    ("/placements/children/{child}/reintegration/", expect(404, volunteer=403, trainer=403, analyst=403,
                                                           **dict.fromkeys(SEES_CHILD, 302))),
    ("/placements/institutions/", AGGREGATES),
    ("/placements/institutions/?start=nonsense&end=2020-01-01&page=99", AGGREGATES),
    ("/placements/outcomes/", AGGREGATES),
    ("/placements/outcomes/?area={far_district}&start=2030-01-01&end=2020-01-01", AGGREGATES),
    ("/placements/reintegrations/", expect(200, trainer=403, analyst=403)),
    ("/placements/reintegrations/?status=sustained&page=abc", expect(200, trainer=403, analyst=403)),
    ("/placements/reintegrations/{r}/", expect(404, **SEES_CHILD)),
    ("/placements/reintegrations/{far_r}/", expect(404, admin=200)),
    ("/placements/reintegrations/{r}/readiness/", WRITE),
    ("/placements/reintegrations/{r}/preparation/", WRITE),
    ("/placements/reintegrations/{r}/move/", WRITE),
    ("/placements/reintegrations/{r}/visits/", expect(404, trainer=403, analyst=403, **SEES_CHILD)),
    ("/api/v1/children/{child}/care-settings", expect(404, anonymous=401, **SEES_CHILD)),
    ("/api/v1/children/{far_child}/care-settings", expect(404, anonymous=401, admin=200)),
    ("/api/v1/reintegrations", expect(200, anonymous=401, trainer=403, analyst=403)),
    ("/api/v1/reintegrations/{r}", expect(404, anonymous=401, **SEES_CHILD)),
    ("/api/v1/reintegrations/{far_r}", expect(404, anonymous=401, admin=200)),
    ("/api/v1/reintegrations/{r}/visits", expect(405, anonymous=405)),  # POST only: tested in test_views
]


@pytest.fixture
def placements(cast):
    home = make_institution(cast.district)
    far_home = make_institution(cast.far_district, name="Far home")
    child = make_child(cast)
    far_child = make_child(cast, given="Far", by=cast.far_case_manager, area=cast.far_district)
    services.care_setting_change(actor=cast.admin, child=child, kind="residential", start=dt.date(2023, 1, 1),
                                 institution=home)
    services.care_setting_change(actor=cast.admin, child=far_child, kind="residential",
                                 start=dt.date(2023, 1, 1), institution=far_home)
    r = services.reintegration_start(actor=cast.admin, child=child)
    far_r = services.reintegration_start(actor=cast.admin, child=far_child)
    return {"child": child.pk, "far_child": far_child.pk, "r": r.pk, "far_r": far_r.pk,
            "far_district": cast.far_district.pk}


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, placements, client_for):
    response = client_for(persona).get(route.format(**placements))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
