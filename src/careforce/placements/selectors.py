"""Reads: a child's care history, institutions' figures, reintegrations and the prevention outcome."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from careforce.core import access
from careforce.core.models import Area, Organisation
from careforce.core.roles import Role

from .models import (
    AT_HOME_KINDS,
    INSTITUTION_ORG_KINDS,
    CareSetting,
    Reintegration,
    ReintegrationStatus,
)

# Who opens the list of reintegrations: those who may see children's records (never trainers, analysts).
REINTEGRATION_ROLES = frozenset(
    {Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.CASE_MANAGER,
     Role.COMMUNITY_ASSISTANT, Role.VOLUNTEER}
)


def settings_of(user, child) -> QuerySet[CareSetting]:
    return (
        CareSetting.objects.visible_to(user)
        .filter(child=child)
        .select_related("institution", "recorded_by", "case")
        .order_by("-start", "-pk")
    )


def reintegrations(user) -> QuerySet[Reintegration]:
    return (
        Reintegration.objects.visible_to(user)
        .with_status()
        .select_related("child", "from_setting__institution")
    )


# --- Where a child may be placed ------------------------------------------------------------------------------

# Options in the institution <select>: a region's institutions fit; past that a name or a district narrows them.
INSTITUTIONS_LISTED = 200


def institutions_taking_children() -> QuerySet[Organisation]:
    """Open residential institutions and family-type homes (models.takes_children, as a query): the page's
    choice and the API's institution id are both checked against it."""
    return Organisation.objects.filter(kind__in=INSTITUTION_ORG_KINDS, active=True)


def institutions_offered(*, area: Area | None, q: str = "") -> QuerySet[Organisation]:
    """The institutions the care-setting form offers: those taking children within `area` (the whole country
    when None) whose name contains `q`, in the order of the area tree so that a district's come together."""
    qs = institutions_taking_children()
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.select_related("area__parent").order_by("area__path", "name", "pk")


# --- Institutions (aggregates: counts of children, never a name) -------------------------------------------


def institutions(user, *, start: datetime.date, end: datetime.date, today: datetime.date | None = None):
    """Residential institutions and family-type homes in the user's aggregate scope, each annotated with
    capacity, children placed today, admissions and exits in [start, end] and children past their planned
    stay. One grouped query over the placements join."""
    root = access.aggregate_root(user)
    if root is None:
        return Organisation.objects.none()
    today = today or timezone.localdate()
    current = Q(placements__end__isnull=True)
    return (
        Organisation.objects.filter(kind__in=INSTITUTION_ORG_KINDS, area__path__startswith=root.path)
        .annotate(
            places=F("placement_capacity__places"),
            placed=Count("placements", filter=current),
            admissions=Count("placements", filter=Q(placements__start__range=(start, end))),
            exits=Count("placements", filter=Q(placements__end__range=(start, end))),
            past_stay=Count("placements", filter=current & Q(placements__planned_end__lt=today)),
        )
        .select_related("area")
        .order_by("name", "pk")
    )


def occupancy_percent(places: int | None, placed: int) -> float | None:
    if not places:
        return None
    return 100 * placed / places


# --- Outcomes -----------------------------------------------------------------------------------------------


def _scope_path(user, area: Area | None) -> str | None:
    root = access.aggregate_root(user)
    if root is None:
        return None
    if area is not None and area.path.startswith(root.path):
        return area.path
    return root.path


def at_home_at_closure(cases: QuerySet) -> QuerySet:
    """Those of `cases` (closed) whose child was still at home on the day of closure.

    "At home" (domain.md 1, prevention outcome): the care setting that covers the day of closure is the
    biological family or kinship care. A child with no care setting recorded on that day never had a
    change of setting recorded: she was never separated, so she counts as still at home.
    """
    at_closure = (
        CareSetting.objects.filter(child=OuterRef("child"), start__lte=OuterRef("closed_on"))
        .filter(Q(end__isnull=True) | Q(end__gte=OuterRef("closed_on")))
        .order_by("-start")
        .values("kind")[:1]
    )
    return cases.annotate(kind_at_closure=Subquery(at_closure)).filter(
        Q(kind_at_closure__in=AT_HOME_KINDS) | Q(kind_at_closure__isnull=True)
    )


def separation_prevented(user, *, start: datetime.date, end: datetime.date, area: Area | None = None) -> int:
    """Prevention cases closed in [start, end] with the child still at home at closure (at_home_at_closure)."""
    from careforce.cases.models import Case, CaseStatus, CaseType

    path = _scope_path(user, area)
    if path is None:
        return 0
    return at_home_at_closure(
        Case.objects.filter(
            case_type=CaseType.PREVENTION,
            status=CaseStatus.CLOSED,
            closed_on__range=(start, end),
            area__path__startswith=path,
        )
    ).count()


def reintegration_outcomes(
    user, *, start: datetime.date, end: datetime.date, area: Area | None = None, today: datetime.date | None = None
) -> dict[str, int]:
    """Reintegrations whose move fell in [start, end], by status today. One query.

    The area is the child's locality."""
    path = _scope_path(user, area)
    counts = dict.fromkeys(ReintegrationStatus.values, 0)
    if path is None:
        return counts
    today = today or timezone.localdate()
    qs = Reintegration.objects.with_status().filter(
        moved_on__range=(start, end), child__area__path__startswith=path
    )
    figures = qs.aggregate(
        **{status: Count("pk", filter=qs.status_q(status, today)) for status in ReintegrationStatus.values
           if status != ReintegrationStatus.PREPARATION}
    )
    counts.update({k: v or 0 for k, v in figures.items()})
    return counts
