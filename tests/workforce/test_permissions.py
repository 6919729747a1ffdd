"""The workforce permission matrix: every route × every persona."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.workforce.factories import AssignmentFactory, PostFactory
from tests.workforce.supervision_data import make_team
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


# --- The registry's and supervision's writes, and the sessions list -----------------------------------------
# The national administrator keeps the registry everywhere, a regional manager in her region (outside it:
# 404); every other role is refused (403) before anything is looked up, as on the pages.
EDIT = expect(403, anonymous=401, admin=200, regional=200)
CREATE = expect(403, anonymous=401, admin=201, regional=201)
FAR_EDIT = expect(403, anonymous=401, admin=200, regional=404)
FAR_CREATE = expect(403, anonymous=401, admin=201, regional=404)


def _worker(org: str) -> dict:
    return {"given_name": "Ana", "family_name": "Rusu", "sex": "F", "birth_year": 1980, "cadre": "social_worker",
            "organisation": f"{{{org}}}"}


_END = {"end": "2025-06-30", "reason": "voluntary"}
_SESSION = {"supervisor": "{sup}", "supervisees": ["{cm}"], "kind": "individual", "on": "2025-06-10",
            "duration_minutes": 90}

# (method, route template, body, {persona: status}); {name} placeholders are filled from the fixture below.
WRITES = [
    ("post", "/api/v1/workforce/workers", _worker("directorate"), CREATE),
    # An organisation outside her region is the service's refusal, naming the field.
    ("post", "/api/v1/workforce/workers", _worker("far_directorate"), {**CREATE, "regional": 400}),
    ("patch", "/api/v1/workforce/workers/{cm}", {"version": 1, "phone": "0231"}, EDIT),
    ("patch", "/api/v1/workforce/workers/{far_cm}", {"version": 1, "phone": "0231"}, FAR_EDIT),
    ("patch", "/api/v1/workforce/workers/999999", {"version": 1}, {**EDIT, "admin": 404, "regional": 404}),
    ("post", "/api/v1/workforce/posts",
     {"title": "Psychologist", "organisation": "{directorate}", "cadre": "psychologist", "funded_from": "2025-01-01"},
     CREATE),
    ("post", "/api/v1/workforce/workers/{cm}/assignments", {"post": "{vacant}", "start": "2025-03-01"}, CREATE),
    ("post", "/api/v1/workforce/workers/{far_cm}/assignments", {"post": "{far_vacant}", "start": "2025-03-01"},
     FAR_CREATE),
    ("post", "/api/v1/workforce/assignments/{cm_assignment}/end", _END, EDIT),
    ("post", "/api/v1/workforce/assignments/{far_assignment}/end", _END, FAR_EDIT),
    ("post", "/api/v1/workforce/assignments/999999/end", _END, {**EDIT, "admin": 404, "regional": 404}),
    # Supervision: those who organise it record sessions; the supervised workers read their own.
    ("get", "/api/v1/workforce/supervision", None, expect(200, anonymous=401, volunteer=403, trainer=403, analyst=403)),
    ("get", "/api/v1/workforce/supervision?date_from=2025-06-01&date_to=2025-06-30&kind=group&limit=200",
     None, expect(200, anonymous=401, volunteer=403, trainer=403, analyst=403)),
    ("get", "/api/v1/workforce/supervision?limit=1000000", None, expect(422, anonymous=401)),
    ("post", "/api/v1/workforce/supervision", _SESSION, expect(403, anonymous=401, admin=201, regional=201,
                                                               supervisor=201)),
    # Routes that only take POST.
    ("get", "/api/v1/workforce/workers/{cm}/assignments", None, expect(405, anonymous=405)),
    ("get", "/api/v1/workforce/assignments/{cm_assignment}/end", None, expect(405, anonymous=405)),
]


@pytest.fixture
def ids(cast) -> dict[str, int]:
    team = make_team(cast)
    return {
        "directorate": cast.directorate.pk,
        "far_directorate": cast.far_directorate.pk,
        "sup": team.sup.pk,
        "cm": team.cm.pk,
        "far_cm": team.far_cm.pk,
        "vacant": PostFactory(organisation=cast.directorate).pk,
        "far_vacant": PostFactory(organisation=cast.far_directorate).pk,
        "cm_assignment": AssignmentFactory(
            worker=team.cm, post=PostFactory(organisation=cast.directorate), start=dt.date(2022, 3, 1)
        ).pk,
        "far_assignment": AssignmentFactory(worker=team.far_cm, start=dt.date(2023, 1, 1)).pk,
    }


def _fill(value, ids):
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


@pytest.mark.parametrize(
    ("method", "route", "body", "persona", "status"),
    [(m, r, b, p, s[p]) for m, r, b, s in WRITES for p in PERSONAS],
)
def test_api_route_answers_persona(method, route, body, persona, status, ids, client_for):
    url = route.format(**ids)
    client = client_for(persona)
    if body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, _fill(body, ids), content_type="application/json")
    assert response.status_code == status, (
        f"{persona} {method.upper()} {url}: {response.status_code}, expected {status}: {response.content[:200]}"
    )
