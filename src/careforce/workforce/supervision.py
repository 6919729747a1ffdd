"""Supervision of the workforce (domain.md section 2): recording sessions, and coverage against the standard.

Writes are services (`supervision_record`), reads are selectors taking the acting user; the pages, and any
report built later, use the same ones so that "supervision coverage" is defined once: the share of workers
whose last session long enough to count is no older than the interval their career stage allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, DateField, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log
from careforce.core.models import AuditAction, Organisation, User
from careforce.core.roles import Role

from .models import (
    SUPERVISED_CADRES,
    Assignment,
    Cadre,
    CareerStage,
    SupervisionKind,
    SupervisionSession,
    SupervisionStandard,
    SupervisionSupervisee,
    Worker,
    career_stage,
)

# Who records sessions and reads coverage: those who organise supervision, each in her scope.
MANAGE_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})
# Who reads sessions: also the supervised workers, their own. Volunteers, trainers and analysts do not.
SESSION_ROLES = MANAGE_ROLES | {Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT}


def _role(user: User | None) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


# --- Reads ----------------------------------------------------------------------------------------------


def sessions(user: User) -> QuerySet[SupervisionSession]:
    """Sessions the user may read (the access door), or none for roles without business with them."""
    if _role(user) not in SESSION_ROLES:
        return SupervisionSession.objects.none()
    return SupervisionSession.objects.visible_to(user)


def session_supervisors(user: User) -> QuerySet[Worker]:
    """The people who led the sessions the user reads: the choices of the list's filter."""
    return Worker.objects.filter(pk__in=sessions(user).values("supervisor")).order_by(
        "family_name", "given_name", "pk"
    )


def record_scope(actor: User) -> QuerySet[Worker]:
    """Workers the actor may record supervision for: a supervisor, her organisation and the workers she
    supervises elsewhere (the community assistants of the villages); a regional manager, her region; the
    national administrator, everybody. The same door as the registry's."""
    if _role(actor) not in MANAGE_ROLES:
        return Worker.objects.none()
    return Worker.objects.visible_to(actor)


def record_candidates(actor: User, *, organisation: Organisation | None = None) -> QuerySet[Worker]:
    """Active staff the form offers, the actor's own supervisees first. `organisation` narrows the list to
    an organisation and its branches (a directorate and its village offices)."""
    qs = record_scope(actor).filter(active=True).exclude(cadre=Cadre.VOLUNTEER)
    if organisation is not None:
        qs = qs.filter(Q(organisation=organisation) | Q(organisation__parent=organisation))
    mine = Case(When(user__supervisor=actor.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        qs.select_related("organisation")
        .annotate(mine=mine)
        .order_by("mine", "family_name", "given_name", "pk")
    )


def record_organisations(actor: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=record_scope(actor).values("organisation")).order_by("name")


def standards() -> list[SupervisionStandard]:
    return list(SupervisionStandard.objects.order_by("stage", "cadre"))


def _standard_for(by: dict[tuple[str, str], SupervisionStandard], stage: str, cadre: str):
    # A cadre's own standard wins over the one for every cadre.
    return by.get((stage, cadre)) or by.get((stage, ""))


@dataclass(frozen=True)
class CoverageRow:
    """One worker against her standard on a date."""

    worker: Worker
    on: date
    first_start: date | None
    standard: SupervisionStandard | None
    last_on: date | None  # her last session as supervisee, however long
    last_counted_on: date | None  # her last session at least as long as the standard asks

    @property
    def stage(self) -> str:
        return career_stage(self.first_start, self.on)

    @property
    def stage_label(self) -> str:
        return CareerStage(self.stage).label

    @property
    def days_since(self) -> int | None:
        return None if self.last_on is None else (self.on - self.last_on).days

    @property
    def days_since_counted(self) -> int | None:
        return None if self.last_counted_on is None else (self.on - self.last_counted_on).days

    @property
    def covered(self) -> bool:
        days = self.days_since_counted
        return self.standard is not None and days is not None and days <= self.standard.every_days

    @property
    def overdue_days(self) -> int | None:
        """Days past the interval since the last session that counts (None: none ever counted)."""
        days = self.days_since_counted
        if self.standard is None or days is None:
            return None
        return max(0, days - self.standard.every_days)

    @property
    def status(self) -> str:
        """covered, never (no session at all), too_short (recent sessions, none long enough), overdue,
        or no_standard (no standard set for her stage)."""
        if self.standard is None:
            return "no_standard"
        if self.covered:
            return "covered"
        if self.last_on is None:
            return "never"
        if self.days_since is not None and self.days_since <= self.standard.every_days:
            return "too_short"
        return "overdue"


@dataclass(frozen=True)
class Share:
    covered: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.covered / self.total, 1) if self.total else None


@dataclass
class Coverage:
    on: date
    rows: list[CoverageRow]
    overall: Share
    by_organisation: list[tuple[Organisation, Share]] = field(default_factory=list)
    standards: list[SupervisionStandard] = field(default_factory=list)


def _last_session(on: date, minutes: int | None = None) -> Subquery:
    """The date of the worker's last session as supervisee on or before `on` (served by the through
    table's (worker, session) index)."""
    qs = SupervisionSupervisee.objects.filter(worker=OuterRef("pk"), session__on__lte=on)
    if minutes is not None:
        qs = qs.filter(session__duration_minutes__gte=minutes)
    return Subquery(qs.order_by("-session__on").values("session__on")[:1], output_field=DateField())


def _rows(workers: QuerySet[Worker], on: date, all_standards: list[SupervisionStandard]) -> list[CoverageRow]:
    """Each worker with her stage and last sessions, in one query whatever the number of workers."""
    first_start = Assignment.objects.filter(worker=OuterRef("pk")).order_by("start").values("start")[:1]
    minimums = sorted({s.minimum_minutes for s in all_standards})
    qs = workers.annotate(
        first_start=Subquery(first_start, output_field=DateField()),
        last_on=_last_session(on),
        **{f"last_{m}": _last_session(on, m) for m in minimums},
    )
    by = {(s.stage, s.cadre): s for s in all_standards}
    rows = []
    for w in qs:
        stage = career_stage(w.first_start, on)
        standard = _standard_for(by, stage, w.cadre)
        rows.append(
            CoverageRow(
                worker=w,
                on=on,
                first_start=w.first_start,
                standard=standard,
                last_on=w.last_on,
                last_counted_on=getattr(w, f"last_{standard.minimum_minutes}") if standard else None,
            )
        )
    return rows


def coverage_rows(workers: QuerySet[Worker], *, on: date) -> list[CoverageRow]:
    """Each of `workers` against her standard on `on`, for figures over an area (the evidence app)."""
    return _rows(workers, on, standards())


def coverage_workers(user: User, *, cadres: Iterable[str] = SUPERVISED_CADRES) -> QuerySet[Worker]:
    """Active workers of the supervised cadres the user may weigh: all she sees in the registry for those
    who organise supervision, her own record for anyone else."""
    qs = Worker.objects.visible_to(user).filter(active=True, cadre__in=list(cadres))
    if _role(user) not in MANAGE_ROLES:
        qs = qs.filter(user=user.pk) if _role(user) else qs.none()
    return qs


def coverage_organisations(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=coverage_workers(user).values("organisation")).order_by("name")


def _urgency(row: CoverageRow) -> tuple:
    # Those not covered first, the longest without a session that counts first (never: longest of all);
    # workers without a standard last.
    never = row.days_since_counted is None
    return (
        row.standard is None,
        row.covered,
        not never,
        -(row.days_since_counted or 0),
        row.worker.family_name,
        row.worker.given_name,
        row.worker.pk,
    )


def coverage(
    user: User,
    *,
    on: date,
    cadres: Iterable[str] = SUPERVISED_CADRES,
    organisation: Organisation | None = None,
) -> Coverage:
    """Who has been supervised as often as the standard asks, on `on` (domain.md section 2: supervision
    coverage = share of workers supervised at the required frequency). Two queries: the standards, then
    every worker with her first assignment and last sessions.

    A worker is covered when her last session of at least the standard's minimum length lies no more than
    the standard's interval before `on`. Workers with no standard for their stage are listed but left out
    of the shares.
    """
    all_standards = standards()
    workers = coverage_workers(user, cadres=cadres)
    if organisation is not None:
        workers = workers.filter(organisation=organisation)
    rows = _rows(workers.select_related("organisation__area"), on, all_standards)
    rows.sort(key=_urgency)

    counted = [r for r in rows if r.standard is not None]
    per_org: dict[int, list[int]] = {}
    orgs: dict[int, Organisation] = {}
    for r in counted:
        tally = per_org.setdefault(r.worker.organisation_id, [0, 0])
        tally[0] += r.covered
        tally[1] += 1
        orgs[r.worker.organisation_id] = r.worker.organisation
    by_org = sorted(
        ((orgs[pk], Share(covered=c, total=t)) for pk, (c, t) in per_org.items()),
        key=lambda item: (item[1].covered / item[1].total, -item[1].total, item[0].name),
    )
    return Coverage(
        on=on,
        rows=rows,
        overall=Share(covered=sum(r.covered for r in counted), total=len(counted)),
        by_organisation=by_org,
        standards=all_standards,
    )


def worker_status(user: User, worker: Worker, *, on: date) -> CoverageRow | None:
    """A worker's supervision against her standard, for her registry page: shown to those who organise
    supervision and to the worker herself, for the supervised cadres only. `worker` was already loaded
    through the access door."""
    if worker.cadre not in SUPERVISED_CADRES:
        return None
    if _role(user) not in MANAGE_ROLES and worker.user_id != user.pk:
        return None
    rows = _rows(Worker.objects.filter(pk=worker.pk), on, standards())
    return rows[0] if rows else None


# --- Writes ---------------------------------------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    supervisor: Worker | None,
    supervisees: Iterable[Worker],
    kind: str,
    on: date | None,
    duration_minutes: int | None,
    cases_discussed: int = 0,
    decisions: str = "",
    wellbeing: str = "",
    learning_needs: str = "",
) -> SupervisionSession:
    """Record a session held. The supervisor and every supervisee must be in the actor's scope."""
    if _role(actor) not in MANAGE_ROLES:
        raise PermissionDenied
    people = list({w.pk: w for w in supervisees}.values())
    ids = {w.pk for w in people}
    scope = record_scope(actor)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if supervisor is not None and not scope.filter(pk=supervisor.pk).exists():
        add("supervisor", _("You may not record supervision led by this person."))
    if not ids:
        add("supervisees", _("Choose who was supervised."))
    else:
        allowed = set(scope.filter(pk__in=ids).values_list("pk", flat=True))
        outside = sorted((w for w in people if w.pk not in allowed), key=lambda w: w.pk)
        if outside:
            add(
                "supervisees",
                _("You may not record supervision for: %(names)s.") % {"names": ", ".join(map(str, outside))},
            )
        if supervisor is not None and supervisor.pk in ids:
            add("supervisees", _("The supervisor cannot be among the people she supervises."))
    if kind == SupervisionKind.INDIVIDUAL and len(ids) > 1:
        add("supervisees", _("An individual session has exactly one supervisee; choose group for more."))
    elif kind == SupervisionKind.GROUP and len(ids) == 1:
        add("supervisees", _("A group session has at least two supervisees; choose individual for one."))
    if cases_discussed is None or cases_discussed < 0:
        add("cases_discussed", _("Give the number of cases discussed (0 or more)."))

    session = SupervisionSession(
        supervisor=supervisor,
        kind=kind,
        on=on,
        duration_minutes=duration_minutes,
        cases_discussed=cases_discussed if cases_discussed is not None and cases_discussed >= 0 else 0,
        decisions=decisions.strip(),
        wellbeing=wellbeing.strip(),
        learning_needs=learning_needs.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    try:
        session.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(name, []):
                    add(name, message)
    if errors:
        raise ValidationError(errors)

    session.save()
    SupervisionSupervisee.objects.bulk_create(
        [SupervisionSupervisee(session=session, worker=w) for w in sorted(people, key=lambda w: w.pk)]
    )
    # The audit keeps who, when and how long; not the notes themselves (wellbeing is sensitive).
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        obj=session,
        summary=str(session),
        changes={
            "supervisor": [None, supervisor.pk],
            "supervisees": [None, sorted(ids)],
            "kind": [None, kind],
            "on": [None, str(on)],
            "duration_minutes": [None, duration_minutes],
            "cases_discussed": [None, session.cases_discussed],
        },
    )
    return session
