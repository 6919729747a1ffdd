"""Training endpoints: the sessions a user may read, and a ToT session's cascade as a tree."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

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
