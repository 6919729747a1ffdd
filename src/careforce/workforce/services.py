"""Writes to the workforce registry: each validated, in one transaction, with its audit entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log, diff
from careforce.core.models import AuditAction, User

from .models import Assignment, LeavingReason, Post, Worker

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
    worker.full_clean()
    worker.save()
    audit_log(actor=actor, action=AuditAction.CREATE, obj=worker, summary=str(worker),
              changes=diff({}, _snapshot(worker)))
    return worker


@transaction.atomic
def worker_update(*, actor: User | None, worker: Worker, **fields: Any) -> Worker:
    unknown = set(fields) - set(WORKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown worker fields: {sorted(unknown)}")
    before = _snapshot(worker)
    for name, value in fields.items():
        setattr(worker, name, value)
    worker.full_clean()
    worker.save()
    changes = diff(before, _snapshot(worker))
    if changes:
        audit_log(actor=actor, action=AuditAction.UPDATE, obj=worker, summary=str(worker), changes=changes)
    return worker


@transaction.atomic
def assignment_start(
    *, actor: User | None, worker: Worker, start: date, post: Post | None = None, fte: Decimal | None = None,
    note: str = "",
) -> Assignment:
    if post is not None:
        # Lock the post so that two people cannot be put in it at the same moment.
        Post.objects.select_for_update().filter(pk=post.pk).first()
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
