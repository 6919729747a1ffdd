"""Continuing professional development (domain.md section 3): records per worker, the requirement per
cadre and period (data), and compliance per worker, organisation and area.

Writes are services (`cpd_record_add`, `cpd_record_delete`, `cpd_sync_session`), reads are selectors
taking the acting user, so the pages, exports and any report count compliance the same way:

    a worker complies on a day when the CPD hours she recorded in the requirement's period up to that day
    (e.g. the last 12 months) reach the hours her cadre requires, pro-rated for a worker who started her
    first assignment within the period.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import Area, AuditAction, Organisation, User
from careforce.core.roles import Role
from careforce.workforce.models import Assignment, Worker

from .completion import completed_ids
from .models import CpdKind, CpdRecord, CpdRequirement, TrainingSession

# Who records CPD for others and reads compliance: those who support the workforce, each in her scope.
MANAGE_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})

ZERO = Decimal("0")


def _months_before(on: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the last day of the month when it has fewer days)."""
    month = on.month - 1 - months
    year = on.year + month // 12
    month = month % 12 + 1
    return on.replace(year=year, month=month, day=min(on.day, calendar.monthrange(year, month)[1]))


def period_start(on: dt.date, months: int) -> dt.date:
    """The first day counted in a period of `months` ending on `on` (both ends included)."""
    return _months_before(on, months) + dt.timedelta(days=1)


# --- Reads ----------------------------------------------------------------------------------------------


def records(user: User) -> QuerySet[CpdRecord]:
    return CpdRecord.objects.visible_to(user)


def development_workers(user: User) -> QuerySet[Worker]:
    """The workers whose development record (CPD, competencies) the user reads: herself, and for those who
    support the workforce the workers they see in the registry. The page and the API ask this one door."""
    if user is None or not user.is_authenticated:
        return Worker.objects.none()
    qs = Worker.objects.visible_to(user)
    return qs if user.role in MANAGE_ROLES else qs.filter(user=user.pk)


def may_record_for(user: User, worker: Worker) -> bool:
    """Herself, or someone who supports the workforce and sees her (`worker` came through the door)."""
    if user is None or not user.is_authenticated:
        return False
    return worker.user_id == user.pk or user.role in MANAGE_ROLES


def requirements() -> dict[str, CpdRequirement]:
    return {r.cadre: r for r in CpdRequirement.objects.all()}


@dataclass
class CpdRow:
    worker: Worker
    requirement: CpdRequirement | None
    start: dt.date | None  # the first day counted
    required: Decimal | None
    hours: Decimal
    credits: Decimal

    @property
    def complies(self) -> bool | None:
        if self.required is None:
            return None
        return self.hours >= self.required

    @property
    def missing(self) -> Decimal:
        if self.required is None:
            return ZERO
        return max(ZERO, self.required - self.hours)

    @property
    def percent(self) -> float | None:
        if not self.required:
            return None
        return min(100.0, float(self.hours / self.required * 100))


@dataclass
class Share:
    complying: int
    total: int

    @property
    def percent(self) -> float | None:
        return self.complying / self.total * 100 if self.total else None


@dataclass
class Compliance:
    on: dt.date
    rows: list[CpdRow]
    overall: Share
    by_organisation: list[tuple[Organisation, Share]]
    by_area: list[tuple[Area, Share]]
    requirements: list[CpdRequirement]


def _required(req: CpdRequirement, start: dt.date, on: dt.date, first_start: dt.date | None) -> Decimal:
    """The hours asked of a worker: all of them, or the share of the period she has been in post."""
    if first_start is None or first_start <= start:
        return req.hours
    if first_start > on:
        return ZERO
    share = Decimal((on - first_start).days + 1) / Decimal((on - start).days + 1)
    return (req.hours * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rows_for(workers: QuerySet[Worker], on: dt.date, reqs: dict[str, CpdRequirement] | None = None) -> list[CpdRow]:
    """Each worker with her hours and credits in her cadre's period: two queries whatever their number
    (the workers with their first assignment; the records' sums per worker and period)."""
    reqs = requirements() if reqs is None else reqs
    periods = sorted({r.period_months for r in reqs.values()} or {12})
    starts = {m: period_start(on, m) for m in periods}
    first_start = Assignment.objects.filter(worker=OuterRef("pk")).order_by("start").values("start")[:1]
    listed = list(workers.annotate(first_start=Subquery(first_start, output_field=DateField())))
    totals = {
        f"{field}_{m}": Sum(field, filter=Q(done_on__gte=starts[m])) for m in periods for field in ("hours", "credits")
    }
    sums: dict[int, dict[str, Decimal]] = {
        row["worker"]: row
        for row in CpdRecord.objects.filter(
            worker__in=workers.values("pk"), done_on__gte=min(starts.values()), done_on__lte=on
        ).order_by().values("worker").annotate(**totals)
    }
    out = []
    for w in listed:
        req = reqs.get(w.cadre)
        m = req.period_months if req else periods[-1]
        got = sums.get(w.pk, {})
        out.append(
            CpdRow(
                worker=w,
                requirement=req,
                start=starts[m],
                required=_required(req, starts[m], on, w.first_start) if req else None,
                hours=got.get(f"hours_{m}") or ZERO,
                credits=got.get(f"credits_{m}") or ZERO,
            )
        )
    return out


def compliance_workers(user: User) -> QuerySet[Worker]:
    """Active workers whose CPD the user may weigh: those she sees in the registry, for those who support
    the workforce; nobody for anyone else (a worker reads her own progress on her own page)."""
    if user is None or not user.is_authenticated or user.role not in MANAGE_ROLES:
        return Worker.objects.none()
    return Worker.objects.visible_to(user).filter(active=True)


def _urgency(row: CpdRow) -> tuple:
    return (row.complies is None, bool(row.complies), -(row.missing), row.worker.family_name, row.worker.pk)


def compliance(
    user: User,
    *,
    on: dt.date,
    area: Area | None = None,
    cadre: str | None = None,
    organisation: Organisation | None = None,
) -> Compliance:
    """Who has done the CPD her cadre requires, on `on`, and the shares by organisation and by the areas
    one level below `area` (or below the widest area the workers are in). Workers of a cadre with no
    requirement are listed but left out of the shares. Three queries."""
    reqs = requirements()
    workers = compliance_workers(user).filter(cadre__in=list(reqs))
    if area is not None:
        workers = workers.filter(area__path__startswith=area.path)
    if cadre:
        workers = workers.filter(cadre=cadre)
    if organisation is not None:
        workers = workers.filter(organisation=organisation)
    rows = rows_for(workers.select_related("organisation__area", "area"), on, reqs)
    rows.sort(key=_urgency)
    counted = [r for r in rows if r.required is not None]

    per_org: dict[int, Share] = {}
    orgs: dict[int, Organisation] = {}
    for r in counted:
        share = per_org.setdefault(r.worker.organisation_id, Share(0, 0))
        share.complying += bool(r.complies)
        share.total += 1
        orgs[r.worker.organisation_id] = r.worker.organisation
    by_org = sorted(
        ((orgs[pk], s) for pk, s in per_org.items()), key=lambda i: (i[1].percent or 0, -i[1].total, i[0].name)
    )
    return Compliance(
        on=on,
        rows=rows,
        overall=Share(sum(bool(r.complies) for r in counted), len(counted)),
        by_organisation=by_org,
        by_area=_by_area(counted, area),
        requirements=list(reqs.values()),
    )


def _by_area(counted: list[CpdRow], area: Area | None) -> list[tuple[Area, Share]]:
    """Shares for the areas one level below `area`: each worker counts in the child area her own is in."""
    if area is None:
        return []
    children = list(Area.objects.filter(parent=area).order_by("name", "pk"))
    shares = {c.pk: Share(0, 0) for c in children}
    for r in counted:
        path = r.worker.area.path
        for c in children:
            if path.startswith(c.path):
                shares[c.pk].complying += bool(r.complies)
                shares[c.pk].total += 1
                break
    return [(c, shares[c.pk]) for c in children if shares[c.pk].total]


def worker_progress(worker: Worker, on: dt.date) -> CpdRow:
    return rows_for(Worker.objects.filter(pk=worker.pk), on)[0]


# --- Writes ---------------------------------------------------------------------------------------------


def cpd_record_add(
    *,
    actor: User,
    worker: Worker,
    kind: str,
    title: str,
    done_on: dt.date,
    hours: Decimal,
    credits: Decimal | None = None,
    learnt: str = "",
    impact: str = "",
) -> CpdRecord:
    """`worker` was loaded through the access door for `actor`."""
    if not may_record_for(actor, worker):
        raise PermissionDenied(_("You may not record CPD for this worker."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The activity cannot be in the future.")})
    record = CpdRecord(
        worker=worker, kind=kind, title=title.strip(), done_on=done_on, hours=hours,
        credits=credits if credits is not None else ZERO, learnt=learnt.strip(), impact=impact.strip(),
        created_by=actor,
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_log(
            actor=actor, action=AuditAction.CREATE, obj=record, summary=_("CPD recorded: %(title)s") % {"title": record.title},
            changes={"worker": worker.pk, "hours": str(record.hours), "done_on": record.done_on.isoformat()},
        )
    return record


def cpd_record_delete(*, actor: User, record: CpdRecord) -> None:
    """Remove a record made by mistake. A record from a course follows the session's attendance instead."""
    if record.from_course:
        raise ValidationError(
            _("This record comes from a training session: it follows the session's attendance.")
        )
    if not may_record_for(actor, record.worker):
        raise PermissionDenied(_("You may not change this worker's CPD."))
    with transaction.atomic():
        audit_log(
            actor=actor, action=AuditAction.DELETE, obj=record, summary=_("CPD removed: %(title)s") % {"title": record.title},
            changes={"worker": record.worker_id, "hours": str(record.hours)},
        )
        record.delete()


def cpd_sync_session(*, actor: User | None, session: TrainingSession) -> None:
    """Attending a course to the end adds a CPD record by itself (the course's hours and credits, on the
    session's last day); a participant no longer counted as completing loses it. Four queries."""
    course = session.course
    done = completed_ids(session)
    existing = dict(
        CpdRecord.objects.filter(participation__session=session).values_list("participation_id", "pk")
    )
    stale = [pk for pid, pk in existing.items() if pid not in done]
    if stale:
        CpdRecord.objects.filter(pk__in=stale).delete()
    new = [
        CpdRecord(
            worker_id=worker_id, participation_id=pid, kind=CpdKind.COURSE, title=course.title[:200],
            done_on=session.ends_on, hours=course.hours, credits=course.cpd_credits, created_by=actor,
        )
        for pid, worker_id in session.participations.filter(pk__in=done).values_list("pk", "worker_id")
        if pid not in existing
    ]
    CpdRecord.objects.bulk_create(new)
    # Hours and credits follow the course and the dates the session has now.
    CpdRecord.objects.filter(participation__session=session).exclude(pk__in=stale).update(
        title=course.title[:200], done_on=session.ends_on, hours=course.hours, credits=course.cpd_credits
    )


def sync_course(*, course) -> None:
    """A course's hours or credits changed: its records follow."""
    CpdRecord.objects.filter(participation__session__course=course).update(
        title=course.title[:200], hours=course.hours, credits=course.cpd_credits
    )


def cadre_choices(reqs: Iterable[CpdRequirement]) -> list[tuple[str, str]]:
    return [(r.cadre, r.get_cadre_display()) for r in reqs]
