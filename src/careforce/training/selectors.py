"""Reads of the training app, scoped to the acting user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from careforce.core import access
from careforce.core.models import Area, AreaLevel, User
from careforce.core.roles import Role
from careforce.workforce.models import Worker

from .models import Competency, CompetencyRequirement, Participation, TrainingSession

# Who reads sessions (their list, detail and cascade): those who organise, oversee or give training.
# Case managers, assistants and volunteers read their own record at /training/my/; analysts work with
# aggregates only and read no one's scores.
SESSION_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.TRAINER})


def figures_root(user: User) -> Area | None:
    """The widest area the user reads training figures for: her region for a regional manager, the country for
    the others who read figures; none for a supervisor, whose figures are her organisation's workers."""
    if user.role == Role.SUPERVISOR:
        return None
    root = access.aggregate_root(user)
    if root is None:
        root = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    return root


def sessions(user: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.visible_to(user)


def session_list(user: User) -> QuerySet[TrainingSession]:
    return (
        sessions(user)
        .select_related("course", "organiser", "area")
        .prefetch_related(Prefetch("trainers", queryset=Worker.objects.order_by("family_name", "pk")))
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def own_participations(user: User) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(worker__user=user.pk)
        .select_related("session__course", "session__organiser")
        .annotate(days_present=Count("attendance"))
        .order_by("-session__starts_on", "-pk")
    )


def framework() -> list[dict]:
    """Groups with their competencies and the level each cadre requires: three queries."""
    reqs: dict[int, dict[str, int]] = {}
    for r in CompetencyRequirement.objects.all():
        reqs.setdefault(r.competency_id, {})[r.cadre] = r.level
    items = list(Competency.objects.order_by("order", "pk"))
    groups = [c for c in items if c.parent_id is None]
    out = []
    for g in groups:
        comps = [c for c in items if c.parent_id == g.pk]
        out.append({"group": g, "competencies": [{"competency": c, "levels": reqs.get(c.pk, {})} for c in comps]})
    return out


def required_cadres() -> list[str]:
    return list(CompetencyRequirement.objects.order_by().values_list("cadre", flat=True).distinct())
