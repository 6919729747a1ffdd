"""The permission matrix of a worker's development record (CPD, competencies) and the training figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from careforce.training.models import CpdKind, CpdRecord
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

# The case manager's own record: herself, her supervisor (and organisation's), the regional manager of her
# area, the national administrator. Colleagues elsewhere and the trainer (who sees her as a participant)
# do not.
OWN_CM = expect(404, admin=200, regional=200, supervisor=200, case_manager=200)
# A worker of the supervisor's organisation with no account: her colleague the case manager sees her in
# the registry but not her development.
COLLEAGUE = expect(404, admin=200, regional=200, supervisor=200)
FAR = expect(404, admin=200)
REDIRECT_CM = {k: (302 if v == 200 else v) for k, v in OWN_CM.items()}
FIGURES_CPD = expect(403, admin=200, regional=200, supervisor=200)
FIGURES_NEEDS = expect(403, admin=200, regional=200, supervisor=200, trainer=200, analyst=200)

ROUTES = [
    ("/training/workers/{cm}/", OWN_CM),
    ("/training/workers/{t1}/", COLLEAGUE),
    ("/training/workers/{far_worker}/", FAR),
    ("/training/workers/999999/", expect(404)),
    # Recording is POST only: a GET goes back to the record.
    ("/training/workers/{cm}/cpd/", REDIRECT_CM),
    ("/training/workers/{cm}/assess/", OWN_CM),
    ("/training/workers/{t1}/assess/", COLLEAGUE),
    ("/training/cpd/{cm_record}/delete/", REDIRECT_CM),
    ("/training/cpd/{far_record}/delete/", {**FAR, "admin": 302}),
    # Her own record: a redirect for those linked to a worker, a page saying so for the others.
    ("/training/my/development/", expect(200, case_manager=302, assistant=302, trainer=302)),
    ("/training/cpd/compliance/", FIGURES_CPD),
    ("/training/cpd/compliance/?format=csv", FIGURES_CPD),
    ("/training/cpd/compliance/?on=garbage&area=999999&cadre=nope", FIGURES_CPD),
    ("/training/needs/", FIGURES_NEEDS),
    ("/training/needs/?format=xlsx", FIGURES_NEEDS),
    ("/training/needs/?area=garbage", FIGURES_NEEDS),
    ("/training/courses/{course}/impact/", FIGURES_NEEDS),
    ("/training/courses/999999/impact/", {**FIGURES_NEEDS, **{k: 404 for k, v in FIGURES_NEEDS.items() if v == 200}}),
    # The API: the records each persona may read (her own at least, so 200 for all), one worker's as her page.
    ("/api/v1/training/cpd", expect(200, anonymous=401)),
    ("/api/v1/training/cpd?start=2026-01-01&end=2026-12-31&limit=1", expect(200, anonymous=401)),
    ("/api/v1/training/cpd?worker={cm}", {**OWN_CM, "anonymous": 401}),
    ("/api/v1/training/cpd?worker={t1}", {**COLLEAGUE, "anonymous": 401}),
    ("/api/v1/training/cpd?worker={far_worker}", {**FAR, "anonymous": 401}),
    ("/api/v1/training/cpd?worker=999999", expect(404, anonymous=401)),
    ("/api/v1/training/cpd?start=2026-12-31&end=2026-01-01", expect(400, anonymous=401)),
    ("/api/v1/training/cpd?start=garbage", expect(422, anonymous=401)),
    ("/api/v1/training/cpd?worker=abc", expect(422, anonymous=401)),
    ("/api/v1/training/cpd/compliance", {**FIGURES_CPD, "anonymous": 401}),
    ("/api/v1/training/cpd/compliance?on=2026-06-30&cadre=case_manager", {**FIGURES_CPD, "anonymous": 401}),
    # Another region is not the regional manager's to weigh; a supervisor's figures are her organisation's
    # workers wherever the area asked for.
    ("/api/v1/training/cpd/compliance?area={far_region}", {**FIGURES_CPD, "anonymous": 401, "regional": 404}),
    ("/api/v1/training/cpd/compliance?area=999999",
     {**FIGURES_CPD, "anonymous": 401, "admin": 404, "regional": 404, "supervisor": 404}),
    ("/api/v1/training/cpd/compliance?on=1999-12-31",
     {**FIGURES_CPD, "anonymous": 401, "admin": 400, "regional": 400, "supervisor": 400}),
    ("/api/v1/training/cpd/compliance?on=garbage&cadre=nope", expect(422, anonymous=401)),
]


@pytest.fixture
def ids(training, cast):
    out = {k: v.pk for k, v in training.items()}
    for key, worker in (("cm_record", training["cm"]), ("far_record", training["far_worker"])):
        out[key] = CpdRecord.objects.create(
            worker=worker, kind=CpdKind.WORKSHOP, title="Conference", done_on=dt.date(2026, 4, 1),
            hours=Decimal(6),
        ).pk
    out["far_region"] = cast.far_region.pk
    return out


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
