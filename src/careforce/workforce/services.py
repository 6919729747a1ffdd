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


def snapshot(obj: Worker | Post, names: tuple[str, ...]) -> dict[str, Any]:
    """The record's values to compare and audit (services and the import's bulk audit); relations by id."""
    return {name: getattr(obj, f"{name}_id" if obj._meta.get_field(name).is_relation else name) for name in names}


def _known(fields: dict[str, Any], names: tuple[str, ...], what: str) -> None:
    unknown = set(fields) - set(names)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")


def _default_area(obj: Worker | Post) -> None:
    # Where she works (or where the post is) defaults to the employer's area.
    if obj.area_id is None and obj.organisation_id is not None:
        obj.area_id = obj.organisation.area_id


def _create(model, *, actor: User | None, names: tuple[str, ...], fields: dict[str, Any]):
    _known(fields, names, model._meta.model_name)
    obj = model(**fields)
    _default_area(obj)
    _check_scope(actor, obj.organisation_id, obj.area_id)
    obj.full_clean()
    obj.save()
    audit_log(actor=actor, action=AuditAction.CREATE, obj=obj, summary=str(obj), changes=diff({}, snapshot(obj, names)))
    return obj


def _edit(current, *, version: int | None, names: tuple[str, ...], fields: dict[str, Any]) -> dict[str, Any]:
    """Apply an edit begun at `version` to the locked row; EditConflict (nothing written) if someone saved
    in between. Returns the values before the edit."""
    before = snapshot(current, names)
    if version is not None and current.version != version:
        entered = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
        raise EditConflict(current, diff(entered, {k: before[k] for k in entered}))
    for name, value in fields.items():
        setattr(current, name, value)
    _default_area(current)
    return before


def _save_edit(current, *, actor: User | None, names: tuple[str, ...], before: dict[str, Any]):
    changes = diff(before, snapshot(current, names))
    if not changes:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=current, summary=str(current), changes=changes)
    return current


@transaction.atomic
def worker_create(*, actor: User | None, **fields: Any) -> Worker:
    return _create(Worker, actor=actor, names=WORKER_FIELDS, fields=fields)


@transaction.atomic
def worker_update(*, actor: User | None, worker: Worker, version: int | None = None, **fields: Any) -> Worker:
    """Save an edit begun at `version`; if someone saved in between, nothing is written (EditConflict)."""
    _known(fields, WORKER_FIELDS, "worker")
    if actor is not None and not Worker.objects.changeable_by(actor).filter(pk=worker.pk).exists():
        raise PermissionDenied(_("You may not change this record."))
    current = Worker.objects.select_for_update().get(pk=worker.pk)
    before = _edit(current, version=version, names=WORKER_FIELDS, fields=fields)
    _check_scope(actor, current.organisation_id if "organisation" in fields else None,
                 current.area_id if "area" in fields else None)
    current.full_clean()
    return _save_edit(current, actor=actor, names=WORKER_FIELDS, before=before)


POST_FIELDS = ("title", "organisation", "area", "cadre", "fte", "funded_from", "funded_until")


@transaction.atomic
def post_create(*, actor: User | None, **fields: Any) -> Post:
    return _create(Post, actor=actor, names=POST_FIELDS, fields=fields)


@transaction.atomic
def post_update(*, actor: User | None, post: Post, version: int | None = None, **fields: Any) -> Post:
    _known(fields, POST_FIELDS, "post")
    current = Post.objects.select_for_update().get(pk=post.pk)
    _check_scope(actor, current.organisation_id, None)  # the post as it is must be hers to change
    before = _edit(current, version=version, names=POST_FIELDS, fields=fields)
    _check_scope(actor, current.organisation_id, current.area_id)
    current.full_clean()
    # Funding cannot be cut from under the people who held or hold the post.
    if current.assignments.filter(start__lt=current.funded_from).exists():
        raise ValidationError({"funded_from": _("Someone held this post before this date.")})
    if current.funded_until is not None and current.assignments.filter(
        Q(end__isnull=True) | Q(end__gt=current.funded_until)
    ).exists():
        raise ValidationError({"funded_until": _("Someone holds this post after this date.")})
    return _save_edit(current, actor=actor, names=POST_FIELDS, before=before)


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
