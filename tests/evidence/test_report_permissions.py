"""The report's permission matrix: every route × every persona.

Those who read aggregates build reports: the national administrator and the analyst for the country and any
area in it, a regional manager for her region and the areas in it (another area does not exist for her: 404).
Everybody else is refused (403). A background build's page and PDF are seen by whoever started it and the
national administrator, and by nobody else (404), as every job.
"""

from __future__ import annotations

import base64

import pytest

from careforce.core.models import Job, JobStatus
from careforce.evidence import report
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

READERS = expect(403, admin=200, regional=200, analyst=200)
NATIONAL = expect(403, admin=200, regional=404, analyst=200)
BAD = expect(403, admin=400, regional=400, analyst=400)
MISSING = expect(403, admin=404, regional=404, analyst=404)


def api(statuses: dict[str, int]) -> dict[str, int]:
    return {**statuses, "anonymous": 401}


ROUTES = [
    ("/evidence/report/", READERS),
    ("/evidence/report/?year=2026&area={region}", READERS),
    ("/evidence/report/?year=2026&area={district}", READERS),
    ("/evidence/report/?year=2026&area={far_region}", NATIONAL),
    # The country's report: offered to build in the background.
    ("/evidence/report/?year=2026&area={country}", NATIONAL),
    ("/evidence/report/?year=1999&area={region}", BAD),
    ("/evidence/report/?year=2026&area=999999", MISSING),
    ("/evidence/report/pdf/?year=2026&area={district}", READERS),
    ("/evidence/report/pdf/?year=2026&area={far_district}", NATIONAL),
    # Built in the background: the PDF link leads to the page that builds it.
    ("/evidence/report/pdf/?year=2026&area={country}", expect(403, admin=302, regional=404, analyst=302)),
    ("/evidence/report/pdf/?year=abc&area={district}", BAD),
    ("/evidence/report/jobs/{admin_job}/", expect(403, admin=200, regional=404, analyst=404)),
    ("/evidence/report/jobs/{analyst_job}/", expect(403, admin=200, regional=404, analyst=200)),
    ("/evidence/report/jobs/{regional_job}/", expect(403, admin=200, regional=200, analyst=404)),
    ("/evidence/report/jobs/{admin_running}/", expect(403, admin=200, regional=404, analyst=404)),
    ("/evidence/report/jobs/{other_kind}/", MISSING),  # a job, but not a report
    ("/evidence/report/jobs/999999/", MISSING),
    ("/evidence/report/jobs/{admin_job}/report.pdf", expect(403, admin=200, regional=404, analyst=404)),
    ("/evidence/report/jobs/{regional_job}/report.pdf", expect(403, admin=200, regional=200, analyst=404)),
    ("/evidence/report/jobs/{admin_running}/report.pdf", expect(403, admin=404, regional=404, analyst=404)),
    ("/evidence/report/jobs/999999/report.pdf", MISSING),
    ("/api/v1/evidence/report.pdf?year=2026", api(READERS)),
    ("/api/v1/evidence/report.pdf?year=2026&area={district}", api(READERS)),
    ("/api/v1/evidence/report.pdf?year=2026&area={far_district}", api(NATIONAL)),
    ("/api/v1/evidence/report.pdf?year=1999", api(BAD)),
    ("/api/v1/evidence/report.pdf?year=2026&area=999999", api(MISSING)),
]

BUILDERS = ("admin", "regional", "analyst")


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    # Who gets what is the question here; the PDF itself (WeasyPrint, seconds each) is tested in
    # test_report.py. The report's content is still built for every 200.
    monkeypatch.setattr(report, "render_pdf_bytes", lambda built: b"%PDF-1.7 " + built.filename.encode())


@pytest.fixture
def ids(cast):
    stored = {"html": "<p>The report</p>", "pdf": base64.b64encode(b"%PDF-1.7").decode(), "filename": "r"}

    def job(user, area, status=JobStatus.DONE, kind=report.KIND):
        return Job.objects.create(kind=kind, title="A report", created_by=user, status=status,
                                  params={"area": area.pk, "year": 2026},
                                  result=stored if status == JobStatus.DONE else {}).pk

    return {
        "country": cast.country.pk, "region": cast.region.pk, "district": cast.district.pk,
        "far_region": cast.far_region.pk, "far_district": cast.far_district.pk,
        "admin_job": job(cast.admin, cast.country),
        "analyst_job": job(cast.analyst, cast.country),
        "regional_job": job(cast.regional, cast.region),
        "admin_running": job(cast.admin, cast.country, JobStatus.RUNNING),
        "other_kind": job(cast.admin, cast.country, kind="workforce.import_check"),
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
    if status == 200 and ("pdf" in route.split("?")[0]):
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    if route.startswith("/api/") and status >= 400:
        assert response.json()["detail"]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in BUILDERS])
def test_only_aggregate_readers_start_a_build(persona, cast, client_for):
    response = client_for(persona).post("/evidence/report/", {"year": "2026", "area": str(cast.country.pk)})
    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert not Job.objects.filter(kind=report.KIND).exists()


@pytest.mark.parametrize(("persona", "area", "status"), [
    ("admin", "country", 302), ("analyst", "country", 302), ("regional", "region", 302),
    ("regional", "country", 404), ("regional", "far_district", 404),
])
def test_builders_start_a_build_within_their_scope_only(persona, area, status, cast, client_for):
    response = client_for(persona).post("/evidence/report/", {"year": "2026", "area": str(getattr(cast, area).pk)})
    assert response.status_code == status
    assert Job.objects.filter(kind=report.KIND).count() == (1 if status == 302 else 0)
