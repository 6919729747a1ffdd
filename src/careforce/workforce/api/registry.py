"""The registry: workers, posts and assignments, read and written through the pages' selectors and services."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core.api_pagination import ShapedRows
from careforce.core.audit import audit_view
from careforce.core.models import Area, Organisation

from .. import selectors, services
from ..forms_supervision import TEXT_LIMIT
from ..models import (
    Assignment,
    Cadre,
    LeavingReason,
    Qualification,
    Sex,
    Worker,
    current_q,
)
from .common import KEY, ErrorOut, FieldErrorsOut, choose, router

# --- The registry ------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    post: int | None
    post_title: str | None
    organisation: int
    start: datetime.date
    end: datetime.date | None
    fte: Decimal
    reason_for_leaving: str


class WorkerOut(Schema):
    id: int
    given_name: str
    family_name: str
    sex: str
    birth_year: int
    cadre: str
    qualification: str
    professional_registration: str
    organisation: int
    area: int
    user: int | None
    active: bool
    version: int = Field(..., description="Send it back with an edit (PATCH)")
    current_assignments: list[AssignmentOut]


class WorkerFilter(Schema):
    cadre: Cadre | None = None
    organisation: int | None = Field(None, ge=1, le=2**63 - 1)  # a bigger key no database holds: 422
    active: bool | None = None


class PostOut(Schema):
    id: int
    title: str
    organisation: int
    area: int
    cadre: str
    fte: Decimal
    funded_from: datetime.date
    funded_until: datetime.date | None
    vacant: bool = Field(..., description="Nobody holds it today")


class PostFilter(Schema):
    cadre: Cadre | None = None
    organisation: int | None = Field(None, ge=1, le=2**63 - 1)  # a bigger key no database holds: 422
    vacant: bool | None = None


def _assignment(a: Assignment) -> dict:
    return {
        "id": a.pk, "post": a.post_id, "post_title": a.post.title if a.post_id else None,
        "organisation": a.organisation_id, "start": a.start, "end": a.end, "fte": a.fte,
        "reason_for_leaving": a.reason_for_leaving,
    }


def _worker(w) -> dict:
    return {
        "id": w.pk, "given_name": w.given_name, "family_name": w.family_name, "sex": w.sex,
        "birth_year": w.birth_year, "cadre": w.cadre, "qualification": w.qualification,
        "professional_registration": w.professional_registration, "organisation": w.organisation_id,
        "area": w.area_id, "user": w.user_id, "active": w.active, "version": w.version,
        "current_assignments": [_assignment(a) for a in w.current_assignments],
    }


def _refuse_analysts(request) -> None:
    if request.user.role == "analyst":
        raise PermissionDenied  # analysts work with aggregates: /workforce/indicators


def _workers(request):
    today = timezone.localdate()
    current = Prefetch("assignments", queryset=Assignment.objects.filter(current_q(today)).select_related("post"),
                       to_attr="current_assignments")
    return selectors.workers(request.user).prefetch_related(current).order_by("family_name", "given_name", "pk")


@router.get("/workforce/workers", response=list[WorkerOut], summary="Workers the user may see")
@paginate
def list_workers(request, filters: Query[WorkerFilter]):
    _refuse_analysts(request)
    qs = _workers(request)
    if filters.cadre:
        qs = qs.filter(cadre=filters.cadre)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return ShapedRows(qs, _worker)


@router.get("/workforce/workers/{worker_id}", response=WorkerOut, summary="One worker (404 outside your scope)")
def get_worker(request, worker_id: int):
    _refuse_analysts(request)
    worker = get_object_or_404(_workers(request), pk=worker_id)
    audit_view(request, worker)
    return _worker(worker)


@router.get("/workforce/posts", response=list[PostOut], summary="Funded posts in the user's scope, today")
@paginate
def list_posts(request, filters: Query[PostFilter]):
    if request.user.role not in selectors.POST_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    qs = selectors.with_vacancy(selectors.funded_on(selectors.posts(request.user), today), today)
    if filters.cadre:
        qs = qs.filter(cadre=filters.cadre)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    if filters.vacant is not None:
        qs = qs.filter(held=not filters.vacant)
    qs = qs.order_by("organisation_id", "cadre", "title", "pk")
    return ShapedRows(qs, _post)


def _post(p) -> dict:
    return {
        "id": p.pk, "title": p.title, "organisation": p.organisation_id, "area": p.area_id, "cadre": p.cadre,
        "fte": p.fte, "funded_from": p.funded_from, "funded_until": p.funded_until, "vacant": not p.held,
    }


# --- Keeping the registry ----------------------------------------------------------------------------
# The pages' services (views/manage.py), refused in the pages' order: a role that does not keep the registry
# 403; a worker or assignment outside the door 404; one the door shows but she may not change 403; a value
# the service refuses 400 naming the field (careforce/api.py answers every django ValidationError so); an
# edit begun at an older version 409, nothing written.

def _left_out_is_unchanged(schema: dict) -> None:
    schema.pop("default", None)  # not null: these fields have no empty value to set


def _unchanged(**kwargs):
    """A field of an edit: left out, it keeps its value; null is refused (422)."""
    return Field(None, json_schema_extra=_left_out_is_unchanged, **kwargs)


class WorkerIn(Schema):
    given_name: str = Field(..., min_length=1, max_length=100)
    family_name: str = Field(..., min_length=1, max_length=100)
    sex: Sex
    birth_year: int = Field(..., description="1930 to 2015")
    cadre: Cadre
    qualification: Qualification = Qualification.SECONDARY
    professional_registration: str = Field("", max_length=60)
    organisation: int = Field(..., **KEY, description="The employer, within your scope")
    area: int | None = Field(None, **KEY, description="Where she works; the organisation's area if null")
    user: int | None = Field(None, **KEY, description="A user account of your scope no other worker has")
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    active: bool = True


class WorkerPatch(Schema):
    version: int = Field(..., description="The version you read; someone saved since: 409, nothing written")
    given_name: str = _unchanged(min_length=1, max_length=100)
    family_name: str = _unchanged(min_length=1, max_length=100)
    sex: Sex = _unchanged()
    birth_year: int = _unchanged()
    cadre: Cadre = _unchanged()
    qualification: Qualification = _unchanged()
    professional_registration: str = _unchanged(max_length=60)
    organisation: int = _unchanged(**KEY)
    area: int | None = Field(None, **KEY, description="null: the organisation's area")
    user: int | None = Field(None, **KEY, description="null: no user account")
    phone: str = _unchanged(max_length=40)
    email: str = _unchanged(max_length=254)
    active: bool = _unchanged()


class ConflictOut(Schema):
    detail: str
    version: int = Field(..., description="The version saved now: read the worker again and repeat your edit")
    changed: dict[str, list[Any]] = Field(..., description="{field: [what you sent, what is saved now]}")


class PostIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    organisation: int = Field(..., **KEY, description="Within your scope")
    area: int | None = Field(None, **KEY, description="The organisation's area if null")
    cadre: Cadre
    fte: Decimal = Field(Decimal("1.0"), description="Full-time equivalent, 0.1 to 1.0")
    funded_from: datetime.date
    funded_until: datetime.date | None = None


class AssignmentIn(Schema):
    post: int | None = Field(
        None, **KEY, description="A post of the worker's organisation; null: none (volunteers)"
    )
    start: datetime.date
    fte: Decimal | None = Field(None, description="0.1 to 1.0; the post's if null")
    note: str = Field("", max_length=TEXT_LIMIT)


class AssignmentEndIn(Schema):
    end: datetime.date = Field(..., description="The last day")
    reason: LeavingReason


def _require_editor(request) -> None:
    if request.user.role not in services.REGISTRY_EDITORS:
        raise PermissionDenied


def _require_changeable(request, worker_id: int) -> None:
    if not Worker.objects.changeable_by(request.user).filter(pk=worker_id).exists():
        raise PermissionDenied


def _registry_refs(request, data: dict, worker: Worker | None) -> dict:
    """The organisation, area and account named by id, as records. Organisations and areas are public:
    whether one is the actor's to use is the service's rule, with its own reason. Accounts: those the page
    offers."""
    errors: dict[str, list] = {}
    for field, qs in (
        ("organisation", Organisation.objects.all()),
        ("area", Area.objects.all()),
        ("user", selectors.linkable_accounts(request.user, worker)),
    ):
        if data.get(field) is not None:
            data[field] = choose(errors, field, qs, data[field])
    if errors:
        raise ValidationError(errors)
    return data


@router.post(
    "/workforce/workers",
    response={201: WorkerOut, 400: FieldErrorsOut, 403: ErrorOut},
    summary="Record a worker (the national administrator; a regional manager, in her region)",
)
def create_worker(request, payload: WorkerIn):
    _require_editor(request)
    worker = services.worker_create(actor=request.user, **_registry_refs(request, payload.dict(), None))
    return Status(201, _worker(_workers(request).get(pk=worker.pk)))


@router.patch(
    "/workforce/workers/{worker_id}",
    response={200: WorkerOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="Edit a worker from the version you read (409, nothing written, if someone saved in between)",
)
def update_worker(request, worker_id: int, payload: WorkerPatch):
    _require_editor(request)
    worker = get_object_or_404(selectors.workers(request.user), pk=worker_id)
    _require_changeable(request, worker.pk)
    fields = _registry_refs(request, payload.dict(exclude_unset=True, exclude={"version"}), worker)
    try:
        services.worker_update(actor=request.user, worker=worker, version=payload.version, **fields)
    except services.EditConflict as exc:
        detail = _("Someone else saved this record while you were editing it. Nothing of yours was saved yet.")
        return Status(409, {"detail": detail, "version": exc.current.version, "changed": exc.changed})
    return _worker(_workers(request).get(pk=worker.pk))


@router.post(
    "/workforce/posts",
    response={201: PostOut, 400: FieldErrorsOut, 403: ErrorOut},
    summary="Record a funded post (the national administrator; a regional manager, in her region)",
)
def create_post(request, payload: PostIn):
    _require_editor(request)
    data = _registry_refs(request, payload.dict(), None)
    post = services.post_create(actor=request.user, **data)
    posts = selectors.with_vacancy(selectors.posts(request.user), timezone.localdate())
    return Status(201, _post(posts.get(pk=post.pk)))


@router.post(
    "/workforce/workers/{worker_id}/assignments",
    response={201: AssignmentOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut},
    summary="Put a worker in a funded post nobody holds on those dates (or, for a volunteer, in none)",
)
def start_assignment(request, worker_id: int, payload: AssignmentIn):
    _require_editor(request)
    worker = get_object_or_404(selectors.workers(request.user), pk=worker_id)
    _require_changeable(request, worker.pk)
    post = None
    if payload.post is not None:
        # As on the page: a post of the worker's own organisation, among the posts the actor sees. Whether it
        # is funded on the start date and free on those dates is the service's rule, with its reasons.
        errors: dict[str, list] = {}
        offered = selectors.posts(request.user).filter(organisation=worker.organisation_id)
        post = choose(errors, "post", offered, payload.post)
        if errors:
            raise ValidationError(errors)
    assignment = services.assignment_start(actor=request.user, worker=worker, post=post, start=payload.start,
                                           fte=payload.fte, note=payload.note)
    return Status(201, _assignment(assignment))


@router.post(
    "/workforce/assignments/{assignment_id}/end",
    response={200: AssignmentOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut},
    summary="End a running assignment: the last day and the reason for leaving",
)
def end_assignment(request, assignment_id: int, payload: AssignmentEndIn):
    _require_editor(request)
    assignment = get_object_or_404(selectors.open_assignments(request.user), pk=assignment_id)
    _require_changeable(request, assignment.worker_id)
    assignment = services.assignment_end(actor=request.user, assignment=assignment, end=payload.end,
                                         reason=payload.reason)
    return _assignment(assignment)
