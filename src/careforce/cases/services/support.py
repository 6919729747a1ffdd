"""Recording the Family Support Service of a case: primary support, decisions, payments; cancelling them.

Each is append-only: a wrong record is cancelled with a reason (audited) and recorded again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, User
from careforce.core.roles import Role

from ..models import Case, Currency, PrimaryKind, PrimarySupport, SupportDecision, SupportForm, SupportPayment
from .common import can_work, check_date

# Those who may read a case's support: everyone who sees the case except community volunteers.
SUPPORT_READ_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR,
                                Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT})
# A decision to grant money or goods is of weight: a supervisor or above records it (domain.md: supervision).
DECISION_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})


def may_read_support(user: User) -> bool:
    return user.is_authenticated and user.role in SUPPORT_READ_ROLES


def may_record_decision(user: User, case: Case) -> bool:
    return user.role in DECISION_ROLES and can_work(user, case)


def _require_work(actor: User, case: Case) -> None:
    if not can_work(actor, case):
        raise PermissionDenied(_("You may not record support on this case."))


def _copied(case: Case) -> dict:
    # The family, organisation and locality as they are today: totals are by where the support went.
    return {
        "case": case,
        "household_id": case.child.household_id,
        "organisation_id": case.organisation_id,
        "area_id": case.area_id,
    }


def _audit(actor: User, obj, summary: str, action: str = AuditAction.CREATE, changes=None) -> None:
    audit_log(actor=actor, action=action, obj=obj, summary=summary, changes=changes)


@transaction.atomic
def primary_support_record(
    *, actor: User, case: Case, kind: str, on: date, duration_minutes: int | None = None,
    given_by: str = "", notes: str = "",
) -> PrimarySupport:
    _require_work(actor, case)
    if kind not in PrimaryKind.values:
        raise ValidationError({"kind": _("Choose the kind of support.")})
    check_date(case, on)
    if duration_minutes is not None and not 0 < duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("Give the duration in minutes, at most one day.")})
    record = PrimarySupport.objects.create(
        **_copied(case), kind=kind, on=on, duration_minutes=duration_minutes, given_by=given_by.strip(),
        notes=notes.strip(), recorded_by=actor,
    )
    _audit(actor, record, f"primary support recorded on case {case.pk}", changes={"kind": kind, "on": str(on)})
    return record


@transaction.atomic
def support_decision_record(
    *, actor: User, case: Case, number: str, decided_on: date, decided_by: str, notes: str = "",
) -> SupportDecision:
    _require_work(actor, case)
    if actor.role not in DECISION_ROLES:
        raise PermissionDenied(_("Only a supervisor or a manager may record a decision to grant support."))
    errors = {}
    if not number.strip():
        errors["number"] = _("Give the number of the decision.")
    if not decided_by.strip():
        errors["decided_by"] = _("Say who took the decision.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if SupportDecision.objects.filter(case=case, number=number.strip(), cancelled_at__isnull=True).exists():
        raise ValidationError({"number": _("This case already has a decision with this number.")})
    decision = SupportDecision.objects.create(
        **_copied(case), number=number.strip(), decided_on=decided_on, decided_by=decided_by.strip(),
        notes=notes.strip(), recorded_by=actor,
    )
    _audit(actor, decision, f"support decision {decision.number} recorded on case {case.pk}")
    return decision


@transaction.atomic
def support_payment_record(
    *, actor: User, case: Case, decision: SupportDecision | None, form: str, amount, currency: str,
    paid_on: date, purpose: str, in_kind_description: str = "",
) -> SupportPayment:
    _require_work(actor, case)
    # Cash or goods are given only on a decision (the service's regulation): never a payment without one.
    if decision is None or decision.case_id != case.pk:
        raise ValidationError({"decision": _("A payment needs the decision that granted it. Record the decision "
                                             "first (a supervisor does), then choose it here.")})
    if decision.cancelled:
        raise ValidationError({"decision": _("This decision was cancelled: a payment cannot rest on it.")})
    errors = {}
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif value >= Decimal("10000000000"):
        errors["amount"] = _("The amount is too large.")
    if currency not in Currency.values:
        errors["currency"] = _("Choose the currency.")
    if form not in SupportForm.values:
        errors["form"] = _("Choose cash or in kind.")
    elif form == SupportForm.IN_KIND and not in_kind_description.strip():
        errors["in_kind_description"] = _("Say what was given in kind.")
    if not purpose.strip():
        errors["purpose"] = _("Say what the support is for.")
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("The date cannot be in the future.")
    elif paid_on < decision.decided_on:
        errors["paid_on"] = _("The support was given before the decision that granted it (%(date)s).") % {
            "date": decision.decided_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    payment = SupportPayment.objects.create(
        **_copied(case), decision=decision, form=form, amount=value, currency=currency, paid_on=paid_on,
        purpose=purpose.strip(), in_kind_description=in_kind_description.strip(), recorded_by=actor,
    )
    _audit(
        actor, payment, f"support payment recorded on case {case.pk}",
        changes={"amount": str(value), "currency": currency, "decision": decision.number},
    )
    return payment


@transaction.atomic
def support_cancel(*, actor: User, record: PrimarySupport | SupportDecision | SupportPayment, reason: str):
    """Correct a mistake: the record stays, marked cancelled with the reason, and counts in no total."""
    case = record.case
    _require_work(actor, case)
    if isinstance(record, SupportDecision) and actor.role not in DECISION_ROLES:
        raise PermissionDenied(_("Only a supervisor or a manager may cancel a decision."))
    if record.cancelled:
        raise ValidationError(_("This record is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is cancelled.")})
    if isinstance(record, SupportDecision) and record.payments.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("Payments rest on this decision: cancel them first."))
    now = timezone.now()
    type(record).objects.filter(pk=record.pk).update(
        cancelled_at=now, cancelled_by=actor, cancel_reason=reason.strip()[:300]
    )
    record.cancelled_at, record.cancelled_by, record.cancel_reason = now, actor, reason.strip()[:300]
    _audit(actor, record, f"support record cancelled on case {case.pk}", action=AuditAction.UPDATE,
           changes={"reason": reason.strip()[:300]})
    return record
