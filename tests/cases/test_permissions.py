from __future__ import annotations

import pytest

from careforce.cases import services
from tests.cases.conftest import complete_assessments
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

NO_CASES = dict(trainer=403, analyst=403)
# Who sees the case of `casemanager`: herself, her supervisor, the regional manager, the national admin,
# and the volunteer attached to it. Others learn nothing (404).
SEES = dict(admin=200, regional=200, supervisor=200, case_manager=200, volunteer=200, **NO_CASES)
WORKS = dict(admin=200, regional=200, supervisor=200, case_manager=200, volunteer=403, **NO_CASES)
SENSITIVE = WORKS

PAGES = [
    ("/cases/", expect(200, **NO_CASES)),
    ("/cases/?status=bogus&risk=high", expect(200, **NO_CASES)),
    # The tray's downloads: the cases the page shows, for those who see the page.
    ("/cases/?format=csv", expect(200, **NO_CASES)),
    ("/cases/?format=xlsx&risk=high&mine=1&page=3", expect(200, **NO_CASES)),
    ("/cases/standards/", expect(200, **NO_CASES)),
    # Caseloads: those who balance work between workers; workers do not compare themselves with colleagues.
    ("/cases/caseloads/", expect(403, admin=200, regional=200, supervisor=200)),
    ("/cases/caseloads/?organisation=abc&page=99", expect(403, admin=200, regional=200, supervisor=200)),
    (
        "/cases/open/?child={child}",
        expect(404, admin=200, regional=200, supervisor=200, case_manager=200, volunteer=200, **NO_CASES),
    ),
    ("/cases/open/?child=abc", expect(404, **NO_CASES)),
    ("/cases/{case}/", expect(404, **SEES)),
    ("/cases/{far_case}/", expect(404, admin=200, **NO_CASES)),
    ("/cases/{case}/summary.pdf", expect(404, **SENSITIVE)),
    ("/cases/{case}/concerns/add/", expect(404, **SEES)),
    ("/cases/{case}/risk/", expect(404, **WORKS)),
    ("/cases/{case}/transfer/", expect(404, **{**WORKS, "case_manager": 403})),
    ("/cases/{case}/closure/", expect(404, **WORKS)),
    ("/cases/{case}/contacts/add/", expect(404, **{**WORKS, "volunteer": 200})),
    ("/cases/{case}/assessments/{assessment}/", expect(404, **SENSITIVE)),
    ("/cases/{case}/plans/{plan}/", expect(404, **SEES)),
    ("/cases/{case}/plans/{plan}/plan.pdf", expect(404, **SENSITIVE)),
]
POST_ONLY = [
    "/cases/{case}/closure/decision/",
    "/cases/{case}/reopen/",
    "/cases/{case}/tasks/add/",
    "/cases/{case}/tasks/1/done/",
    "/cases/{case}/assessments/start/",
    "/cases/{case}/assessments/{assessment}/complete/",
    "/cases/{case}/plans/new/",
    "/cases/{case}/plans/{plan}/goals/add/",
    "/cases/{case}/plans/{plan}/goals/1/actions/add/",
    "/cases/{case}/plans/{plan}/actions/1/done/",
    "/cases/{case}/plans/{plan}/submit/",
    "/cases/{case}/plans/{plan}/decision/",
]
API = [
    ("/api/v1/cases", expect(200, anonymous=401, **NO_CASES)),
    ("/api/v1/cases/{case}", expect(404, anonymous=401, **SEES)),
    ("/api/v1/cases/{far_case}", expect(404, anonymous=401, admin=200, **NO_CASES)),
    ("/api/v1/cases/{case}/contacts", expect(405, anonymous=405)),
    # The case's actions are POST only (tests/cases/test_api_actions.py: who may post each of them).
    ("/api/v1/cases/{case}/risk", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/transfer", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/closure", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/closure/approve", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/closure/return", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/reopen", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/tasks", expect(405, anonymous=405)),
    ("/api/v1/cases/{case}/tasks/1/done", expect(405, anonymous=405)),
]
ROUTES = PAGES + API + [(route, expect(405)) for route in POST_ONLY]
CASES = [(route, persona, statuses[persona]) for route, statuses in ROUTES for persona in PERSONAS]


@pytest.fixture
def world(cast, open_case, make_child):
    case = open_case()
    case.volunteers.add(cast.volunteer)
    complete_assessments(cast.case_manager, case, case.opened_on, case.opened_on)
    plan = services.plan_create(actor=cast.case_manager, case=case)
    far = open_case(
        by=cast.far_case_manager, child=make_child(by=cast.far_case_manager, area=cast.far_district)
    )
    return {
        "case": case.pk,
        "far_case": far.pk,
        "child": case.child_id,
        "plan": plan.pk,
        "assessment": case.assessments.first().pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), CASES)
def test_route_answers_persona(route, persona, status, world, client_for):
    url = route.format(**world)
    response = client_for(persona).get(url)
    if persona == "anonymous" and status not in (404, 401) and not url.startswith("/api/"):
        status = 302
    assert response.status_code == status, f"{persona} GET {url}: {response.status_code}, expected {status}"
