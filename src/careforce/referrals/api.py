"""Referral endpoints: the services catalogue, the lists of referrals received and sent, sending a referral
and answering it.

Same services and access door as the pages: the receiving organisation reads what the referral shares.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.cases.models import Action, Case
from careforce.core.audit import audit_log, client_ip
from careforce.core.models import Area, AuditAction, Organisation

from . import selectors, services
from .models import ConsentBy, Referral, ReferralStatus, Service, ServiceType, Urgency

router = Router(tags=["referrals"])


class ServiceOut(Schema):
    id: int
    organisation_id: int
    area_id: int
    service_type: str
    name: str
    eligibility: str
    capacity: int | None
    contact: str
    active: bool


class ServiceFilter(Schema):
    area: int | None = None
    service_type: ServiceType | None = None
    q: str = ""


class ReferralIn(Schema):
    case: int
    service: int
    to_organisation: int | None = None
    reason: str = Field(..., min_length=1)
    urgency: Urgency = Urgency.ROUTINE
    consent_by: ConsentBy | None = None
    consent_to: str = Field("", max_length=300)
    consent_on: datetime.date | None = None
    override_reason: str = ""
    action: int | None = Field(None, description="The plan action (of this case) the referral carries out")


class EventOut(Schema):
    from_status: str
    to_status: str
    by_id: int | None
    at: datetime.datetime
    note: str


class ReferralOut(Schema):
    """What the referral shares: the child's name and age, never the case."""

    id: int
    case_id: int | None
    child_name: str
    child_age: int | None
    service_id: int
    from_organisation_id: int
    to_organisation_id: int
    referred_by_id: int
    reason: str
    urgency: str
    mode: str
    sent_on: datetime.date
    respond_by: datetime.date
    overdue: bool
    consent_by: str
    consent_to: str
    consent_on: datetime.date | None
    override_reason: str
    status: str
    answered_on: datetime.date | None
    decline_reason: str
    feedback: str
    events: list[EventOut]


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1)


class FeedbackIn(Schema):
    feedback: str = Field(..., min_length=1)


class CreatedOut(Schema):
    id: int


class ErrorOut(Schema):
    detail: str


class ReferralListFilter(Schema):
    direction: Literal["received", "sent"] = Field(
        ...,
        description="received: referrals sent to your organisation (a regional manager: to her region's), as on "
        "the page Referrals received; sent: referrals from the cases you see, as on the page Referrals sent",
        examples=["received"],
    )
    status: ReferralStatus | None = None
    overdue: bool | None = Field(
        None, description="true: only those sent and not answered by their date; false: all the others"
    )


class ReferralRowOut(Schema):
    """A row of the list, as the list pages show it. The reason, the consent and the answer's history are read
    one referral at a time (GET /referrals/{id}), and that read is audited, as the referral's page is."""

    id: int
    case_id: int | None = Field(..., description="Only for those who see the case: never the receiving side")
    child_name: str
    child_age: int | None
    service_id: int
    service_name: str
    from_organisation_id: int
    from_organisation_name: str
    to_organisation_id: int
    to_organisation_name: str
    urgency: str
    mode: str
    sent_on: datetime.date
    respond_by: datetime.date
    overdue: bool
    status: str
    answered_on: datetime.date | None

    # Read from the list's own rows (selectors.with_case_seen, select_related): no query per referral.
    @staticmethod
    def resolve_case_id(obj) -> int | None:
        return obj.case_id if obj.sees_case else None

    @staticmethod
    def resolve_child_name(obj) -> str:
        return str(obj.case.child)

    @staticmethod
    def resolve_child_age(obj) -> int | None:
        return obj.case.child.age

    @staticmethod
    def resolve_service_name(obj) -> str:
        return obj.service.name

    @staticmethod
    def resolve_from_organisation_name(obj) -> str:
        return obj.from_organisation.name

    @staticmethod
    def resolve_to_organisation_name(obj) -> str:
        return obj.to_organisation.name


def _referral(user, referral_id: int) -> Referral:
    if user.role not in selectors.REFERRAL_ROLES:
        raise PermissionDenied
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related("case__child", "to_organisation__area"), pk=referral_id
    )


def _out(user, referral: Referral) -> dict:
    sees_case = Case.objects.visible_to(user).filter(pk=referral.case_id).exists()
    child = referral.case.child
    return {
        **{f: getattr(referral, f) for f in ReferralOut.model_fields if hasattr(referral, f)},
        # The receiving side does not learn the case's number: the referral is all it sees.
        "case_id": referral.case_id if sees_case else None,
        "child_name": str(child),
        "child_age": child.age,
        "events": list(referral.events.order_by("at", "pk")),
    }


@router.get("/referrals/services", response=list[ServiceOut], summary="The services catalogue")
@paginate
def list_services(request, filters: Query[ServiceFilter]):
    area = get_object_or_404(Area, pk=filters.area) if filters.area else None
    return selectors.catalogue(area=area, service_type=filters.service_type or "", q=filters.q)


@router.get(
    "/referrals",
    response={200: list[ReferralRowOut], 403: ErrorOut},
    summary="Referrals received by your organisation or sent from your cases, those overdue first",
)
@paginate
def list_referrals(request, filters: Query[ReferralListFilter]):
    user = request.user
    # The list pages' door: trainers, analysts and volunteers have no referral tray.
    if user.role not in selectors.INCOMING_ROLES:
        raise PermissionDenied
    # Like the list pages, the list is not audited row by row: it shows no more than they do, and reading
    # one referral (GET /referrals/{id}) is.
    pick = selectors.incoming if filters.direction == "received" else selectors.outgoing
    qs = pick(user, status=filters.status or "", overdue=filters.overdue)
    return selectors.with_case_seen(user, qs)


@router.post("/referrals", response={201: CreatedOut}, summary="Refer a case's child to a service")
def create_referral(request, payload: ReferralIn):
    user = request.user
    if user.role not in selectors.OUTGOING_ROLES:
        raise PermissionDenied
    case = get_object_or_404(Case.objects.visible_to(user), pk=payload.case)
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=payload.service)
    to = get_object_or_404(Organisation, pk=payload.to_organisation) if payload.to_organisation else None
    action = (
        get_object_or_404(Action.objects.select_related("goal__plan"), pk=payload.action, goal__plan__case=case)
        if payload.action else None
    )
    referral = services.referral_create(
        actor=user,
        case=case,
        service=service,
        to_organisation=to,
        reason=payload.reason,
        urgency=payload.urgency,
        consent_by=payload.consent_by or "",
        consent_to=payload.consent_to,
        consent_on=payload.consent_on,
        override_reason=payload.override_reason,
        action=action,
    )
    return Status(201, {"id": referral.pk})


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="One referral, as far as it is shared")
def get_referral(request, referral_id: int):
    referral = _referral(request.user, referral_id)
    audit_log(actor=request.user, action=AuditAction.VIEW, obj=referral, summary="api", ip=client_ip(request))
    return _out(request.user, referral)


@router.post("/referrals/{referral_id}/accept", response=ReferralOut, summary="Accept a referral")
def accept_referral(request, referral_id: int, payload: NoteIn):
    referral = services.referral_accept(
        actor=request.user, referral=_referral(request.user, referral_id), note=payload.note
    )
    return _out(request.user, referral)


@router.post("/referrals/{referral_id}/decline", response=ReferralOut, summary="Decline a referral, with the reason")
def decline_referral(request, referral_id: int, payload: ReasonIn):
    referral = services.referral_decline(
        actor=request.user, referral=_referral(request.user, referral_id), reason=payload.reason
    )
    return _out(request.user, referral)


@router.post(
    "/referrals/{referral_id}/feedback", response=ReferralOut, summary="Record the service delivered, with feedback"
)
def referral_feedback(request, referral_id: int, payload: FeedbackIn):
    referral = services.referral_feedback(
        actor=request.user, referral=_referral(request.user, referral_id), feedback=payload.feedback
    )
    return _out(request.user, referral)
