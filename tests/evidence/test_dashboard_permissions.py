"""The permission matrix of the dashboards and the indicator pages."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

DASHBOARD = expect(403, admin=200, regional=200, supervisor=200, analyst=200)
INDICATOR = expect(403, admin=200, regional=200, analyst=200)
UNKNOWN = expect(403, admin=404, regional=404, analyst=404)

ROUTES = [
    ("/evidence/", DASHBOARD),
    ("/evidence/?year=2025&scope=team", DASHBOARD),
    ("/evidence/?year=1066&area=garbage", DASHBOARD),  # bad filters: told on the form, the defaults apply
    ("/evidence/?area={far_district}", DASHBOARD),  # outside the regional manager's region: her own figures
    ("/evidence/indicators/{code}/", INDICATOR),
    ("/evidence/indicators/children_by_care_setting/?by=setting&format=xlsx", INDICATOR),
    ("/evidence/indicators/children_by_care_setting/?by=nonsense", INDICATOR),
    ("/evidence/indicators/no_such_indicator/", UNKNOWN),
]


@pytest.fixture
def ids(cast):
    return {"far_district": cast.far_district.pk, "code": "open_cases"}


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"


def test_a_regional_manager_cannot_read_another_regions_figures(cast, client_for):
    page = client_for("regional").get(f"/evidence/?area={cast.far_district.pk}").content.decode()
    assert cast.region.name in page and "Cahul" not in page.split("<main")[-1].split("</form>")[-1]
