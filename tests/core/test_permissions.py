"""The permission matrix: every core route × every persona, including the denials."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS

ALL = {p: 200 for p in PERSONAS if p != "anonymous"}


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    out = {p: default for p in PERSONAS}
    out["anonymous"] = anonymous
    out.update(overrides)
    return out


# (route template, {persona: status}); {name} placeholders are filled from the cast.
PAGES = [
    ("/", expect(200)),
    ("/places/", expect(200)),
    ("/places/{district}/", expect(200)),
    ("/places/999999/", expect(404)),
    ("/organisations/", expect(200)),
    ("/organisations/?kind=nonsense&area=abc", expect(200)),
    ("/organisations/{directorate}/", expect(200)),
    ("/staff/", expect(200, analyst=403)),
    # A case manager's own record: seen by herself, her supervisor (same organisation), the regional
    # manager of her region and the national administrator; nobody else learns it exists.
    (
        "/staff/{case_manager}/",
        expect(404, admin=200, regional=200, supervisor=200, case_manager=200),
    ),
    ("/staff/{far_case_manager}/", expect(404, admin=200)),
    (
        "/staff/{assistant}/",
        expect(404, admin=200, regional=200, supervisor=200, assistant=200, volunteer=200),
    ),
    ("/audit/", expect(403, admin=200)),
    ("/audit/?date_from=2026-02-01&date_to=2026-01-01", expect(403, admin=200)),
    ("/account/", expect(200)),
    ("/accounts/password/", expect(200)),
    ("/admin/", expect(302, admin=200)),
    ("/nowhere/", expect(404, anonymous=404)),
]

API = [
    ("/api/v1/me", expect(200, anonymous=401)),
    ("/api/v1/areas", expect(200, anonymous=401)),
    ("/api/v1/areas/{district}", expect(200, anonymous=401)),
    ("/api/v1/areas/999999", expect(404, anonymous=401)),
    ("/api/v1/organisations", expect(200, anonymous=401)),
    ("/api/v1/organisations?limit=1000000", expect(422, anonymous=401)),
    ("/api/v1/organisations/{directorate}", expect(200, anonymous=401)),
    ("/api/v1/staff", expect(200, anonymous=401)),
    (
        "/api/v1/staff/{case_manager}",
        expect(404, anonymous=401, admin=200, regional=200, supervisor=200, case_manager=200),
    ),
    ("/api/v1/staff/{far_case_manager}", expect(404, anonymous=401, admin=200)),
]

PUBLIC = [
    ("/accounts/login/", expect(200, anonymous=200, **{p: 302 for p in PERSONAS if p != "anonymous"})),
    ("/api/v1/openapi.json", expect(200, anonymous=200)),
    ("/api/v1/docs", expect(200, anonymous=200)),
    ("/api/v1/", expect(404, anonymous=404)),
]


def _fill(route: str, cast) -> str:
    ids = {
        "district": cast.district.pk,
        "directorate": cast.directorate.pk,
        "case_manager": cast.case_manager.pk,
        "far_case_manager": cast.far_case_manager.pk,
        "assistant": cast.assistant.pk,
    }
    return route.format(**ids)


CASES = [
    (route, persona, statuses[persona]) for route, statuses in PAGES + API + PUBLIC for persona in PERSONAS
]


@pytest.mark.parametrize(("route", "persona", "status"), CASES)
def test_route_answers_persona(route, persona, status, cast, client_for):
    response = client_for(persona).get(_fill(route, cast))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
    if route.startswith("/api/") and status >= 400:
        assert "detail" in response.json()
