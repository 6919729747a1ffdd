"""The training permission matrix: every route × every persona."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

MANAGE = expect(403, admin=200, trainer=200)
SESSIONS = expect(403, admin=200, regional=200, supervisor=200, trainer=200)
# The ToT: held by the national training centre; its trainees work in the regional manager's region.
TOT = expect(403, admin=200, regional=200, supervisor=404, trainer=200)
# The cascaded session: in the region, with the supervisor's supervisees, below the trainer's ToT.
CHILD = expect(403, admin=200, regional=200, supervisor=200, trainer=200)
FAR = expect(403, admin=200, regional=404, supervisor=404, trainer=404)

ROUTES = [
    ("/training/competencies/", expect(200)),
    ("/training/courses/", expect(200)),
    ("/training/courses/{course}/", expect(200)),
    ("/training/courses/999999/", expect(404)),
    ("/training/courses/new/", MANAGE),
    ("/training/courses/{course}/edit/", MANAGE),
    ("/training/sessions/", SESSIONS),
    ("/training/sessions/?trains_trainers=true&page=99", SESSIONS),
    ("/training/sessions/new/", MANAGE),
    ("/training/sessions/{tot}/", TOT),
    ("/training/sessions/{child}/", CHILD),
    ("/training/sessions/{far}/", FAR),
    ("/training/sessions/999999/", expect(403, admin=404, regional=404, supervisor=404, trainer=404)),
    # Changing: the administrator, and a trainer for her organisation's sessions or those she trains.
    ("/training/sessions/{tot}/edit/", expect(403, admin=200, trainer=200)),
    ("/training/sessions/{far}/edit/", expect(403, admin=200, trainer=404)),
    ("/training/sessions/{child}/edit/", expect(403, admin=200, trainer=403)),
    ("/training/sessions/{tot}/scores/", expect(403, admin=200, supervisor=404, trainer=200)),
    ("/training/sessions/{child}/scores/", expect(403, admin=200, regional=403, supervisor=403, trainer=403)),
    ("/training/sessions/{far}/scores/", expect(403, admin=200, regional=404, supervisor=404, trainer=404)),
    # Enrolling is POST only: a GET goes back to the session.
    ("/training/sessions/{tot}/participants/", expect(403, admin=302, regional=302, supervisor=404, trainer=302)),
    ("/training/sessions/{tot}/cascade/", TOT),
    ("/training/sessions/{child}/cascade/", CHILD),
    ("/training/sessions/{far}/cascade/", FAR),
    ("/training/my/", expect(200)),
    ("/api/v1/training/sessions?trains_trainers=true", {**SESSIONS, "anonymous": 401}),
    ("/api/v1/training/sessions/{tot}/cascade", {**TOT, "anonymous": 401}),
    ("/api/v1/training/sessions/{far}/cascade", {**FAR, "anonymous": 401}),
]


@pytest.fixture
def ids(training):
    return {k: v.pk for k, v in training.items()}


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
