"""Training endpoints: the sessions a user may read, and a ToT session's cascade as a tree."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from . import certificates as certs
from . import selectors
from .cascade import as_json, cascade_of

router = Router(tags=["training"])


class SessionOut(Schema):
    id: int
    course: str
    trains_trainers: bool
    starts_on: datetime.date
    ends_on: datetime.date
    organiser: str
    cascades_from: int | None
    trainers: list[str]
    participants: int


def _require(user) -> None:
    if user.role not in selectors.SESSION_ROLES:
        raise PermissionDenied


@router.get("/training/sessions", response=list[SessionOut])
@paginate
def sessions(request, trains_trainers: bool | None = None):
    _require(request.user)
    qs = selectors.session_list(request.user)
    if trains_trainers is not None:
        qs = qs.filter(course__trains_trainers=trains_trainers)
    return [
        {
            "id": s.pk, "course": s.course.title, "trains_trainers": s.course.trains_trainers,
            "starts_on": s.starts_on, "ends_on": s.ends_on, "organiser": s.organiser.name,
            "cascades_from": s.cascades_from_id, "trainers": [str(w) for w in s.trainers.all()],
            "participants": s.participant_count,
        }
        for s in qs
    ]


@router.get("/training/sessions/{session_id}/cascade")
def cascade(request, session_id: int):
    _require(request.user)
    session = get_object_or_404(selectors.sessions(request.user), pk=session_id)
    return as_json(cascade_of(session))


# --- Certificates -------------------------------------------------------------------------------------
# The page /training/certificates/verify/ answers anyone; the API, like all of /api/v1, answers only a
# signed-in user or a token, with the same public facts and the same limit on checks per minute.


class CertificateOut(Schema):
    code: str
    status: str  # "valid" or "revoked"
    revoked_on: datetime.date | None
    name: str
    course: str
    starts_on: datetime.date
    ends_on: datetime.date
    hours: float
    cpd_credits: float
    organiser: str
    issued_on: datetime.date


class CertificateMissing(Schema):
    detail: str


@router.get(
    "/training/certificates/{code}", response={200: CertificateOut, 404: CertificateMissing, 429: CertificateMissing},
    summary="Check a certificate code (any case, with or without dashes)",
)
def certificate(request, code: str):
    if not certs.verification_allowed(f"api-user-{request.user.pk}"):
        return Status(429, {"detail": _("Too many checks in the last minute. Wait a minute, then try again.")})
    result = certs.certificate_verify(code)
    if result.status == "malformed":
        return Status(404, {"detail": _("This is not a certificate code: a code is CF followed by eight letters "
                                        "and digits, like CF-7K4Q-MX2P.")})
    if result.status == "unknown":
        return Status(404, {"detail": _("No certificate has the code %(code)s.") % {"code": result.code}})
    f = result.facts
    return {
        "code": f["code"], "status": result.status,
        "revoked_on": timezone.localdate(f["revoked_at"]) if f["revoked_at"] else None,
        "name": f["worker_name"], "course": f["course_title"], "starts_on": f["starts_on"], "ends_on": f["ends_on"],
        "hours": float(f["hours"]), "cpd_credits": float(f["cpd_credits"]), "organiser": f["organiser_name"],
        "issued_on": timezone.localdate(f["issued_at"]),
    }
