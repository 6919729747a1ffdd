"""GET /api/v1/evidence/staffing-studies and /{id}: the studies through the pages' door, their inputs, and the
result the study's page shows, against the figures worked by hand in test_staffing.py:

  the study of region N, 2025, case managers (AWT 60 h, CAF 1.25, IAF 0.1):
      district N2  required 1.1, existing 0.5, difference −0.6, ratio 0.4545  (a shortage: the first row)
      district N1  required 0.6, existing 1.5, difference +0.9, ratio 2.5
      region N     required 1.7, existing 2.0, difference +0.3, ratio 1.1765

Four studies in all (`others`): region N's, district N1's, region S's and the country's. The national
administrator and the analyst read the four, the regional manager of region N her two; every other role is
refused (403) as on the pages, and a study out of scope is not found (404).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careforce.core.models import AreaLevel, AuditEntry
from careforce.evidence import staffing
from careforce.evidence.models import StaffingStudy
from tests.conftest import PERSONAS
from tests.core.factories import AreaFactory, OrganisationFactory
from tests.evidence.factories import CategoryAllowanceFactory, StaffingStudyFactory, hand_worked_study
from tests.evidence.test_staffing import world  # noqa: F401  (the hand-worked case work and staff)
from tests.workforce.factories import AssignmentFactory, WorkerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/evidence/staffing-studies"
READERS = {"admin": 4, "analyst": 4, "regional": 2}


@pytest.fixture
def others(cast, world):  # noqa: F811
    return {
        "north": world.study,
        "district": hand_worked_study(cast.district, name="Bălțeni 2025"),
        "south": hand_worked_study(cast.far_region, name="Sud 2025"),
        "country": hand_worked_study(cast.country, name="Country 2024", year=2024),
    }


def _get(client, url=URL, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()


# --- The list --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_is_answered_as_by_the_list_page(persona, others, client_for):
    client = client_for(persona)
    page = client.get("/evidence/staffing/").status_code
    response = client.get(URL)
    assert response.status_code == {200: 200, 403: 403, 302: 401}[page]
    if persona in READERS:
        body = response.json()
        assert body["count"] == READERS[persona] == len(body["items"])
    else:
        assert response.status_code in (401, 403) and response.json()["detail"]


def test_the_regional_manager_lists_her_regions_studies_only(others, client_for):
    ids = [s["id"] for s in _get(client_for("regional"))["items"]]
    assert sorted(ids) == sorted([others["north"].pk, others["district"].pk])


def test_the_list_is_in_the_pages_order_with_each_studys_inputs(others, cast, client_for):
    body = _get(client_for("analyst"))
    # The newest year first, then by name: as the list page.
    names = [s["name"] for s in body["items"]]
    assert names[-1] == "Country 2024" and names[:3] == sorted(names[:3])
    north = next(s for s in body["items"] if s["id"] == others["north"].pk)
    assert north["area"] == {"id": cast.region.pk, "code": "DM-N", "name": "Nord", "level": 1}
    assert (north["cadre"], north["year"], north["version"]) == ("case_manager", 2025, 1)
    assert north["working_time"] == {
        "working_days": 20.0, "public_holidays": 2.0, "annual_leave_days": 4.0, "sick_leave_days": 1.0,
        "other_leave_days": 1.0, "hours_per_day": 5.0,
    }
    assert north["activities"] == [
        {"activity": "home_visit", "standard_hours": 2.0, "annual_volume_override": None},
        {"activity": "initial_assessment", "standard_hours": 3.0, "annual_volume_override": None},
    ]
    assert north["category_allowances"] == [{"name": "Recording", "percent": 20.0}]
    assert north["individual_allowances"] == [{"name": "Supervising", "hours_per_year": 6.0}]


def test_pages_of_the_list(others, client_for):
    client = client_for("admin")
    first, rest = _get(client, limit=3), _get(client, limit=3, offset=3)
    assert first["count"] == rest["count"] == 4
    assert len(first["items"]) == 3 and len(rest["items"]) == 1
    assert client.get(URL, {"limit": 201}).status_code == 422


def test_the_list_reads_a_constant_number_of_queries(others, cast, client_for):
    client = client_for("admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _get(client)
        return len(ctx.captured_queries)

    before = count()
    for _n in range(4):
        hand_worked_study(cast.far_region)
        hand_worked_study(cast.district)
    assert count() == before


# --- One study -------------------------------------------------------------------------------------------


def _area(body, area) -> dict:
    return next(a for a in body["result"]["areas"] if a["area"]["id"] == area.pk)


def test_the_hand_worked_study(others, cast, client_for):
    body = _get(client_for("regional"), f"{URL}/{others['north'].pk}")
    assert body["name"] == others["north"].name and body["error"] is None
    result = body["result"]
    assert result["available_working_time_hours"] == 60
    assert result["category_allowance_factor"] == pytest.approx(1.25)
    assert result["individual_allowance_factor"] == pytest.approx(0.1)
    assert (result["start"], result["end"], result["staff_on"]) == ("2025-01-01", "2025-12-31", "2025-12-31")
    assert result["records_activity"] is True and result["partial_year"] is False
    assert [a["area"]["id"] for a in result["areas"]] == [cast.other_district.pk, cast.district.pk]
    n1, n2 = _area(body, cast.district), _area(body, cast.other_district)
    assert n1["recorded"] == {"home_visit": 6, "initial_assessment": 4}
    assert n1["volumes"] == {"home_visit": 6.0, "initial_assessment": 4.0}
    assert (n1["required_staff"], n1["existing_staff"]) == (pytest.approx(0.6), pytest.approx(1.5))
    assert (n1["wisn_difference"], n1["wisn_ratio"], n1["shortage"]) == (pytest.approx(0.9), pytest.approx(2.5), False)
    assert (n2["required_staff"], n2["existing_staff"]) == (pytest.approx(1.1), pytest.approx(0.5))
    assert (n2["wisn_ratio"], n2["shortage"]) == (pytest.approx(0.5 / 1.1), True)
    visits = next(a for a in n1["activities"] if a["activity"] == "home_visit")
    assert (visits["standard_workload"], visits["staff_needed"]) == (pytest.approx(30), pytest.approx(0.2))
    totals = result["totals"]
    assert (totals["required_staff"], totals["existing_staff"]) == (pytest.approx(1.7), pytest.approx(2.0))
    assert (totals["wisn_difference"], totals["wisn_ratio"]) == (pytest.approx(0.3), pytest.approx(2 / 1.7))
    assert totals["recorded"] == {"home_visit": 24, "initial_assessment": 8}


def test_the_detail_is_what_the_studys_page_shows(others, cast, client_for):
    client = client_for("analyst")
    page = client.get(f"/evidence/staffing/{others['north'].pk}/").context["result"]
    body = _get(client, f"{URL}/{others['north'].pk}")
    assert [(a["area"]["id"], a["required_staff"], a["existing_staff"], a["wisn_ratio"])
            for a in body["result"]["areas"]] == [
        (r.area.pk, r.result.required_staff, r.result.existing_staff, r.result.wisn_ratio) for r in page.rows
    ]


def test_an_entered_volume_is_shared_as_on_the_page(others, cast, client_for):
    others["north"].activities.filter(activity="home_visit").update(annual_volume_override=Decimal(60))
    body = _get(client_for("admin"), f"{URL}/{others['north'].pk}")
    assert body["activities"][0]["annual_volume_override"] == 60.0
    assert body["result"]["entered"] == {"home_visit": 60.0}
    assert _area(body, cast.district)["volumes"]["home_visit"] == pytest.approx(15)
    assert _area(body, cast.district)["required_staff"] == pytest.approx(0.975)


def test_a_study_that_cannot_be_calculated_says_why(cast, client_for):
    study = StaffingStudyFactory(area=cast.region)
    CategoryAllowanceFactory(study=study, name="Recording", percent=Decimal(60))
    CategoryAllowanceFactory(study=study, name="Meetings", percent=Decimal(50))
    body = _get(client_for("admin"), f"{URL}/{study.pk}")
    assert body["result"] is None
    assert "cannot be calculated" in body["error"] and "less than 100%" in body["error"]
    page = client_for("admin").get(f"/evidence/staffing/{study.pk}/")
    assert page.status_code == 200 and page.context["error"] == body["error"]


ROUTES = [
    ("north", dict(admin=200, regional=200, analyst=200)),
    ("district", dict(admin=200, regional=200, analyst=200)),
    # Another region's study and the whole country's: the regional manager learns neither exists.
    ("south", dict(admin=200, regional=404, analyst=200)),
    ("country", dict(admin=200, regional=404, analyst=200)),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("study", "readers"), ROUTES)
def test_each_persona_is_answered_as_by_the_studys_page(persona, study, readers, others, client_for):
    client = client_for(persona)
    pk = others[study].pk
    expected = readers.get(persona, 401 if persona == "anonymous" else 403)
    page = client.get(f"/evidence/staffing/{pk}/").status_code
    response = client.get(f"{URL}/{pk}")
    assert response.status_code == expected
    assert page == (302 if expected == 401 else expected)
    if expected != 200:
        assert response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "status"),
    [("999999", 404), ("0", 422), ("-1", 422), ("abc", 422), (str(10**25), 422), (str(2**63), 422)],
)
def test_bad_or_missing_ids(path, status, others, client_for):
    response = client_for("admin").get(f"{URL}/{path}")
    assert response.status_code == status
    assert response.json()["detail"]
    # A role that reads no study is refused first, whatever the id, as on the page.
    assert client_for("supervisor").get(f"{URL}/999999").status_code == 403


def test_a_study_is_counts_nobody_is_audited(others, client_for):
    """Neither page writes to the log when read: a study counts events and staff per area, nobody's record."""
    client = client_for("admin")
    before = AuditEntry.objects.count()
    _get(client)
    _get(client, f"{URL}/{others['north'].pk}")
    client.get(f"/evidence/staffing/{others['north'].pk}/")
    assert AuditEntry.objects.count() == before


def test_the_detail_reads_a_constant_number_of_queries(others, cast, client_for):
    client = client_for("admin")
    url = f"{URL}/{others['north'].pk}"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            body = _get(client, url)
        assert body["result"] is not None
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        district = AreaFactory(code=f"DM-N-9{i}", name=f"District {i}", level=AreaLevel.DISTRICT, parent=cast.region)
        AssignmentFactory(worker=WorkerFactory(organisation=OrganisationFactory(area=district)),
                          start=date(2020, 1, 1))
    assert count() == before
    assert len(_get(client, url)["result"]["areas"]) == 7
    assert StaffingStudy.objects.count() == 4
    assert staffing.studies(cast.regional).count() == 2
