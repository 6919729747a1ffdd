"""Case endpoints: the work tray, one case with its clock, opening a case, recording a contact, and the
Family Support Service of a case (primary support, decisions, payments, cancelling them).

Same services and access door as the pages; sensitive fields only for roles with need-to-know.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core.audit import audit_log, client_ip
from careforce.core.models import AuditAction, User
from careforce.people.models import Person

from . import selectors, services, support_totals
from .models import (
    Case,
    CaseStatus,
    CaseType,
    ContactKind,
    Currency,
    PrimaryKind,
    PrimarySupport,
    ReporterKind,
    RiskLevel,
    SupportDecision,
    SupportForm,
    SupportPayment,
)
from .services import support as support_services
from .views.common import CASE_ROLES

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    number: str
    child_id: int
    case_type: str
    status: str
    risk_level: str
    organisation_id: int
    area_id: int
    case_manager_id: int
    opened_on: datetime.date
    closed_on: datetime.date | None
    next_due_on: datetime.date | None
    next_due_step: str
    overdue: bool


class DeadlineOut(Schema):
    step: str
    occurrence: int
    due_on: datetime.date
    done_on: datetime.date | None


class CaseDetailOut(CaseOut):
    deadlines: list[DeadlineOut]


class TrayFilter(Schema):
    status: CaseStatus | None = None
    risk: RiskLevel | None = None


class CaseIn(Schema):
    child: int
    risk_level: RiskLevel
    case_type: CaseType = CaseType.PROTECTION
    reported_on: datetime.date
    reporter_kind: ReporterKind
    description: str = Field(..., min_length=1)
    reporter_name: str = Field("", max_length=120)
    reporter_contact: str = Field("", max_length=120)
    case_manager: int | None = None


class ContactIn(Schema):
    kind: ContactKind
    on: datetime.date
    notes: str = Field(..., min_length=1)
    child_seen: bool = True


class CreatedOut(Schema):
    id: int


def _require_role(user) -> None:
    if user.role not in CASE_ROLES:
        raise PermissionDenied


def _case(user, case_id: int) -> Case:
    _require_role(user)
    return get_object_or_404(Case.objects.visible_to(user), pk=case_id)


@router.get("/cases", response=list[CaseOut], summary="Open cases the user may see, the most urgent first")
@paginate
def list_cases(request, filters: Query[TrayFilter]):
    _require_role(request.user)
    return selectors.tray(request.user, status=filters.status or "", risk=filters.risk or "")


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case with its standards clock")
def get_case(request, case_id: int):
    case = _case(request.user, case_id)
    audit_log(actor=request.user, action=AuditAction.VIEW, obj=case, summary="api", ip=client_ip(request))
    case.deadlines_list = [
        {"step": d.step.code, "occurrence": d.occurrence, "due_on": d.due_on, "done_on": d.done_on}
        for d in case.deadlines.select_related("step").order_by("due_on")
    ]
    return {**{f: getattr(case, f) for f in CaseOut.model_fields}, "deadlines": case.deadlines_list}


@router.post("/cases", response={201: CreatedOut}, summary="Open a case from a concern")
def open_case(request, payload: CaseIn):
    _require_role(request.user)
    child = get_object_or_404(Person.objects.visible_to(request.user), pk=payload.child)
    manager = None
    if payload.case_manager is not None:
        manager = get_object_or_404(User.objects.visible_to(request.user), pk=payload.case_manager)
    data = payload.dict(exclude={"child", "case_manager"})
    case = services.case_open(actor=request.user, child=child, case_manager=manager, **data)
    return Status(201, {"id": case.pk})


@router.post("/cases/{case_id}/contacts", response={201: CreatedOut}, summary="Record a visit or contact")
def record_contact(request, case_id: int, payload: ContactIn):
    case = _case(request.user, case_id)
    contact = services.contact_record(actor=request.user, case=case, **payload.dict())
    return Status(201, {"id": contact.pk})


# --- Family support (Family Support Service inside a case) -----------------------------------------------


class PrimarySupportOut(Schema):
    id: int
    kind: str
    on: datetime.date
    duration_minutes: int | None
    given_by: str
    recorded_by_id: int
    cancelled: bool
    cancel_reason: str


class SupportDecisionOut(Schema):
    id: int
    number: str
    decided_on: datetime.date
    decided_by: str
    notes: str  # what was granted
    recorded_by_id: int
    cancelled: bool
    cancel_reason: str


class SupportPaymentOut(Schema):
    id: int
    decision_id: int
    form: str
    amount: str
    currency: str
    paid_on: datetime.date
    purpose: str
    in_kind_description: str
    recorded_by_id: int
    cancelled: bool
    cancel_reason: str


class CaseSupportOut(Schema):
    case_id: int
    totals: dict[str, str]  # currency → amount, cancelled records left out; never added across currencies
    primary: list[PrimarySupportOut]
    decisions: list[SupportDecisionOut]
    payments: list[SupportPaymentOut]


class PrimarySupportIn(Schema):
    kind: PrimaryKind
    on: datetime.date
    duration_minutes: int | None = None
    given_by: str = Field("", max_length=150)
    notes: str = ""


class SupportDecisionIn(Schema):
    # The lengths of the page's form (and of the columns): longer text answers 422, never a database error.
    number: str = Field(..., max_length=40)
    decided_on: datetime.date
    decided_by: str = Field(..., max_length=150)
    notes: str = Field("", max_length=300, description="What was granted")


class SupportCancelIn(Schema):
    reason: str = Field(..., max_length=300)


class SupportCancelledOut(Schema):
    id: int
    cancelled: bool
    cancel_reason: str


class SupportPaymentIn(Schema):
    decision: int | None = None  # required by the service: a payment without a decision is refused
    form: SupportForm = SupportForm.CASH
    amount: str = Field(..., max_length=20)
    currency: Currency
    paid_on: datetime.date
    purpose: str = Field(..., max_length=200)
    in_kind_description: str = Field("", max_length=300)


def _support_case(user, case_id: int) -> Case:
    case = _case(user, case_id)
    if not support_services.may_read_support(user):
        raise PermissionDenied
    return case


@router.get("/cases/{case_id}/support", response=CaseSupportOut, summary="A case's family support")
def get_case_support(request, case_id: int):
    case = _support_case(request.user, case_id)
    limit = 500
    return {
        "case_id": case.pk,
        "totals": {c: str(v) for c, v in support_totals.case_totals(case).items()},
        "primary": [{**{f: getattr(r, f) for f in PrimarySupportOut.model_fields}}
                    for r in PrimarySupport.objects.filter(case=case)[:limit]],
        "decisions": [{**{f: getattr(r, f) for f in SupportDecisionOut.model_fields}}
                      for r in SupportDecision.objects.filter(case=case)[:limit]],
        "payments": [{**{f: getattr(r, f) for f in SupportPaymentOut.model_fields}, "amount": str(r.amount)}
                     for r in SupportPayment.objects.filter(case=case)[:limit]],
    }


@router.post("/cases/{case_id}/support/primary", response={201: CreatedOut}, summary="Record primary support")
def record_primary_support(request, case_id: int, payload: PrimarySupportIn):
    case = _support_case(request.user, case_id)
    record = support_services.primary_support_record(actor=request.user, case=case, **payload.dict())
    return Status(201, {"id": record.pk})


@router.post("/cases/{case_id}/support/decisions", response={201: CreatedOut},
             summary="Record a decision granting secondary support (supervisors and managers)")
def record_support_decision(request, case_id: int, payload: SupportDecisionIn):
    case = _support_case(request.user, case_id)
    # The page's rule (who may decide: a supervisor or a manager who may work the case); the service says it
    # again, so a refusal reads the same from the page and from a script.
    if not support_services.may_record_decision(request.user, case):
        raise PermissionDenied(_("Only a supervisor or a manager may record a decision to grant support."))
    decision = support_services.support_decision_record(actor=request.user, case=case, **payload.dict())
    return Status(201, {"id": decision.pk})


@router.post("/cases/{case_id}/support/payments", response={201: CreatedOut},
             summary="Record cash or in-kind support granted by a decision of the case")
def record_support_payment(request, case_id: int, payload: SupportPaymentIn):
    case = _support_case(request.user, case_id)
    data = payload.dict()
    decision = None
    if data.pop("decision") is not None:
        decision = SupportDecision.objects.filter(case=case, pk=payload.decision).first()
    payment = support_services.support_payment_record(actor=request.user, case=case, decision=decision, **data)
    return Status(201, {"id": payment.pk})


def _cancel(request, case_id: int, model, record_id: int, payload: SupportCancelIn) -> dict:
    case = _support_case(request.user, case_id)
    record = get_object_or_404(model.objects.filter(case=case).select_related("case"), pk=record_id)
    record = support_services.support_cancel(actor=request.user, record=record, reason=payload.reason)
    return {"id": record.pk, "cancelled": record.cancelled, "cancel_reason": record.cancel_reason}


# Records are never deleted: a mistake is cancelled with a reason (kept, audited, left out of every total).
@router.post("/cases/{case_id}/support/primary/{record_id}/cancel", response=SupportCancelledOut,
             summary="Cancel a primary support record, with the reason")
def cancel_primary_support(request, case_id: int, record_id: int, payload: SupportCancelIn):
    return _cancel(request, case_id, PrimarySupport, record_id, payload)


@router.post("/cases/{case_id}/support/decisions/{record_id}/cancel", response=SupportCancelledOut,
             summary="Cancel a support decision, with the reason (its payments must be cancelled first)")
def cancel_support_decision(request, case_id: int, record_id: int, payload: SupportCancelIn):
    return _cancel(request, case_id, SupportDecision, record_id, payload)


@router.post("/cases/{case_id}/support/payments/{record_id}/cancel", response=SupportCancelledOut,
             summary="Cancel a support payment, with the reason")
def cancel_support_payment(request, case_id: int, record_id: int, payload: SupportCancelIn):
    return _cancel(request, case_id, SupportPayment, record_id, payload)
