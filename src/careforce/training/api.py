"""Training endpoints: the sessions a user may read, a ToT session's cascade as a tree, certificates, and
continuing professional development (a worker's records, recording one, compliance)."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from careforce.core.audit import audit_view
from careforce.core.models import Area
from careforce.workforce.models import Cadre

from . import certificates as certs
from . import cpd, selectors
from .cascade import as_json, cascade_of
from .models import CpdKind

router = Router(tags=["training"])


class SessionOut(Schema):
    id: int
    course: str
    trains_trainers: bool
    starts_on: datetime.date
    ends_on: datetime.date
    organiser: str
    cascades_from: int | None
    trainers: list[str]
    participants: int


def _require(user) -> None:
    if user.role not in selectors.SESSION_ROLES:
        raise PermissionDenied


@router.get("/training/sessions", response=list[SessionOut])
@paginate
def sessions(request, trains_trainers: bool | None = None):
    _require(request.user)
    qs = selectors.session_list(request.user)
    if trains_trainers is not None:
        qs = qs.filter(course__trains_trainers=trains_trainers)
    return [
        {
            "id": s.pk, "course": s.course.title, "trains_trainers": s.course.trains_trainers,
            "starts_on": s.starts_on, "ends_on": s.ends_on, "organiser": s.organiser.name,
            "cascades_from": s.cascades_from_id, "trainers": [str(w) for w in s.trainers.all()],
            "participants": s.participant_count,
        }
        for s in qs
    ]


@router.get("/training/sessions/{session_id}/cascade")
def cascade(request, session_id: int):
    _require(request.user)
    session = get_object_or_404(selectors.sessions(request.user), pk=session_id)
    return as_json(cascade_of(session))


# --- Certificates -------------------------------------------------------------------------------------
# The page /training/certificates/verify/ answers anyone; the API, like all of /api/v1, answers only a
# signed-in user or a token, with the same public facts and the same limit on checks per minute.


class CertificateOut(Schema):
    code: str
    status: str  # "valid" or "revoked"
    revoked_on: datetime.date | None
    name: str
    course: str
    starts_on: datetime.date
    ends_on: datetime.date
    hours: float
    cpd_credits: float
    organiser: str
    issued_on: datetime.date


class CertificateMissing(Schema):
    detail: str


@router.get(
    "/training/certificates/{code}", response={200: CertificateOut, 404: CertificateMissing, 429: CertificateMissing},
    summary="Check a certificate code (any case, with or without dashes)",
)
def certificate(request, code: str):
    if not certs.verification_allowed(f"api-user-{request.user.pk}"):
        return Status(429, {"detail": _("Too many checks in the last minute. Wait a minute, then try again.")})
    result = certs.certificate_verify(code)
    if result.status == "malformed":
        return Status(404, {"detail": _("This is not a certificate code: a code is CF followed by eight letters "
                                        "and digits, like CF-7K4Q-MX2P.")})
    if result.status == "unknown":
        return Status(404, {"detail": _("No certificate has the code %(code)s.") % {"code": result.code}})
    f = result.facts
    return {
        "code": f["code"], "status": result.status,
        "revoked_on": timezone.localdate(f["revoked_at"]) if f["revoked_at"] else None,
        "name": f["worker_name"], "course": f["course_title"], "starts_on": f["starts_on"], "ends_on": f["ends_on"],
        "hours": float(f["hours"]), "cpd_credits": float(f["cpd_credits"]), "organiser": f["organiser_name"],
        "issued_on": timezone.localdate(f["issued_at"]),
    }


# --- Continuing professional development --------------------------------------------------------------
# The same door as a worker's development record (cpd.development_workers, CpdRecord.objects.visible_to):
# a worker reads and records her own; her supervisor, the regional manager of her area and the national
# administrator hers too. A worker out of that scope answers 404.

MAX_ID = 2**63 - 1  # the largest key either database stores: a bigger one is refused, not sent to it
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ErrorOut(Schema):
    detail: str


class CpdFilter(Schema):
    worker: int | None = Field(None, ge=1, le=MAX_ID, description="One worker's records (default: all you may read)")
    start: datetime.date | None = Field(None, description="Activities on or after this day")
    end: datetime.date | None = Field(None, description="Activities on or before this day")


class CpdRecordOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    kind: str
    title: str
    done_on: datetime.date
    hours: float
    credits: float
    learnt: str
    impact: str
    from_course: bool = Field(..., description="Added by completing a training session, and kept in step with it")
    session_id: int | None
    created_by_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_worker_name(obj) -> str:
        return str(obj.worker)

    @staticmethod
    def resolve_hours(obj) -> float:
        return float(obj.hours)

    @staticmethod
    def resolve_credits(obj) -> float:
        return float(obj.credits)

    @staticmethod
    def resolve_session_id(obj) -> int | None:
        return obj.participation.session_id if obj.participation_id else None


class CpdRecordIn(Schema):
    """The fields of the "Record a CPD activity" form of a worker's development record, with its limits."""

    worker: int | None = Field(
        None, ge=1, le=MAX_ID, description="Whose activity (default: your own record in the workforce registry)"
    )
    kind: CpdKind
    title: str = Field(..., min_length=1, max_length=200)
    done_on: datetime.date = Field(..., description="The day of the activity, not in the future")
    hours: Decimal = Field(..., ge=Decimal("0.5"), le=Decimal("500"), decimal_places=1)
    credits: Decimal | None = Field(None, ge=Decimal("0"), le=Decimal("500"), decimal_places=1)
    learnt: str = ""
    impact: str = Field("", description="What the worker does differently in her work since")


@router.get(
    "/training/cpd",
    response={200: list[CpdRecordOut], 400: ErrorOut, 404: ErrorOut},
    summary="CPD records you may read, the latest first",
)
@paginate
def cpd_records(request, filters: Query[CpdFilter]):
    user = request.user
    if filters.start and filters.end and filters.end < filters.start:
        raise ValidationError({"end": _("The end of the period comes before its start.")})
    qs = cpd.records(user).select_related("worker", "participation").order_by("-done_on", "-pk")
    if filters.worker is not None:
        worker = get_object_or_404(cpd.development_workers(user), pk=filters.worker)
        # One worker's records are her development record: its read is audited, as the page's is.
        audit_view(request, worker, summary=_("Development record") + " · api")
        qs = qs.filter(worker=worker)
    if filters.start:
        qs = qs.filter(done_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(done_on__lte=filters.end)
    return qs


@router.post(
    "/training/cpd",
    response={201: CpdRecordOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record a CPD activity, as on the development record's page",
)
def cpd_record(request, payload: CpdRecordIn):
    user = request.user
    workers = cpd.development_workers(user)
    if payload.worker is None:
        worker = workers.filter(user=user.pk).first()
        if worker is None:
            raise ValidationError(
                {"worker": _("You have no record in the workforce registry: say whose activity this is.")}
            )
    else:
        worker = get_object_or_404(workers, pk=payload.worker)
    record = cpd.cpd_record_add(actor=user, worker=worker, **payload.dict(exclude={"worker"}))
    return Status(201, record)


class ComplianceQuery(Schema):
    on: datetime.date | None = Field(
        None, description="The day the figures are for (default: today); each cadre's period ends on it"
    )
    area: int | None = Field(
        None, ge=1, le=MAX_ID, description="Workers in this area and below (default: the whole area you weigh)"
    )
    cadre: Cadre | None = None


class AreaRef(Schema):
    id: int
    code: str
    name: str
    level: int = Field(..., description="0 country, 1 region, 2 district, 3 locality")


class ShareOut(Schema):
    complying: int
    total: int
    percent: float | None


class AreaShareOut(ShareOut):
    area: AreaRef


class OrganisationShareOut(ShareOut):
    organisation_id: int
    organisation_name: str


class RequirementOut(Schema):
    cadre: str
    hours: float
    period_months: int


class ComplianceRowOut(Schema):
    worker_id: int
    worker_name: str
    cadre: str
    organisation_id: int
    area_id: int
    counted_from: datetime.date | None = Field(..., description="The first day of her cadre's period")
    required: float | None = Field(..., description="Hours required, pro-rated for a newcomer; null: no requirement")
    hours: float
    credits: float
    complies: bool | None
    missing: float


class ComplianceOut(Schema):
    on: datetime.date
    area: AreaRef | None = Field(..., description="null for a supervisor: her figures are her organisation's workers")
    cadre: str | None
    overall: ShareOut
    by_area: list[AreaShareOut] = Field(..., description="The areas one level below `area`")
    by_organisation: list[OrganisationShareOut]
    requirements: list[RequirementOut]
    workers: list[ComplianceRowOut] = Field(..., description="Every worker weighed, the furthest behind first")


def _area_ref(area: Area) -> dict:
    return {"id": area.pk, "code": area.code, "name": area.display_name, "level": area.level}


def _share(share: cpd.Share) -> dict:
    return {"complying": share.complying, "total": share.total, "percent": share.percent}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/training/cpd/compliance",
    response={200: ComplianceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who has done the CPD her cadre requires, with the shares by area and organisation",
)
def cpd_compliance(request, query: Query[ComplianceQuery]):
    user = request.user
    if user.role not in cpd.MANAGE_ROLES:
        raise PermissionDenied(
            _("Only the national administrator, regional managers and supervisors weigh CPD compliance.")
        )
    on = query.on or timezone.localdate()
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise ValidationError(
            {"on": _("Give a day between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
        )
    root = selectors.figures_root(user)
    area = root
    if query.area is not None:
        # Within the area the user reads figures for, as the page offers it (another is not found).
        areas = Area.objects.filter(path__startswith=root.path) if root is not None else Area.objects.all()
        area = get_object_or_404(areas, pk=query.area)
    result = cpd.compliance(user, on=on, area=area, cadre=query.cadre or None)
    return {
        "on": result.on,
        "area": _area_ref(area) if area is not None else None,
        "cadre": query.cadre.value if query.cadre else None,
        "overall": _share(result.overall),
        "by_area": [{"area": _area_ref(a), **_share(s)} for a, s in result.by_area],
        "by_organisation": [
            {"organisation_id": o.pk, "organisation_name": o.name, **_share(s)} for o, s in result.by_organisation
        ],
        "requirements": [
            {"cadre": r.cadre, "hours": float(r.hours), "period_months": r.period_months} for r in result.requirements
        ],
        "workers": [
            {
                "worker_id": r.worker.pk, "worker_name": str(r.worker), "cadre": r.worker.cadre,
                "organisation_id": r.worker.organisation_id, "area_id": r.worker.area_id, "counted_from": r.start,
                "required": _number(r.required), "hours": float(r.hours), "credits": float(r.credits),
                "complies": r.complies, "missing": float(r.missing),
            }
            for r in result.rows
        ],
    }
