"""Writes: the services catalogue and the referral state machine. Each in one transaction, audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.cases.models import Action, Case
from careforce.cases.services import can_work
from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, Organisation, User
from careforce.core.roles import Role

from .grants import RECEIVING_ROLES
from .models import (
    TRANSITIONS,
    ConsentBy,
    Referral,
    ReferralEvent,
    ReferralMode,
    ReferralStatus,
    Service,
    Urgency,
    respond_by,
)

if TYPE_CHECKING:
    from careforce.core.models import Area

# Who may send a referral without recorded consent, giving a reason that is logged.
OVERRIDE_ROLES = frozenset({Role.SUPERVISOR, Role.REGIONAL_MANAGER, Role.NATIONAL_ADMIN})
SERVICE_FIELDS = ["organisation", "area", "service_type", "name", "eligibility", "capacity", "contact", "active"]


# --- The catalogue ------------------------------------------------------------------------------------


def may_manage_services_of(user: User, organisation: Organisation) -> bool:
    """The national administrator; the organisation's own supervisor; the regional manager of its area."""
    if not user.is_authenticated:
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role == Role.SUPERVISOR:
        return organisation.pk == user.organisation_id
    if user.role == Role.REGIONAL_MANAGER:
        scope = user.scope_area
        return scope is not None and organisation.area.path.startswith(scope.path)
    return False


def manages_services(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.NATIONAL_ADMIN, Role.SUPERVISOR, Role.REGIONAL_MANAGER)


@transaction.atomic
def service_save(*, actor: User, data: dict[str, Any], service: Service | None = None) -> Service:
    organisation = data["organisation"]
    if not may_manage_services_of(actor, organisation) or (
        service is not None and not may_manage_services_of(actor, service.organisation)
    ):
        raise PermissionDenied(_("You may not manage the services of this organisation."))
    area: Area | None = data.get("area") or organisation.area
    if not area.path.startswith(organisation.area.path) and not organisation.area.path.startswith(area.path):
        raise ValidationError({"area": _("The area served must be the organisation's area or within it.")})
    created = service is None
    before = {} if created else {f: str(getattr(service, f)) for f in SERVICE_FIELDS}
    service = service or Service()
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.area = area
    service.full_clean()
    service.save()
    after = {f: str(getattr(service, f)) for f in SERVICE_FIELDS}
    audit_log(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=service,
        summary=f"service {service.name}",
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )
    return service


# --- Referrals ----------------------------------------------------------------------------------------


def is_receiver(user: User, referral: Referral) -> bool:
    """On the receiving organisation's side (answers referrals sent to it in Careforce)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role in RECEIVING_ROLES:
        return referral.to_organisation_id == user.organisation_id
    if user.role == Role.REGIONAL_MANAGER:
        scope = user.scope_area
        return scope is not None and referral.to_organisation.area.path.startswith(scope.path)
    return False


def is_referrer(user: User, referral: Referral) -> bool:
    """May act for the referring side: whoever may change the case."""
    return user.is_authenticated and can_work(user, referral.case)


def may_answer(user: User, referral: Referral) -> bool:
    """Accept, decline, record delivery: the receiver, or the case's side when the answer came by letter."""
    if referral.mode == ReferralMode.MANUAL:
        return is_referrer(user, referral)
    return is_receiver(user, referral)


def has_users(organisation: Organisation) -> bool:
    """Somebody there answers referrals in Careforce (volunteers alone do not)."""
    return User.objects.filter(organisation=organisation, is_active=True, role__in=RECEIVING_ROLES).exists()


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    service: Service,
    reason: str,
    urgency: str = Urgency.ROUTINE,
    to_organisation: Organisation | None = None,
    consent_by: str = "",
    consent_to: str = "",
    consent_on: date | None = None,
    override_reason: str = "",
    sent_on: date | None = None,
    action: Action | None = None,
) -> Referral:
    if not can_work(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    today = timezone.localdate()
    sent_on = sent_on or today
    errors: dict[str, list[str]] = {}
    if action is not None and action.goal.plan.case_id != case.pk:
        errors.setdefault("__all__", []).append(_("This action belongs to another case's plan."))
    if not case.is_open:
        errors.setdefault("__all__", []).append(_("The case is closed: reopen it before referring the child."))
    # A referral goes to an organisation for a service it offers now.
    if not service.active:
        errors.setdefault("service", []).append(_("This service is no longer offered."))
    if to_organisation is not None and to_organisation.pk != service.organisation_id:
        errors.setdefault("service", []).append(
            _("%(organisation)s does not offer this service.") % {"organisation": to_organisation}
        )
    if urgency not in Urgency.values:
        errors.setdefault("urgency", []).append(_("Choose an urgency."))
    if not (reason or "").strip():
        errors.setdefault("reason", []).append(_("Say why the child or family is referred."))
    override_reason = (override_reason or "").strip()
    if override_reason:
        # Without consent only on a supervisor's decision, and the reason is logged.
        if actor.role not in OVERRIDE_ROLES:
            errors.setdefault("override_reason", []).append(
                _("Only a supervisor may send a referral without consent.")
            )
    else:
        if consent_by not in ConsentBy.values:
            errors.setdefault("consent_by", []).append(
                _("Record who consented, or ask a supervisor to decide without consent.")
            )
        if not (consent_to or "").strip():
            errors.setdefault("consent_to", []).append(_("Record what the consent covers."))
        if consent_on is None:
            errors.setdefault("consent_on", []).append(_("Record when consent was given."))
        elif consent_on > today:
            errors.setdefault("consent_on", []).append(_("The date of consent is in the future."))
    if errors:
        raise ValidationError(errors)
    to = service.organisation
    referral = Referral.objects.create(
        case=case,
        action=action,
        service=service,
        from_organisation=case.organisation,
        to_organisation=to,
        referred_by=actor,
        reason=reason.strip(),
        urgency=urgency,
        mode=ReferralMode.SYSTEM if has_users(to) else ReferralMode.MANUAL,
        sent_on=sent_on,
        respond_by=respond_by(sent_on, urgency),
        consent_by="" if override_reason else consent_by,
        consent_to="" if override_reason else consent_to.strip(),
        consent_on=None if override_reason else consent_on,
        override_by=actor if override_reason else None,
        override_reason=override_reason,
    )
    ReferralEvent.objects.create(referral=referral, to_status=ReferralStatus.SENT, by=actor)
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        summary=f"referral of case {case.number} to {to}"
        + (f"; without consent: {override_reason}" if override_reason else ""),
    )
    return referral


def _transition(*, actor: User, referral: Referral, to: str, note: str = "", **fields: Any) -> Referral:
    # Lock the row: two people answering at once must not both move it.
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if to not in TRANSITIONS[current.status]:
        raise ValidationError(
            _("A referral that is “%(status)s” cannot become “%(to)s”.")
            % {"status": current.get_status_display(), "to": ReferralStatus(to).label}
        )
    before = current.status
    current.status = to
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=["status", *fields])
    ReferralEvent.objects.create(referral=current, from_status=before, to_status=to, by=actor, note=note)
    audit_log(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        summary=f"referral {before} → {to}",
        changes={"status": [before, to]},
    )
    referral.refresh_from_db()
    return referral


def _require_answer(actor: User, referral: Referral) -> None:
    if not may_answer(actor, referral):
        raise PermissionDenied(_("Only the receiving organisation answers this referral."))


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, note: str = "", on: date | None = None) -> Referral:
    _require_answer(actor, referral)
    return _transition(
        actor=actor, referral=referral, to=ReferralStatus.ACCEPTED, note=note.strip(),
        answered_on=on or timezone.localdate(),
    )


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str, on: date | None = None) -> Referral:
    _require_answer(actor, referral)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    return _transition(
        actor=actor, referral=referral, to=ReferralStatus.DECLINED, note=reason,
        decline_reason=reason, answered_on=on or timezone.localdate(),
    )


@transaction.atomic
def referral_feedback(*, actor: User, referral: Referral, feedback: str) -> Referral:
    _require_answer(actor, referral)
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": _("Describe the service delivered.")})
    return _transition(
        actor=actor, referral=referral, to=ReferralStatus.DELIVERED, note=feedback, feedback=feedback
    )


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, note: str) -> Referral:
    """Withdrawn by the referring side, or ended without delivery by either side."""
    if not (is_referrer(actor, referral) or may_answer(actor, referral)):
        raise PermissionDenied(_("You may not close this referral."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the referral is closed.")})
    return _transition(actor=actor, referral=referral, to=ReferralStatus.CLOSED, note=note)
