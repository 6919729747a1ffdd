"""Case endpoints: the work tray, one case with its clock, opening a case, recording a contact, the case's
actions (risk, transfer, closure and its decision, reopening, tasks), and the Family Support Service of a
case (primary support, decisions, payments, cancelling them).

Same services and access door as the pages; sensitive fields only for roles with need-to-know.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
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
    ClosureOutcome,
    ClosureReason,
    ContactKind,
    Currency,
    PrimaryKind,
    PrimarySupport,
    ReporterKind,
    RiskLevel,
    SupportDecision,
    SupportForm,
    SupportPayment,
    Task,
)
from .services import support as support_services
from .services.cases import require_transfer
from .services.common import require_work
from .views.common import CASE_ROLES

router = Router(tags=["cases"])

MAX_ID = 2**63 - 1  # the largest key either database stores: a bigger one is refused, not sent to it


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


# --- The case's actions: the services the case page calls, through the same door -----------------------------
# A refusal of a service reads as on the page: its ValidationError answers 400 with the field and the message,
# its PermissionDenied 403 (the handlers of careforce.api); a case outside the user's scope answers 404.


class ActionErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None  # field → messages; "__all__" for the case as a whole


ACTION_ERRORS = {400: ActionErrorOut, 403: ActionErrorOut, 404: ActionErrorOut}


class RiskIn(Schema):
    risk_level: RiskLevel
    reason: str = Field(..., max_length=250)  # the page's form


class TransferIn(Schema):
    to_user: int = Field(..., ge=1, le=MAX_ID, description="The worker who takes the case")
    reason: str


class ClosureIn(Schema):
    reason: ClosureReason
    outcome: ClosureOutcome = Field(..., description="Where the child lives now")
    summary: str


class CommentIn(Schema):
    comment: str = Field(..., description="What is missing, for the case manager")


class ReasonIn(Schema):
    reason: str = Field(..., max_length=250)  # the page's form


class TaskIn(Schema):
    title: str = Field(..., max_length=200)  # the column's length: longer answers 422, never a database error
    due_on: datetime.date
    assigned_to: int | None = Field(
        None, ge=1, le=MAX_ID, description="A user within your scope; left out: the case manager"
    )


class TaskDoneIn(Schema):
    done_on: datetime.date | None = Field(None, description="Left out: today")


class TaskOut(Schema):
    id: int
    case_id: int
    title: str
    due_on: datetime.date
    assigned_to_id: int
    done_on: datetime.date | None


def _user(user, user_id: int | None, field: str) -> User | None:
    """A user named in a request, through the door: one the caller may not see reads as one that does not
    exist, and either is refused on the field (400), not as a missing case."""
    if user_id is None:
        return None
    found = User.objects.visible_to(user).filter(pk=user_id).first()
    if found is None:
        raise ValidationError({field: _("No such user within what you may see.")})
    return found


@router.post("/cases/{case_id}/risk", response={200: CaseOut, **ACTION_ERRORS},
             summary="Change the risk level, with the reason (the deadlines follow it)")
def change_risk(request, case_id: int, payload: RiskIn):
    case = _case(request.user, case_id)
    return services.case_change_risk(actor=request.user, case=case, **payload.dict())


@router.post("/cases/{case_id}/transfer", response={200: CaseOut, **ACTION_ERRORS},
             summary="Transfer the case to another worker, with the reason (supervisors and managers)")
def transfer_case(request, case_id: int, payload: TransferIn):
    case = _case(request.user, case_id)
    # The service's own guard before the worker is looked up: a caller who may not reassign learns that,
    # not which workers she may see.
    require_transfer(request.user, case)
    to_user = _user(request.user, payload.to_user, "to_user")
    return services.case_transfer(actor=request.user, case=case, to_user=to_user, reason=payload.reason)


@router.post("/cases/{case_id}/closure", response={200: CaseOut, **ACTION_ERRORS},
             summary="Request closure of the case; the supervisor decides")
def request_closure(request, case_id: int, payload: ClosureIn):
    case = _case(request.user, case_id)
    return services.case_request_closure(actor=request.user, case=case, **payload.dict())


@router.post("/cases/{case_id}/closure/approve", response={200: CaseOut, **ACTION_ERRORS},
             summary="Approve the requested closure: the case is closed (the case manager's supervisor)")
def approve_closure(request, case_id: int):
    case = _case(request.user, case_id)
    return services.case_approve_closure(actor=request.user, case=case)


@router.post("/cases/{case_id}/closure/return", response={200: CaseOut, **ACTION_ERRORS},
             summary="Return the closure request to the case manager, saying what is missing")
def return_closure(request, case_id: int, payload: CommentIn):
    case = _case(request.user, case_id)
    return services.case_return_closure(actor=request.user, case=case, comment=payload.comment)


@router.post("/cases/{case_id}/reopen", response={200: CaseOut, **ACTION_ERRORS},
             summary="Reopen a closed case, with the reason (its clocks start again today)")
def reopen_case(request, case_id: int, payload: ReasonIn):
    case = _case(request.user, case_id)
    return services.case_reopen(actor=request.user, case=case, reason=payload.reason)


@router.post("/cases/{case_id}/tasks", response={201: CreatedOut, **ACTION_ERRORS},
             summary="Add a task to the case")
def add_task(request, case_id: int, payload: TaskIn):
    case = _case(request.user, case_id)
    if payload.assigned_to is not None:
        require_work(request.user, case)  # the service's guard first, as for a transfer
    assigned_to = _user(request.user, payload.assigned_to, "assigned_to")
    task = services.task_add(
        actor=request.user, case=case, title=payload.title, due_on=payload.due_on, assigned_to=assigned_to
    )
    return Status(201, {"id": task.pk})


@router.post("/cases/{case_id}/tasks/{task_id}/done", response={200: TaskOut, **ACTION_ERRORS},
             summary="Mark a task of the case done")
def mark_task_done(request, case_id: int, task_id: int, payload: TaskDoneIn | None = None):
    case = _case(request.user, case_id)
    # Only a task of this case: another case's task answers 404, as a case outside the scope does.
    task = get_object_or_404(Task.objects.filter(case=case).select_related("case"), pk=task_id)
    return services.task_done(actor=request.user, task=task, done_on=payload.done_on if payload else None)


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
