"""Supervision sessions, listed and recorded as on the pages."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core.api_pagination import ShapedRows

from .. import supervision
from ..forms_supervision import TEXT_LIMIT
from ..models import (
    SupervisionKind,
    Worker,
    may_see_wellbeing,
)
from .common import KEY, NONE_OF, ErrorOut, FieldErrorsOut, Key, choose, router

# --- Supervision ---------------------------------------------------------------------------------------
# Who reaches what, as on the pages (views/supervision.py): those who organise supervision list and record
# sessions in their scope; case managers and community assistants list the sessions they were supervised in;
# volunteers, trainers and analysts neither (403).


class SessionOut(Schema):
    id: int
    supervisor: int = Field(..., description="The worker who led it")
    supervisees: list[int] = Field(..., description="The workers supervised")
    kind: str
    on: datetime.date
    duration_minutes: int
    cases_discussed: int
    decisions: str
    wellbeing: str | None = Field(
        ..., description="Only for the supervisor, the people supervised in the session and the national "
        "administrator; null for everyone else"
    )
    learning_needs: str
    recorded_by: int
    recorded_at: datetime.datetime


class SessionFilter(Schema):
    date_from: datetime.date | None = Field(None, description="Sessions on or after this date")
    date_to: datetime.date | None = Field(None, description="Sessions on or before this date")
    kind: SupervisionKind | None = None
    supervisor: int | None = Field(None, **KEY, description="Led by this worker")
    worker: int | None = Field(None, **KEY, description="This worker was supervised")


class SessionIn(Schema):
    supervisor: int = Field(..., **KEY, description="The worker who led it")
    supervisees: list[Key] = Field(
        ..., max_length=200, description="One for an individual session, two or more for a group"
    )
    kind: SupervisionKind
    on: datetime.date
    duration_minutes: int = Field(..., description="1 to 480")
    cases_discussed: int = 0
    decisions: str = Field("", max_length=TEXT_LIMIT)
    wellbeing: str = Field("", max_length=TEXT_LIMIT)
    learning_needs: str = Field("", max_length=TEXT_LIMIT)


def _require(request, roles) -> None:
    if request.user.role not in roles:
        raise PermissionDenied


def _session(user, s, people) -> dict:
    return {
        "id": s.pk, "supervisor": s.supervisor_id, "supervisees": [w.pk for w in people], "kind": s.kind,
        "on": s.on, "duration_minutes": s.duration_minutes, "cases_discussed": s.cases_discussed,
        "decisions": s.decisions, "learning_needs": s.learning_needs, "recorded_by": s.recorded_by_id,
        "recorded_at": s.recorded_at,
        # The page's rule (models.may_see_wellbeing), from the supervisees already read.
        "wellbeing": s.wellbeing if may_see_wellbeing(user, s, {w.user_id for w in people if w.user_id})
        else None,
    }


@router.get(
    "/workforce/supervision",
    response={200: list[SessionOut], 400: FieldErrorsOut},
    summary="Supervision sessions the user may see, the latest first",
)
@paginate
def list_supervision(request, filters: Query[SessionFilter]):
    _require(request, supervision.SESSION_ROLES)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"date_to": _("The end date is before the start date.")})
    qs = supervision.sessions(request.user)
    if filters.date_from:
        qs = qs.filter(on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(on__lte=filters.date_to)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.supervisor:
        qs = qs.filter(supervisor=filters.supervisor)
    if filters.worker:
        qs = qs.filter(attendance__worker=filters.worker)  # one row per session and worker: no duplicates
    people = Prefetch("supervisees", queryset=Worker.objects.only("pk", "user").order_by("pk"))
    qs = qs.select_related("supervisor").prefetch_related(people).order_by("-on", "-pk")
    return ShapedRows(qs, lambda s: _session(request.user, s, s.supervisees.all()))


@router.post(
    "/workforce/supervision",
    response={201: SessionOut, 400: FieldErrorsOut, 403: ErrorOut},
    summary="Record a supervision session held (those who organise supervision, in their scope)",
)
def record_supervision(request, payload: SessionIn):
    _require(request, supervision.MANAGE_ROLES)
    # The people the page's form offers: active staff of the actor's scope (volunteers are mentored, not
    # supervised). Whether they make a valid session is the service's rule, with its reasons.
    candidates = supervision.record_candidates(request.user)
    errors: dict[str, list] = {}
    supervisor = choose(errors, "supervisor", candidates, payload.supervisor)
    people = list(candidates.filter(pk__in=set(payload.supervisees)))
    missing = sorted(set(payload.supervisees) - {w.pk for w in people})
    if missing:
        errors["supervisees"] = [NONE_OF % {"value": missing[0]}]
    if errors:
        raise ValidationError(errors)
    data = payload.dict(exclude={"supervisor", "supervisees"})
    session = supervision.supervision_record(
        actor=request.user, supervisor=supervisor, supervisees=people, **data
    )
    return Status(201, _session(request.user, session, sorted(people, key=lambda w: w.pk)))
