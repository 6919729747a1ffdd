"""Reads for case pages, reports and the API. Every one starts from the access door."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from careforce.core.models import Organisation, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role
from careforce.workforce.models import CaseloadStandard

from .models import Case, CaseDeadline, CaseStatus, Plan, PlanStatus, RiskLevel
from .models.case import OPEN_STATUSES


def tray(user: User, *, status: str = "", risk: str = "", mine_only: bool = False) -> QuerySet[Case]:
    """Open cases the user may see, the most urgent first: overdue, then by the next deadline, high risk
    before lower risk on the same day. One query, whatever the number of rows."""
    qs = Case.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    if mine_only:
        qs = qs.filter(case_manager=user)
    if status:
        qs = qs.filter(status=status)
    if risk:
        qs = qs.filter(risk_level=risk)
    risk_rank = When_(
        When(risk_level="high", then=Value(0)),
        When(risk_level="medium", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        qs.select_related("child", "case_manager", "area")
        .annotate(risk_rank=risk_rank)
        .order_by(F("next_due_on").asc(nulls_last=True), "risk_rank", "pk")
    )


def tray_counts(user: User) -> dict[str, int]:
    today = timezone.localdate()
    qs = Case.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    return qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(next_due_on__lt=today)),
        due_week=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=today + timedelta(days=7))),
        high=Count("pk", filter=Q(risk_level="high")),
    )


def approvals_waiting(user: User) -> dict[str, list]:
    """Plans and closures awaiting this user's decision (a supervisor: her supervisees' cases)."""
    if user.role not in (Role.SUPERVISOR, Role.REGIONAL_MANAGER, Role.NATIONAL_ADMIN):
        return {"plans": [], "closures": []}
    cases = Case.objects.visible_to(user)
    if user.role == Role.SUPERVISOR:
        cases = cases.filter(case_manager__supervisor=user)
    plans = (
        Plan.objects.filter(case__in=cases, status=PlanStatus.SUBMITTED)
        .select_related("case__child", "case__case_manager")
        .order_by("submitted_on", "pk")[:50]
    )
    closures = (
        cases.filter(status=CaseStatus.CLOSURE_REQUESTED)
        .select_related("child", "case_manager")
        .order_by("pk")[:50]
    )
    return {"plans": list(plans), "closures": list(closures)}


def compliance(
    cases: QuerySet[Case], *, until: date | None = None, by: str | None = None
) -> list[dict] | dict:
    """Share of deadlines met on time among those that fell due (standards compliance).

    `by` groups by a case field path (e.g. "case__case_manager", "case__organisation", "case__area"). A
    deadline counts once it is done or its date has passed.
    """
    until = until or timezone.localdate()
    qs = CaseDeadline.objects.filter(case__in=cases).filter(Q(done_on__isnull=False) | Q(due_on__lt=until))
    agg = {
        "due": Count("pk"),
        "on_time": Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
        "late": Count("pk", filter=Q(done_on__gt=F("due_on"))),
        "overdue": Count("pk", filter=Q(done_on__isnull=True)),
    }
    if by is None:
        row = qs.aggregate(**agg)
        row["rate"] = row["on_time"] / row["due"] if row["due"] else None
        return row
    rows = list(qs.values(by).annotate(**agg).order_by(by))
    for row in rows:
        row["rate"] = row["on_time"] / row["due"] if row["due"] else None
    return rows


# --- Caseloads: open cases per worker against the standard (domain.md section 2) ------------------------
#
# A caseload is a figure about the worker, so the rows are the workers the acting user may see (the staff
# scope of the access door), and each counts every open case the worker carries, including cases the
# viewer could not open herself: a supervisor weighing a colleague's load needs the whole load. Only
# counts leave the query, never a child's record.


def caseload_workers(user: User) -> QuerySet[User]:
    """Active case holders the user may see: those a caseload is measured for."""
    return User.objects.visible_to(user).filter(role__in=CASE_HOLDING_ROLES, is_active=True)


def caseload_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations of those workers: the choices of the caseload page's filter."""
    return Organisation.objects.filter(pk__in=caseload_workers(user).values("organisation")).order_by("name")


def caseload_standards() -> list[CaseloadStandard]:
    return list(CaseloadStandard.objects.order_by("role"))


def caseload_of(users: QuerySet[User]) -> QuerySet[User]:
    """`users` with their caseload, in the same single query: open_cases, overdue_cases, high_risk_cases
    and caseload_standard (the most open cases for the user's role; None when none is set)."""
    today = timezone.localdate()
    is_open = Q(cases__status__in=OPEN_STATUSES)
    standard = CaseloadStandard.objects.filter(role=OuterRef("role")).order_by().values("max_open_cases")[:1]
    # distinct: a scope that joins a many-valued relation must not count a case twice.
    return users.annotate(
        open_cases=Count("cases", filter=is_open, distinct=True),
        overdue_cases=Count("cases", filter=is_open & Q(cases__next_due_on__lt=today), distinct=True),
        high_risk_cases=Count("cases", filter=is_open & Q(cases__risk_level=RiskLevel.HIGH), distinct=True),
        caseload_standard=Subquery(standard, output_field=IntegerField()),
    )


def caseloads(user: User, *, organisation: Organisation | None = None) -> list[dict]:
    """One row per worker the user may see, the most loaded against her standard first. One query.

    `ratio` is open cases / standard (None without a standard: such rows come last); `over` is more open
    cases than the standard, `room` how many more she may take (0 at or over it).
    """
    workers = caseload_workers(user)
    if organisation is not None:
        workers = workers.filter(organisation=organisation)
    rows = []
    for worker in caseload_of(workers.select_related("organisation")):
        standard, open_cases = worker.caseload_standard, worker.open_cases
        rows.append(
            {
                "worker": worker,
                "organisation": worker.organisation,
                "open": open_cases,
                "overdue": worker.overdue_cases,
                "high_risk": worker.high_risk_cases,
                "standard": standard,
                "ratio": open_cases / standard if standard else None,
                "over": bool(standard) and open_cases > standard,
                "over_by": max(open_cases - standard, 0) if standard else 0,
                "room": max(standard - open_cases, 0) if standard else None,
            }
        )
    rows.sort(
        key=lambda r: (
            r["ratio"] is None,
            -(r["ratio"] or 0),
            -r["open"],
            r["worker"].last_name,
            r["worker"].first_name,
            r["worker"].pk,
        )
    )
    return rows
