"""The case lifecycle: open, risk, transfer, closure (with approval) and reopening."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.models import AuditAction, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role
from careforce.people.models import Person
from careforce.people.services import REGISTERING_ROLES

from .. import clock
from ..models import Case, CaseStatus, Concern, EventKind, Transfer
from .common import audit, event, refresh, require_approver, require_open, require_work

# Whoever may register a child may open her case from a concern (volunteers included).
OPENING_ROLES = REGISTERING_ROLES


def _case_manager_for(actor: User, case_manager: User | None) -> User:
    if case_manager is not None:
        if case_manager.role not in CASE_HOLDING_ROLES or not case_manager.is_active:
            raise ValidationError(
                {"case_manager": _("Choose an active case manager or community social assistant.")}
            )
        return case_manager
    if actor.role in CASE_HOLDING_ROLES:
        return actor
    if actor.role == Role.VOLUNTEER and actor.supervisor and actor.supervisor.role in CASE_HOLDING_ROLES:
        # A volunteer's concern goes to the community social assistant she works with.
        return actor.supervisor
    raise ValidationError({"case_manager": _("Choose who will manage the case.")})


@transaction.atomic
def case_open(
    *,
    actor: User,
    child: Person,
    risk_level: str,
    case_type: str,
    reported_on: date,
    reporter_kind: str,
    description: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    case_manager: User | None = None,
    opened_on: date | None = None,
) -> Case:
    """Open a case from a concern, with the screening's risk level (minimum standards: registration)."""
    if actor.role not in OPENING_ROLES:
        raise PermissionDenied(_("Your role does not allow opening a case."))
    if not Person.objects.visible_to(actor).filter(pk=child.pk, merged_into__isnull=True).exists():
        raise PermissionDenied(_("This child is not within your scope."))
    if child.area_id is None:
        raise ValidationError({"child": _("Record the child's locality before opening a case.")})
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("The date cannot be in the future.")})
    if reported_on > opened_on:
        raise ValidationError({"reported_on": _("The concern cannot be reported after the case was opened.")})
    if child.birth_date > reported_on:
        raise ValidationError({"reported_on": _("The concern is dated before the child was born.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what was reported.")})
    manager = _case_manager_for(actor, case_manager)
    if Case.objects.filter(child=child).exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError({"child": _("This child already has an open case. Add the concern to it.")})
    case = Case.objects.create(
        child=child,
        risk_level=risk_level,
        case_type=case_type,
        organisation=manager.organisation,
        area_id=child.area_id,
        case_manager=manager,
        opened_on=opened_on,
    )
    case.full_clean()
    Concern.objects.create(
        case=case,
        reported_on=reported_on,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        description=description,
        recorded_by=actor,
    )
    if actor.role == Role.VOLUNTEER:
        case.volunteers.add(actor)
    event(case, EventKind.OPENED, opened_on, actor)
    audit(actor, case, "opened", action=AuditAction.CREATE)
    refresh(case)
    return case


@transaction.atomic
def concern_add(
    *,
    actor: User,
    case: Case,
    reported_on: date,
    reporter_kind: str,
    description: str,
    reporter_name: str = "",
    reporter_contact: str = "",
) -> Concern:
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    require_open(case)
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date cannot be in the future.")})
    concern = Concern.objects.create(
        case=case,
        reported_on=reported_on,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        description=description,
        recorded_by=actor,
    )
    audit(actor, case, "concern added")
    return concern


@transaction.atomic
def case_change_risk(*, actor: User, case: Case, risk_level: str, reason: str) -> Case:
    require_work(actor, case)
    require_open(case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the risk level changes.")})
    old = case.risk_level
    if old == risk_level:
        return case
    Case.objects.filter(pk=case.pk).update(risk_level=risk_level, version=F("version") + 1)
    case.refresh_from_db()
    event(case, EventKind.RISK_CHANGED, timezone.localdate(), actor, f"{old} → {risk_level}: {reason}")
    audit(actor, case, "risk level changed", changes={"risk_level": [old, risk_level]})
    refresh(case)
    return case


def require_transfer(actor: User, case: Case) -> None:
    """Reassigning a case is a supervisor's or a manager's decision, on a case she may change."""
    if actor.role not in (Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR):
        raise PermissionDenied(_("A supervisor or manager reassigns cases."))
    require_work(actor, case)


@transaction.atomic
def case_transfer(*, actor: User, case: Case, to_user: User, reason: str) -> Case:
    """Reassign to another worker, in the same or another organisation, with the reason recorded."""
    require_transfer(actor, case)
    require_open(case)
    if to_user.role not in CASE_HOLDING_ROLES or not to_user.is_active:
        raise ValidationError({"to_user": _("Choose an active case manager or community social assistant.")})
    if to_user.pk == case.case_manager_id:
        raise ValidationError({"to_user": _("The case is already with this worker.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is transferred.")})
    Transfer.objects.create(
        case=case,
        from_user=case.case_manager,
        to_user=to_user,
        from_organisation=case.organisation,
        to_organisation=to_user.organisation,
        reason=reason,
        by=actor,
    )
    old = case.case_manager_id
    Case.objects.filter(pk=case.pk).update(
        case_manager=to_user, organisation=to_user.organisation, version=F("version") + 1
    )
    case.refresh_from_db()
    event(case, EventKind.TRANSFERRED, timezone.localdate(), actor, reason)
    audit(actor, case, "transferred", changes={"case_manager": [old, to_user.pk]})
    return case


@transaction.atomic
def case_request_closure(*, actor: User, case: Case, reason: str, outcome: str, summary: str) -> Case:
    require_work(actor, case)
    require_open(case)
    if case.status == CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("Closure is already awaiting approval."))
    missing = clock.missing_for_closure(case)
    if missing:
        raise ValidationError(
            _("The standards require these steps before closure: %(steps)s.")
            % {"steps": ", ".join(s.label for s in missing)}
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Write a short closure summary.")})
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSURE_REQUESTED,
        closure_reason=reason,
        closure_outcome=outcome,
        closure_note=summary,
        version=F("version") + 1,
    )
    case.refresh_from_db()
    case.full_clean()
    event(case, EventKind.CLOSURE_REQUESTED, timezone.localdate(), actor, reason)
    audit(actor, case, "closure requested")
    return case


@transaction.atomic
def case_approve_closure(*, actor: User, case: Case) -> Case:
    require_approver(actor, case)
    if case.status != CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("Closure can only be approved after the case manager requests it."))
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=today, version=F("version") + 1
    )
    case.refresh_from_db()
    event(case, EventKind.CLOSED, today, actor)
    audit(actor, case, "closed")
    refresh(case)
    return case


@transaction.atomic
def case_return_closure(*, actor: User, case: Case, comment: str) -> Case:
    require_approver(actor, case)
    if case.status != CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("There is no closure request to return."))
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the case manager what is missing.")})
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.IMPLEMENTATION, version=F("version") + 1)
    case.refresh_from_db()
    event(case, EventKind.CLOSURE_RETURNED, timezone.localdate(), actor, comment)
    audit(actor, case, "closure returned")
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    require_work(actor, case)
    if case.is_open:
        raise ValidationError(_("The case is open."))
    if Case.objects.filter(child=case.child).exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError(_("This child already has another open case."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.SCREENING,
        closed_on=None,
        closure_reason="",
        closure_outcome="",
        version=F("version") + 1,
    )
    case.refresh_from_db()
    event(case, EventKind.REOPENED, timezone.localdate(), actor, reason)
    audit(actor, case, "reopened")
    refresh(case)
    return case
