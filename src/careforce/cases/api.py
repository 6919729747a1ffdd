"""Case endpoints: the work tray, one case with its clock, opening a case, recording a contact.

Same services and access door as the pages; sensitive fields only for roles with need-to-know.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core.audit import audit_log, client_ip
from careforce.core.models import AuditAction, User
from careforce.people.models import Person

from . import selectors, services
from .models import Case, CaseStatus, CaseType, ContactKind, ReporterKind, RiskLevel
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
