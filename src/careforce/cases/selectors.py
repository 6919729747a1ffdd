"""Reads for case pages, reports and the API. Every one starts from the access door."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from careforce.core.models import User
from careforce.core.roles import Role

from .models import Case, CaseDeadline, CaseStatus, Plan, PlanStatus
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
