from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role

from .. import clock
from ..models import Case, CaseEvent


class EditConflict(Exception):
    """Somebody else saved the record since this edit began; `changed` maps field → [yours, saved now]."""

    def __init__(self, current: Any, changed: dict[str, list[Any]]):
        super().__init__("edit conflict")
        self.current = current
        self.changed = changed


def can_work(user: User, case: Case) -> bool:
    """May change the case: its case manager, her supervisor, the regional manager, the national admin."""
    return Case.objects.changeable_by(user).filter(pk=case.pk).exists()


def can_work_on_page(request, case: Case) -> bool:
    """`can_work` asked once per request: the case page and the sections other apps add to it share it."""
    answers = request.__dict__.setdefault("_careforce_can_work", {})
    if case.pk not in answers:
        answers[case.pk] = can_work(request.user, case)
    return answers[case.pk]


def can_approve(user: User, case: Case) -> bool:
    """Decisions of weight (plan, closure) need a supervisor's approval (domain.md: supervision)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role == Role.SUPERVISOR:
        return case.case_manager.supervisor_id == user.pk
    if user.role == Role.REGIONAL_MANAGER:
        return can_work(user, case)
    return False


def require_work(user: User, case: Case) -> None:
    if not can_work(user, case):
        raise PermissionDenied(_("You may not change this case."))


def require_approver(user: User, case: Case) -> None:
    if not can_approve(user, case):
        raise PermissionDenied(_("Only the case manager's supervisor may decide this."))


def require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_("The case is closed. Reopen it first."))


def check_date(case: Case, on: date, *, field: str = "on", label: str = "") -> None:
    """Dates of case work lie between the opening of the case and today."""
    if on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if on < case.opened_on:
        raise ValidationError(
            {
                field: _("The date is before the case was opened (%(date)s).")
                % {"date": case.opened_on.isoformat()}
            }
        )


def event(case: Case, kind: str, on: date, actor: User, note: str = "") -> CaseEvent:
    # The case's area and the actor's role are copied: the recorded workload is counted from the events
    # alone (cases.workload), without joining a million events to their cases and users.
    return CaseEvent.objects.create(case=case, kind=kind, on=on, actor=actor, note=note[:300], area_id=case.area_id,
                                    actor_role=getattr(actor, "role", "") or "")


def audit(actor: User, case: Case, summary: str, action: str = AuditAction.UPDATE, changes=None) -> None:
    audit_log(actor=actor, action=action, obj=case, summary=summary, changes=changes)


def refresh(case: Case) -> None:
    clock.refresh(case)


def is_case_holder(user: User) -> bool:
    return user.role in CASE_HOLDING_ROLES
