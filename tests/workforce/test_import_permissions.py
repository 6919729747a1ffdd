"""The import pages' permission matrix: every route × every persona, the POSTs of the refused included.

National administrators and regional managers import; everybody else is refused (403). An import job is
seen by whoever started it and by the national administrator: for anybody else it does not exist (404).
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from careforce.core.models import Job, JobStatus
from careforce.workforce.imports.tasks import CHECK_KIND, WRITE_KIND
from careforce.workforce.models import Worker
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

IMPORTERS = expect(403, admin=200, regional=200)

# (route template, {persona: status}); {name} placeholders are filled from the fixture.
ROUTES = [
    ("/workforce/import/", IMPORTERS),
    ("/workforce/import/?page=999", IMPORTERS),
    ("/workforce/import/template/{workers}.{xlsx}", IMPORTERS),
    ("/workforce/import/template/posts.csv", IMPORTERS),
    ("/workforce/import/template/posts.xlsx", IMPORTERS),
    ("/workforce/import/template/workers.csv", IMPORTERS),
    ("/workforce/import/template/people.xlsx", expect(403, admin=404, regional=404)),
    ("/workforce/import/template/workers.pdf", expect(403, admin=404, regional=404)),
    # The regional manager's own import; the national administrator sees every import.
    ("/workforce/import/{regional_job}/", IMPORTERS),
    ("/workforce/import/{regional_job}/?page=7", IMPORTERS),
    ("/workforce/import/{admin_job}/", expect(403, admin=200, regional=404)),
    ("/workforce/import/999999/", expect(403, admin=404, regional=404)),
    # A job of another kind is not an import.
    ("/workforce/import/{other_job}/", expect(403, admin=404, regional=404)),
    # Confirming is a POST: a GET is refused by method once signed in.
    ("/workforce/import/{regional_job}/confirm/", expect(405)),
]

GOOD_ROWS = [
    ["given_name", "family_name", "sex", "birth_year", "cadre", "organisation"],
    ["Ana", "Rusu", "F", 1980, "case_manager", "Directorate Bălțeni"],
]


def _xlsx() -> bytes:
    book = Workbook()
    for row in GOOD_ROWS:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ready_job(user) -> Job:
    return Job.objects.create(
        kind=CHECK_KIND,
        title="Workers from r.xlsx",
        created_by=user,
        status=JobStatus.DONE,
        params={"entity": "workers"},
        upload=_xlsx(),
        upload_name="r.xlsx",
        result={
            "entity": "workers",
            "rows": 1,
            "errors": [],
            "error_count": 0,
            "file_errors": [],
            "ready": True,
            "preview": [],
            "preview_headings": [],
            "warnings": [],
        },
    )


@pytest.fixture
def jobs(cast):
    return {
        "regional_job": _ready_job(cast.regional).pk,
        "admin_job": _ready_job(cast.admin).pk,
        "other_job": Job.objects.create(
            kind="evidence.report", title="A report", created_by=cast.regional
        ).pk,
        "workers": "workers",
        "xlsx": "xlsx",
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, jobs, client_for):
    response = client_for(persona).get(route.format(**jobs))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_uploading_is_refused_to_those_who_may_not_import(persona, cast, client_for):
    response = client_for(persona).post(
        "/workforce/import/", {"kind": "workers", "file": SimpleUploadedFile("r.xlsx", _xlsx())}
    )
    expected = {"anonymous": 302, "admin": 302, "regional": 302}.get(persona, 403)
    assert response.status_code == expected
    started = Job.objects.filter(kind=CHECK_KIND).exists()
    assert started is (persona in ("admin", "regional"))
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("whose", ["regional_job", "admin_job"])
def test_confirming_is_refused_to_those_who_may_not_import_or_see_the_job(persona, whose, jobs, client_for):
    response = client_for(persona).post(f"/workforce/import/{jobs[whose]}/confirm/")
    may = persona == "admin" or (persona == "regional" and whose == "regional_job")
    if persona == "anonymous":
        expected = 302
    elif persona not in ("admin", "regional"):
        expected = 403
    else:
        expected = 302 if may else 404
    assert response.status_code == expected
    assert Job.objects.filter(kind=WRITE_KIND).exists() is may
    assert Worker.objects.exists() is may
