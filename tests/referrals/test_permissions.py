"""The referrals permission matrix: every route × every persona.

The receiving organisation is Directorate Florești: its case manager (`other_case_manager`) sees the
referral sent to it, and nothing more of the case.
"""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.core.test_permissions import expect
from tests.referrals.factories import ServiceFactory

NO_CHILDREN = dict(trainer=403, analyst=403)
MANAGERS = expect(403, admin=200, regional=200, supervisor=200)
TRAYS = expect(403, admin=200, regional=200, supervisor=200, case_manager=200, assistant=200, other_case_manager=200)
# The referral from `casemanager`'s case: whoever sees the case, and the receiving case manager.
SEES = dict(
    admin=200, regional=200, supervisor=200, case_manager=200, volunteer=200, other_case_manager=200, **NO_CHILDREN
)
REFERS = dict(admin=200, regional=200, supervisor=200, case_manager=200, volunteer=403, **NO_CHILDREN)

PAGES = [
    # The catalogue holds no personal data: every signed-in user reads it.
    ("/referrals/services/", expect(200)),
    ("/referrals/services/?area=abc&service_type=nonsense&page=99", expect(200)),
    ("/referrals/services/?area={district}&service_type=counselling", expect(200)),
    ("/referrals/services/new/", MANAGERS),
    # Another directorate's service: its region's manager, not this directorate's supervisor.
    ("/referrals/services/{service}/edit/", expect(403, admin=200, regional=200, supervisor=404)),
    ("/referrals/services/{own_service}/edit/", MANAGERS),
    ("/referrals/services/{far_service}/edit/", expect(403, admin=200, regional=404, supervisor=404)),
    ("/referrals/services/999999/edit/", expect(403, admin=404, regional=404, supervisor=404)),
    ("/referrals/incoming/", TRAYS),
    ("/referrals/incoming/?status=bogus&page=abc", TRAYS),
    ("/referrals/outgoing/", TRAYS),
    ("/referrals/outgoing/?status=sent", TRAYS),
    ("/referrals/incoming/?format=csv", TRAYS),
    ("/referrals/incoming/?format=xlsx&status=sent", TRAYS),
    ("/referrals/outgoing/?format=csv", TRAYS),
    ("/referrals/outgoing/?format=xlsx&status=bogus", TRAYS),
    ("/referrals/new/?case={case}", expect(404, **REFERS)),
    ("/referrals/new/?case=abc", expect(404, volunteer=403, **NO_CHILDREN)),
    ("/referrals/new/?case={far_case}", expect(404, admin=200, volunteer=403, **NO_CHILDREN)),
    ("/referrals/{referral}/", expect(404, **SEES)),
    ("/referrals/{far_referral}/", expect(404, admin=200, **NO_CHILDREN)),
    ("/referrals/999999/", expect(404, **NO_CHILDREN)),
    # The letter is printed by the referring side; the receiver and the volunteer see the referral only.
    ("/referrals/{referral}/letter.pdf", expect(404, **{**SEES, "volunteer": 403, "other_case_manager": 403})),
    ("/referrals/{referral}/answer/", expect(405)),
]
API = [
    ("/api/v1/referrals/services", expect(200, anonymous=401)),
    ("/api/v1/referrals/services?area={district}", expect(200, anonymous=401)),
    ("/api/v1/referrals/{referral}", expect(404, anonymous=401, **SEES)),
    ("/api/v1/referrals/{far_referral}", expect(404, anonymous=401, admin=200, **NO_CHILDREN)),
    # The lists of the trays, with the trays' door; `direction` says which, and is required.
    ("/api/v1/referrals?direction=received", {**TRAYS, "anonymous": 401}),
    ("/api/v1/referrals?direction=sent", {**TRAYS, "anonymous": 401}),
    ("/api/v1/referrals?direction=received&status=sent&overdue=true", {**TRAYS, "anonymous": 401}),
    ("/api/v1/referrals?direction=sent&status=accepted&overdue=false&limit=1", {**TRAYS, "anonymous": 401}),
    # The query is checked before anybody's role: a malformed request is malformed for everyone.
    ("/api/v1/referrals", expect(422, anonymous=401)),
    ("/api/v1/referrals?direction=both", expect(422, anonymous=401)),
    ("/api/v1/referrals?direction=received&status=bogus", expect(422, anonymous=401)),
    ("/api/v1/referrals?direction=sent&overdue=maybe", expect(422, anonymous=401)),
    ("/api/v1/referrals/{referral}/accept", expect(405, anonymous=405)),
    ("/api/v1/referrals/{referral}/decline", expect(405, anonymous=405)),
    ("/api/v1/referrals/{referral}/feedback", expect(405, anonymous=405)),
]
ROUTES = PAGES + API


@pytest.fixture
def world(cast, case, open_case, make_child, counselling, refer):
    case.volunteers.add(cast.volunteer)
    referral = refer(case, counselling)
    far = open_case(
        by=cast.far_case_manager, child=make_child(by=cast.far_case_manager, area=cast.far_district)
    )
    far_service = ServiceFactory(organisation=cast.far_directorate)
    far_referral = refer(far, ServiceFactory(organisation=cast.training_centre), actor=cast.far_case_manager)
    return {
        "case": case.pk,
        "far_case": far.pk,
        "referral": referral.pk,
        "far_referral": far_referral.pk,
        "service": counselling.pk,
        "own_service": ServiceFactory(organisation=cast.directorate).pk,
        "far_service": far_service.pk,
        "district": cast.district.pk,
    }


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, world, client_for):
    response = client_for(persona).get(route.format(**world))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
