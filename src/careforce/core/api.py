"""Core endpoints: who am I, places with populations, organisations, staff (through the access door)."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from .audit import audit_log, client_ip
from .models import Area, AreaPopulation, AuditAction, Organisation, User

router = Router(tags=["core"])


class OrganisationRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: OrganisationRef | None
    language: str


class PopulationOut(Schema):
    year: int
    total: int
    children: int


class AreaOut(Schema):
    id: int
    code: str
    name: str
    name_ru: str
    level: int
    parent_id: int | None


class AreaDetailOut(AreaOut):
    populations: list[PopulationOut]


class AreaFilter(FilterSchema):
    parent: int | None = Field(None, ge=1, le=2**63 - 1, description="Only the areas directly below this one")
    level: int | None = Field(None, ge=0, le=3, description="0 country, 1 region, 2 district, 3 locality")


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    sector: str
    area_id: int
    parent_id: int | None
    active: bool


class OrganisationFilter(FilterSchema):
    area: int | None = Field(None, description="Organisations in this area and every area below it")
    kind: str | None = None
    q: str | None = Field(None, max_length=100, description="Name contains")


class StaffOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    role: str
    organisation_id: int | None
    supervisor_id: int | None


class StaffFilter(FilterSchema):
    role: str | None = None
    organisation: int | None = Field(None, ge=1, le=2**63 - 1)  # a bigger key no database holds: 422


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):
    return request.user


@router.get("/areas", response=list[AreaOut], summary="Places: country, regions, districts, localities")
@paginate
def list_areas(request, filters: Query[AreaFilter]):
    qs = Area.objects.order_by("path")
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    return qs


@router.get("/areas/{area_id}", response=AreaDetailOut, summary="One place with its population by year")
def get_area(request, area_id: int):
    area = get_object_or_404(Area, pk=area_id)
    area.populations_list = list(AreaPopulation.objects.filter(area=area).order_by("year"))
    return {**{f: getattr(area, f) for f in AreaOut.model_fields}, "populations": area.populations_list}


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations")
@paginate
def list_organisations(request, filters: Query[OrganisationFilter]):
    qs = Organisation.objects.order_by("name", "pk")
    if filters.area is not None:
        area = get_object_or_404(Area, pk=filters.area)
        qs = qs.filter(area__path__startswith=area.path)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return qs


@router.get("/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request, organisation_id: int):
    return get_object_or_404(Organisation, pk=organisation_id)


@router.get("/staff", response=list[StaffOut], summary="Staff the signed-in user may see")
@paginate
def list_staff(request, filters: Query[StaffFilter]):
    qs = (
        User.objects.visible_to(request.user).filter(is_active=True).order_by("last_name", "first_name", "pk")
    )
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.organisation is not None:
        qs = qs.filter(Q(organisation_id=filters.organisation))
    return qs


@router.get("/staff/{user_id}", response=StaffOut, summary="One member of staff, if within scope")
def get_staff(request, user_id: int):
    person = get_object_or_404(User.objects.visible_to(request.user), pk=user_id)
    audit_log(actor=request.user, action=AuditAction.VIEW, obj=person, summary="api", ip=client_ip(request))
    return person
