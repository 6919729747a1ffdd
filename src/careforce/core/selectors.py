"""Reads for core pages and the API: each takes the acting user and returns what she may see."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from .models import Area, AreaLevel, AreaPopulation, AuditAction, AuditEntry, Organisation, User
from .roles import Role


def latest_population_year() -> int | None:
    return AreaPopulation.objects.aggregate(y=Max("year"))["y"]


def country() -> Area | None:
    return Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()


def home_area(user: User) -> Area | None:
    """Where a user's figures start: the country for national roles, else her own area."""
    if user.role in (Role.NATIONAL_ADMIN, Role.ANALYST):
        return country()
    return user.scope_area


def areas_with_population(areas: QuerySet[Area], year: int | None) -> QuerySet[Area]:
    """Areas annotated with `total` and `children` of `year` in one query (no per-row look-ups)."""
    return areas.annotate(
        total=Max("populations__total", filter=Q(populations__year=year)),
        children_count=Max("populations__children", filter=Q(populations__year=year)),
    )


def population_series(area: Area) -> list[AreaPopulation]:
    return list(area.populations.order_by("year"))


def organisations_in(area: Area | None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(active=True)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    return qs


def organisation_counts_by_kind(area: Area | None) -> list[dict]:
    return list(organisations_in(area).values("kind").annotate(n=Count("id")).order_by("-n", "kind"))


def staff_counts_by_role(user: User, area: Area | None = None) -> list[dict]:
    qs = User.objects.visible_to(user).filter(is_active=True)
    if area is not None:
        qs = qs.filter(organisation__area__path__startswith=area.path)
    return list(qs.values("role").annotate(n=Count("id")).order_by("-n", "role"))


def team_of(user: User) -> QuerySet[User]:
    return (
        User.objects.visible_to(user).filter(supervisor=user, is_active=True).select_related("organisation")
    )


def colleagues_of(user: User, limit: int = 12) -> QuerySet[User]:
    if not user.organisation_id:
        return User.objects.none()
    return (
        User.objects.visible_to(user)
        .filter(organisation_id=user.organisation_id, is_active=True)
        .exclude(pk=user.pk)
        .select_related("organisation")[:limit]
    )


def failed_sign_ins_last_day() -> int:
    since = timezone.now() - timedelta(days=1)
    return AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, at__gte=since).count()
