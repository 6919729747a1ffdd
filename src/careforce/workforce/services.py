"""Writes to the workforce registry: each validated, in one transaction, with its audit entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log, diff
from careforce.core.models import Area, AuditAction, Organisation, User
from careforce.core.roles import Role

from .models import Assignment, LeavingReason, Post, Worker

# Who keeps the registry: the national administrator (everywhere) and regional managers (their region).
REGISTRY_EDITORS = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER})


class EditConflict(Exception):
    """Somebody else saved the record since this edit began; their values are in `current`."""

    def __init__(self, current, changed: dict[str, list[Any]]):
        super().__init__("edit conflict")
        self.current = current
        self.changed = changed  # {field: [what you entered, what is saved now]}


def editable_organisations(actor: User):
    """The organisations whose workers and posts `actor` may record."""
    if not (actor and actor.is_authenticated and actor.role in REGISTRY_EDITORS):
        return Organisation.objects.none()
    if actor.role == Role.NATIONAL_ADMIN:
        return Organisation.objects.all()
    area = actor.scope_area
    return Organisation.objects.filter(area__path__startswith=area.path) if area else Organisation.objects.none()


def editable_areas(actor: User):
    if not (actor and actor.is_authenticated and actor.role in REGISTRY_EDITORS):
        return Area.objects.none()
    if actor.role == Role.NATIONAL_ADMIN:
        return Area.objects.all()
    area = actor.scope_area
    return Area.objects.filter(path__startswith=area.path) if area else Area.objects.none()


def _check_scope(actor: User | None, organisation_id: int | None, area_id: int | None) -> None:
    """Services called by people (not by the seed or an import run as the system) stay in their scope."""
    if actor is None:
        return
    if actor.role not in REGISTRY_EDITORS:
        raise PermissionDenied(_("Your role does not allow this."))
    if organisation_id and not editable_organisations(actor).filter(pk=organisation_id).exists():
        raise ValidationError({"organisation": _("Choose an organisation within your area.")})
    if area_id and not editable_areas(actor).filter(pk=area_id).exists():
        raise ValidationError({"area": _("Choose an area within your region.")})

WORKER_FIELDS = (
    "given_name", "family_name", "sex", "birth_year", "cadre", "qualification", "professional_registration",
    "organisation", "area", "user", "phone", "email", "active",
)


def _snapshot(worker: Worker) -> dict[str, Any]:
    return {name: getattr(worker, f"{name}_id" if name in ("organisation", "area", "user") else name)
            for name in WORKER_FIELDS}


@transaction.atomic
def worker_create(*, actor: User | None, **fields: Any) -> Worker:
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown worker fields: {sorted(unknown)}")
    worker = Worker(**fields)
    if worker.area_id is None and worker.organisation_id is not None:
        worker.area_id = worker.organisation.area_id  # where she works defaults to her employer's area
    _check_scope(actor, worker.organisation_id, worker.area_id)
    worker.full_clean()
    worker.save()
    audit_log(actor=actor, action=AuditAction.CREATE, obj=worker, summary=str(worker),
              changes=diff({}, _snapshot(worker)))
    return worker


@transaction.atomic
def worker_update(*, actor: User | None, worker: Worker, version: int | None = None, **fields: Any) -> Worker:
    """Save an edit begun at `version`; if someone saved in between, nothing is written (EditConflict)."""
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown worker fields: {sorted(unknown)}")
    if actor is not None and not Worker.objects.changeable_by(actor).filter(pk=worker.pk).exists():
        raise PermissionDenied(_("You may not change this record."))
    current = Worker.objects.select_for_update().get(pk=worker.pk)
    before = _snapshot(current)
    if version is not None and current.version != version:
        entered = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
        raise EditConflict(current, diff(entered, {k: before[k] for k in entered}))
    for name, value in fields.items():
        setattr(current, name, value)
    if current.area_id is None and current.organisation_id is not None:
        current.area_id = current.organisation.area_id
    _check_scope(actor, current.organisation_id if "organisation" in fields else None,
                 current.area_id if "area" in fields else None)
    current.full_clean()
    changes = diff(before, _snapshot(current))
    if not changes:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=current, summary=str(current), changes=changes)
    return current


POST_FIELDS = ("title", "organisation", "area", "cadre", "fte", "funded_from", "funded_until")


def _post_snapshot(post: Post) -> dict[str, Any]:
    return {name: getattr(post, f"{name}_id" if name in ("organisation", "area") else name) for name in POST_FIELDS}


@transaction.atomic
def post_create(*, actor: User | None, **fields: Any) -> Post:
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"unknown post fields: {sorted(unknown)}")
    post = Post(**fields)
    if post.area_id is None and post.organisation_id is not None:
        post.area_id = post.organisation.area_id
    _check_scope(actor, post.organisation_id, post.area_id)
    post.full_clean()
    post.save()
    audit_log(actor=actor, action=AuditAction.CREATE, obj=post, summary=str(post),
              changes=diff({}, _post_snapshot(post)))
    return post


@transaction.atomic
def post_update(*, actor: User | None, post: Post, version: int | None = None, **fields: Any) -> Post:
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"unknown post fields: {sorted(unknown)}")
    current = Post.objects.select_for_update().get(pk=post.pk)
    _check_scope(actor, current.organisation_id, None)  # the post as it is must be hers to change
    before = _post_snapshot(current)
    if version is not None and current.version != version:
        entered = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
        raise EditConflict(current, diff(entered, {k: before[k] for k in entered}))
    for name, value in fields.items():
        setattr(current, name, value)
    if current.area_id is None and current.organisation_id is not None:
        current.area_id = current.organisation.area_id
    _check_scope(actor, current.organisation_id, current.area_id)
    current.full_clean()
    # Funding cannot be cut from under the people who held or hold the post.
    if current.assignments.filter(start__lt=current.funded_from).exists():
        raise ValidationError({"funded_from": _("Someone held this post before this date.")})
    if current.funded_until is not None and current.assignments.filter(
        Q(end__isnull=True) | Q(end__gt=current.funded_until)
    ).exists():
        raise ValidationError({"funded_until": _("Someone holds this post after this date.")})
    changes = diff(before, _post_snapshot(current))
    if not changes:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=current, summary=str(current), changes=changes)
    return current



@transaction.atomic
def assignment_start(
    *, actor: User | None, worker: Worker, start: date, post: Post | None = None, fte: Decimal | None = None,
    note: str = "",
) -> Assignment:
    if actor is not None:
        if not Worker.objects.changeable_by(actor).filter(pk=worker.pk).exists():
            raise PermissionDenied(_("You may not change this record."))
        _check_scope(actor, post.organisation_id if post else None, None)
    if post is not None:
        # Lock the post so that two people cannot be put in it at the same moment.
        Post.objects.select_for_update().filter(pk=post.pk).first()
        if start < post.funded_from or (post.funded_until is not None and start > post.funded_until):
            raise ValidationError({"start": _("The post is not funded on this date.")})
    assignment = Assignment(
        worker=worker, post=post, organisation_id=post.organisation_id if post else worker.organisation_id,
        start=start, fte=fte if fte is not None else (post.fte if post else Decimal("1.0")), note=note,
    )
    assignment.full_clean()
    assignment.save()
    audit_log(actor=actor, action=AuditAction.CREATE, obj=assignment, summary=str(assignment),
              changes={"worker": [None, worker.pk], "post": [None, post.pk if post else None],
                       "start": [None, str(start)]})
    return assignment


@transaction.atomic
def assignment_end(*, actor: User | None, assignment: Assignment, end: date, reason: str) -> Assignment:
    if actor is not None and not Worker.objects.changeable_by(actor).filter(pk=assignment.worker_id).exists():
        raise PermissionDenied(_("You may not change this record."))
    if reason not in LeavingReason.values:
        raise ValidationError({"reason_for_leaving": _("Give the reason for leaving when the assignment ends.")})
    before = {"end": assignment.end, "reason_for_leaving": assignment.reason_for_leaving}
    assignment.end = end
    assignment.reason_for_leaving = reason
    assignment.full_clean()
    assignment.save(update_fields=["end", "reason_for_leaving"])
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=assignment, summary=str(assignment),
              changes=diff(before, {"end": end, "reason_for_leaving": reason}))
    return assignment
