"""The job page's permission matrix: a job is seen by whoever started it and the national administrator;
for everybody else it does not exist (404)."""

from __future__ import annotations

import pytest

from careforce.core.models import Job, JobStatus
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

ROUTES = [
    ("/jobs/{regional_job}/", expect(404, admin=200, regional=200)),
    ("/jobs/{admin_job}/", expect(404, admin=200)),
    ("/jobs/{supervisor_job}/", expect(404, admin=200, supervisor=200)),
    ("/jobs/999999/", expect(404)),
]


@pytest.fixture
def job_ids(cast):
    def job(user):
        return Job.objects.create(kind="test", title="A report", created_by=user, status=JobStatus.DONE).pk

    return {
        "regional_job": job(cast.regional),
        "admin_job": job(cast.admin),
        "supervisor_job": job(cast.supervisor),
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, job_ids, client_for):
    response = client_for(persona).get(route.format(**job_ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_an_htmx_poll_of_somebody_elses_job_is_404_too(persona, job_ids, client_for):
    response = client_for(persona).get(f"/jobs/{job_ids['regional_job']}/", HTTP_HX_REQUEST="true")
    assert response.status_code == (200 if persona in ("admin", "regional") else 404)
