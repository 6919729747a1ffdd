"""The certificate permission matrix: every certificate route × every persona, GET and POST.

Three certificates: the case manager's (the cascaded session, organised by her directorate and trained
by t1, who has no account), t1's (the national ToT, the trainer's organisation's) and the far case
manager's (a session in the south nobody of the cast runs but the administrator).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from careforce.training import certificates as certs
from careforce.training import services
from careforce.training.models import Certificate, Participation
from tests.conftest import PERSONAS
from tests.core.test_permissions import expect

# Printing: the participant herself and those who run the session; everyone else learns nothing.
CM_PDF = expect(404, admin=200, case_manager=200)
TOT_PDF = expect(404, admin=200, trainer=200)
FAR_PDF = expect(404, admin=200)
PUBLIC = expect(200, anonymous=200)

ROUTES = [
    ("/training/certificates/verify/", PUBLIC),
    ("/training/certificates/verify/?code={cm_code}", PUBLIC),
    ("/training/certificates/verify/?code=CF-0000-0000", expect(404, anonymous=404)),
    ("/training/certificates/verify/?code=hello", expect(400, anonymous=400)),
    ("/training/certificates/{cm_cert}/certificate.pdf", CM_PDF),
    ("/training/certificates/{tot_cert}/certificate.pdf", TOT_PDF),
    ("/training/certificates/{far_cert}/certificate.pdf", FAR_PDF),
    ("/training/certificates/999999/certificate.pdf", expect(404)),
    # Revoking: those who run the session (the national administrator runs them all).
    ("/training/certificates/{cm_cert}/revoke/", expect(404, admin=200)),
    ("/training/certificates/{tot_cert}/revoke/", expect(404, admin=200, trainer=200)),
    ("/training/certificates/999999/revoke/", expect(404)),
    # Issuing is POST only: a GET goes back to the session page, for those who read the session.
    ("/training/sessions/{child}/certificates/", expect(403, admin=302, regional=302, supervisor=302, trainer=302)),
    ("/training/sessions/{far}/certificates/", expect(403, admin=302, regional=404, supervisor=404, trainer=404)),
    # The API needs a user or a token like every endpoint of /api/v1; then it answers anyone the public facts.
    ("/api/v1/training/certificates/{cm_code}", expect(200, anonymous=401)),
    ("/api/v1/training/certificates/CF-0000-0000", expect(404, anonymous=401)),
]

# (route, {persona: status}, what a 302 from someone who may means: the certificates changed)
POSTS = [
    ("/training/sessions/{tot}/certificates/", expect(403, admin=302, supervisor=404, trainer=302)),
    ("/training/sessions/{child}/certificates/", expect(403, admin=302)),
    ("/training/sessions/{far}/certificates/", expect(403, admin=302, regional=404, supervisor=404, trainer=404)),
    ("/training/certificates/{tot_cert}/revoke/", expect(404, admin=302, trainer=302)),
    ("/training/certificates/{cm_cert}/revoke/", expect(404, admin=302)),
]


@pytest.fixture(autouse=True)
def _fresh_check_counts():
    cache.clear()
    yield
    cache.clear()


def _complete(session, *workers):
    parts = [Participation.objects.get(session=session, worker=w) for w in workers]
    services.attendance_record(actor=session.created_by, session=session, present={p.pk: set(session.days) for p in parts})
    return parts


@pytest.fixture
def ids(cast, training):
    admin = cast.admin
    (cm,) = _complete(training["child"], training["cm"])
    t1, _t2 = _complete(training["tot"], training["t1"], training["t2"])
    (far,) = _complete(training["far"], training["far_worker"])
    made = {
        "cm_cert": certs.certificate_issue(actor=admin, participation=cm),
        "tot_cert": certs.certificate_issue(actor=admin, participation=t1),
        "far_cert": certs.certificate_issue(actor=admin, participation=far),
    }
    # t2 completed the ToT and has no certificate yet: the ToT's issue button has work to do.
    out = {k: v.pk for k, v in training.items()} | {k: c.pk for k, c in made.items()}
    out["cm_code"] = made["cm_cert"].code
    return out


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in ROUTES for p in PERSONAS])
def test_route_answers_persona(route, persona, status, ids, client_for):
    response = client_for(persona).get(route.format(**ids))
    assert response.status_code == status, f"{persona} GET {route}: {response.status_code}, expected {status}"
    if route.startswith("/api/") and status >= 400:
        assert "detail" in response.json()


@pytest.mark.parametrize(("route", "persona", "status"), [(r, p, s[p]) for r, s in POSTS for p in PERSONAS])
def test_post_answers_persona(route, persona, status, ids, client_for):
    before = sorted(Certificate.objects.values_list("pk", "revoked_at"))
    response = client_for(persona).post(route.format(**ids), {"reason": "Recorded for the wrong person"})
    assert response.status_code == status, f"{persona} POST {route}: {response.status_code}, expected {status}"
    after = sorted(Certificate.objects.values_list("pk", "revoked_at"))
    if status != 302 or persona == "anonymous":
        assert after == before, f"{persona} POST {route} changed certificates"
        return
    if route.endswith("/revoke/"):
        revoked = Certificate.objects.get(pk=int(route.split("/")[3].format(**ids)))
        assert revoked.revoked_at is not None
    elif "{tot}" in route:  # t2 completed and had none
        assert len(after) == len(before) + 1
    else:  # everyone who completed these sessions had hers already
        assert after == before
