"""Placements endpoints: a child's care settings, reintegrations and their monitoring visits."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core import access
from careforce.core.audit import audit_log, client_ip
from careforce.core.models import AuditAction, Organisation
from careforce.people.models import Person

from . import selectors, services
from .models import MonitoringStep, Reintegration, SettingKind

router = Router(tags=["placements"])


class CareSettingOut(Schema):
    id: int
    kind: str
    start: datetime.date
    end: datetime.date | None
    carer: str
    institution_id: int | None
    reason: str
    decision: str
    planned_end: datetime.date | None
    case_id: int | None


class CareSettingIn(Schema):
    kind: SettingKind
    start: datetime.date
    carer: str = Field("", max_length=200)
    institution: int | None = None
    reason: str = Field("", max_length=4000)
    decision: str = Field("", max_length=200)
    planned_end: datetime.date | None = None


class CreatedOut(Schema):
    id: int


class VisitOut(Schema):
    id: int
    step_months: int | None
    visited_on: datetime.date
    child_in_family: bool
    notes: str | None = None


class ReintegrationOut(Schema):
    id: int
    child_id: int
    case_id: int | None
    from_setting_id: int
    readiness_on: datetime.date | None
    preparation_on: datetime.date | None
    moved_on: datetime.date | None
    status: str


class ReintegrationDetailOut(ReintegrationOut):
    visits: list[VisitOut]


class VisitIn(Schema):
    visited_on: datetime.date
    step_months: int | None = Field(None, description="Which scheduled visit (months after the move)")
    child_in_family: bool = True
    notes: str = Field("", max_length=4000)


def _child(request, child_id: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=child_id)


@router.get("/children/{child_id}/care-settings", response=list[CareSettingOut],
            summary="A child's care settings, the latest first")
def list_care_settings(request, child_id: int):
    child = _child(request, child_id)
    return list(selectors.settings_of(request.user, child))


@router.post("/children/{child_id}/care-settings", response={201: CreatedOut},
             summary="Record a change of care setting (the current one ends the day before)",
             description="`institution`: an open residential institution or family-type home anywhere in the "
             "country, the same that the page offers (find them with "
             "`GET /api/v1/organisations?kind=residential&area=…&q=…`, or `kind=family_home`).")
def change_care_setting(request, child_id: int, payload: CareSettingIn):
    if not services.may_write(request.user):
        raise PermissionDenied
    child = _child(request, child_id)
    data = payload.dict()
    institution = None
    if data.pop("institution") is not None:
        institution = Organisation.objects.filter(pk=payload.institution).first()
        if institution is None:
            # A field of the body, not the address: a 400 naming it, like the service's other refusals.
            raise ValidationError({"institution": _("There is no organisation with this number.")})
    setting = services.care_setting_change(actor=request.user, child=child, institution=institution, **data)
    return Status(201, {"id": setting.pk})


def _out(r: Reintegration) -> dict:
    return {f: getattr(r, f) for f in ReintegrationOut.model_fields}


@router.get("/reintegrations", response=list[ReintegrationOut], summary="Reintegrations the user may see")
@paginate
def list_reintegrations(request):
    if request.user.role not in selectors.REINTEGRATION_ROLES:
        raise PermissionDenied
    return selectors.reintegrations(request.user).order_by("-created_at", "-pk")


def _reintegration(request, pk: int) -> Reintegration:
    return get_object_or_404(selectors.reintegrations(request.user), pk=pk)


@router.get("/reintegrations/{reintegration_id}", response=ReintegrationDetailOut,
            summary="One reintegration with its monitoring visits")
def get_reintegration(request, reintegration_id: int):
    r = _reintegration(request, reintegration_id)
    audit_log(actor=request.user, action=AuditAction.VIEW, obj=r, summary="api", ip=client_ip(request))
    sensitive = access.sees_sensitive(request.user)
    visits = [
        {"id": v.pk, "step_months": v.step.months if v.step else None, "visited_on": v.visited_on,
         "child_in_family": v.child_in_family, "notes": v.notes if sensitive else None}
        for v in r.visits.select_related("step")
    ]
    return {**_out(r), "visits": visits}


@router.post("/reintegrations/{reintegration_id}/visits", response={201: CreatedOut},
             summary="Record a monitoring visit (not before the move)")
def record_visit(request, reintegration_id: int, payload: VisitIn):
    if not (services.may_write(request.user) or request.user.role == "volunteer"):
        raise PermissionDenied
    r = _reintegration(request, reintegration_id)
    step = None
    if payload.step_months is not None:
        step = get_object_or_404(MonitoringStep, months=payload.step_months)
    visit = services.visit_record(actor=request.user, reintegration=r, visited_on=payload.visited_on,
                                  notes=payload.notes, child_in_family=payload.child_in_family, step=step)
    return Status(201, {"id": visit.pk})
