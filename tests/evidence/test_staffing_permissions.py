"""The staffing studies' permission matrix: every route × every persona, the refused POSTs, and 404 out of scope.

Planners (the national administrator; a regional manager within her region) read and change studies;
analysts read every study (counts per area, nobody's record) and change none; everybody else is refused.
"""

from __future__ import annotations

import pytest

from careforce.evidence.models import StaffingStudy
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.evidence.factories import hand_worked_study

READ = expect(403, admin=200, regional=200, analyst=200)
WRITE = expect(403, admin=200, regional=200)

ROUTES = [
    ("/evidence/staffing/", READ),
    ("/evidence/staffing/?page=999", READ),
    ("/evidence/staffing/new/", WRITE),
    ("/evidence/staffing/{north}/", READ),
    ("/evidence/staffing/{north}/?home_visit=-1&initial_assessment=abc", READ),
    ("/evidence/staffing/{north}/?home_visit=1e300", READ),
    # Another region's study, and the whole country's: the regional manager learns neither exists.
    ("/evidence/staffing/{south}/", expect(403, admin=200, regional=404, analyst=200)),
    ("/evidence/staffing/{country}/", expect(403, admin=200, regional=404, analyst=200)),
    ("/evidence/staffing/999999/", expect(403, admin=404, regional=404, analyst=404)),
    ("/evidence/staffing/{north}/edit/", WRITE),
    ("/evidence/staffing/{south}/edit/", expect(403, admin=200, regional=404)),
    ("/evidence/staffing/999999/edit/", expect(403, admin=404, regional=404)),
]


@pytest.fixture
def studies(cast):
    return {
        "north": hand_worked_study(cast.district).pk,
        "south": hand_worked_study(cast.far_region).pk,
        "country": hand_worked_study(cast.country).pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, studies, client_for):
    response = client_for(persona).get(route.format(**studies))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"


def _form(area_pk: int, version: int = 1) -> dict[str, str]:
    data = {
        "name": "Changed",
        "area": str(area_pk),
        "cadre": "case_manager",
        "year": "2025",
        "working_days": "20",
        "public_holidays": "2",
        "annual_leave_days": "4",
        "sick_leave_days": "1",
        "other_leave_days": "1",
        "hours_per_day": "5",
        "version": str(version),
        "act-TOTAL_FORMS": "1",
        "act-INITIAL_FORMS": "1",
        "act-0-activity": "home_visit",
        "act-0-standard_hours": "2",
        "cat-TOTAL_FORMS": "0",
        "cat-INITIAL_FORMS": "0",
        "ind-TOTAL_FORMS": "0",
        "ind-INITIAL_FORMS": "0",
    }
    return data


REFUSED_WRITERS = [p for p in PERSONAS if p not in ("admin", "regional")]


@pytest.mark.parametrize("persona", REFUSED_WRITERS)
def test_refused_personas_cannot_post(persona, cast, studies, client_for):
    client = client_for(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.post("/evidence/staffing/new/", _form(cast.region.pk)).status_code == expected
    assert client.post(f"/evidence/staffing/{studies['north']}/edit/", _form(cast.district.pk)).status_code == expected
    assert StaffingStudy.objects.count() == 3
    assert not StaffingStudy.objects.filter(name="Changed").exists()


def test_a_regional_manager_cannot_post_to_another_regions_study(cast, studies, client_for):
    client = client_for("regional")
    response = client.post(f"/evidence/staffing/{studies['south']}/edit/", _form(cast.far_region.pk))
    assert response.status_code == 404
    # Nor move her own study out of her region.
    response = client.post(f"/evidence/staffing/{studies['north']}/edit/", _form(cast.far_region.pk))
    assert response.status_code == 400
    assert not StaffingStudy.objects.filter(name="Changed").exists()


@pytest.mark.parametrize("persona", ["admin", "regional"])
def test_planners_post_within_their_scope(persona, cast, studies, client_for):
    response = client_for(persona).post(f"/evidence/staffing/{studies['north']}/edit/", _form(cast.district.pk))
    assert response.status_code == 302
    assert StaffingStudy.objects.get(pk=studies["north"]).name == "Changed"
