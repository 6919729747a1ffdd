"""People endpoints: register with the duplicate check, match, list and read (through the access door)."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from careforce.core import access
from careforce.core.api_pagination import ShapedRows
from careforce.core.audit import audit_log, client_ip
from careforce.core.models import Area, AuditAction

from . import services
from .matching import find_candidates
from .models import Person, Sex
from .names import name_key

router = Router(tags=["people"])


class PersonIn(Schema):
    given_name: str = Field(..., min_length=1, max_length=80)
    family_name: str = Field(..., min_length=1, max_length=80)
    birth_date: datetime.date
    sex: Sex
    patronymic: str = Field("", max_length=80)
    personal_number: str = Field("", max_length=20)
    area: int | None = Field(None, description="Locality id (see /areas?level=3)")
    address: str = Field("", max_length=250)
    phone: str = Field("", max_length=40)
    health_notes: str = ""
    household: int | None = Field(None, description="Join an existing household")
    force: bool = Field(False, description="Register even though likely duplicates exist")


class MatchIn(Schema):
    given_name: str = Field(..., min_length=1, max_length=80)
    family_name: str = Field(..., min_length=1, max_length=80)
    birth_date: datetime.date
    sex: Sex | None = None
    personal_number: str = Field("", max_length=20)


class CandidateOut(Schema):
    id: int
    score: float = Field(..., ge=0, le=1)
    level: str
    matched_on: list[str]
    in_scope: bool
    organisation: str


class MatchOut(Schema):
    candidates: list[CandidateOut]


class CreatedOut(Schema):
    id: int


class ConflictOut(Schema):
    detail: str
    candidates: list[CandidateOut]


class ErrorOut(Schema):
    detail: str


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    patronymic: str
    birth_date: datetime.date
    sex: str
    personal_number: str
    area_id: int | None
    household_id: int | None
    organisation_id: int
    merged_into_id: int | None
    health_notes: str | None = Field(None, description="Only for roles that may see health details")


class PersonFilter(Schema):
    q: str | None = Field(None, max_length=100, description="Name, in Latin or Cyrillic letters")
    birth_date: datetime.date | None = None


def _candidates(user, found):
    return [
        {k: row[k] for k in ("id", "score", "level", "matched_on", "in_scope", "organisation")}
        for row in services.present_candidates(user, found)
    ]


@router.post("/people/match", response=MatchOut, summary="Likely duplicates of a person, country-wide")
def match_people(request, payload: MatchIn):
    if request.user.role not in services.REGISTERING_ROLES:
        raise PermissionDenied
    found = find_candidates(
        given_name=payload.given_name,
        family_name=payload.family_name,
        birth_date=payload.birth_date,
        sex=payload.sex,
        personal_number=payload.personal_number,
    )
    return {"candidates": _candidates(request.user, found)}


@router.post(
    "/people",
    response={201: CreatedOut, 409: ConflictOut, 400: ErrorOut},
    summary="Register a person (409 with the candidates when likely duplicates exist, unless force)",
)
def create_person(request, payload: PersonIn):
    data = payload.dict()
    force = data.pop("force")
    household_id = data.pop("household")
    area_id = data.pop("area")
    household = None
    if household_id is not None:
        household = get_object_or_404(services.Household.objects.visible_to(request.user), pk=household_id)
    if area_id is not None:
        data["area"] = get_object_or_404(Area, pk=area_id)
    if not access.sees_sensitive(request.user):
        data.pop("health_notes", None)
    try:
        person = services.person_register(
            actor=request.user, force=force, household=household, new_household=household is None, **data
        )
    except services.DuplicateSuspected as exc:
        return Status(
            409,
            {
                "detail": "This person may already be registered; check the candidates or send force=true.",
                "candidates": _candidates(request.user, exc.candidates),
            },
        )
    return Status(201, {"id": person.pk})


def _out(user, person: Person) -> dict:
    row = {f: getattr(person, f) for f in PersonOut.model_fields if f != "health_notes"}
    if access.may_see_field(user, Person, "health_notes"):
        row["health_notes"] = person.health_notes
    return row


@router.get("/people", response=list[PersonOut], summary="People the user may see", exclude_unset=True)
@paginate
def list_people(request, filters: Query[PersonFilter]):
    if request.user.role not in services.REGISTERING_ROLES:
        raise PermissionDenied
    qs = Person.objects.visible_to(request.user).filter(merged_into__isnull=True)
    if filters.q:
        from django.db.models import Q

        for word in filters.q.split():
            key = name_key(word)
            if key:
                qs = qs.filter(Q(given_key__startswith=key) | Q(family_key__startswith=key))
    if filters.birth_date:
        qs = qs.filter(birth_date=filters.birth_date)
    user = request.user
    return ShapedRows(qs.order_by("family_name", "given_name", "pk"), lambda p: _out(user, p))


@router.get(
    "/people/{person_id}", response=PersonOut, summary="One person, if within scope", exclude_unset=True
)
def get_person(request, person_id: int):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    audit_log(actor=request.user, action=AuditAction.VIEW, obj=person, summary="api", ip=client_ip(request))
    return _out(request.user, person)
