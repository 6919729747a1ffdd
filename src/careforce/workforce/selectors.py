"""Reads of the registry, scoped to the acting user: pages, reports and the API use the same ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from careforce.core.models import Area, Organisation, User
from careforce.core.roles import Role

from .models import Assignment, Cadre, Post, Worker, current_q

# Who may read the posts and vacancies: managers of the service. Others answer 403.
POST_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})


def workers(user: User) -> QuerySet[Worker]:
    return Worker.objects.visible_to(user)


def posts(user: User) -> QuerySet[Post]:
    """Funded posts in the user's scope: all for the national administrator, the region's subtree for a
    regional manager, her own organisation for everybody else."""
    if not (user and user.is_authenticated and user.is_active):
        return Post.objects.none()
    if user.role == Role.NATIONAL_ADMIN:
        return Post.objects.all()
    if user.role == Role.REGIONAL_MANAGER:
        area = user.scope_area
        return Post.objects.filter(area__path__startswith=area.path) if area else Post.objects.none()
    if user.role == Role.ANALYST or not user.organisation_id:
        return Post.objects.none()
    return Post.objects.filter(organisation=user.organisation_id)


def open_assignments(user: User) -> QuerySet[Assignment]:
    """Assignments still running of the workers the user sees: those an editor may end."""
    return Assignment.objects.select_related("post", "worker", "organisation").filter(
        worker__in=workers(user), end__isnull=True
    )


def linkable_accounts(user: User, worker: Worker | None) -> QuerySet[User]:
    """User accounts of the editor's scope that no other worker record is linked to (and `worker`'s own)."""
    qs = User.objects.visible_to(user).filter(is_active=True).exclude(worker__isnull=False)
    if worker is not None and worker.user_id:
        qs = qs | User.objects.filter(pk=worker.user_id)
    return qs.order_by("last_name", "first_name", "username")


def funded_on(qs: QuerySet[Post], on: date) -> QuerySet[Post]:
    return qs.filter(Q(funded_from__lte=on) & (Q(funded_until__isnull=True) | Q(funded_until__gte=on)))


def with_vacancy(qs: QuerySet[Post], on: date) -> QuerySet[Post]:
    held = Assignment.objects.filter(current_q(on), post=OuterRef("pk"))
    return qs.annotate(held=Exists(held))


def vacancies(user: User, *, on: date) -> QuerySet[Post]:
    """Funded posts in scope nobody holds on `on`."""
    return with_vacancy(funded_on(posts(user), on), on).filter(held=False)


@dataclass(frozen=True)
class VacancyRate:
    funded: int
    vacant: int

    @property
    def rate(self) -> float | None:
        return self.vacant / self.funded if self.funded else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)


def vacancy_rate(user: User, *, on: date, qs: QuerySet[Post] | None = None) -> VacancyRate:
    """Vacant funded posts / funded posts (domain.md section 2)."""
    base = with_vacancy(funded_on(posts(user) if qs is None else qs, on), on)
    row = base.aggregate(funded=Count("pk"), vacant=Count("pk", filter=Q(held=False)))
    return VacancyRate(funded=row["funded"], vacant=row["vacant"])


def vacancy_rate_by_cadre(user: User, *, on: date, qs: QuerySet[Post] | None = None) -> dict[str, VacancyRate]:
    base = with_vacancy(funded_on(posts(user) if qs is None else qs, on), on)
    rows = base.values("cadre").annotate(funded=Count("pk"), vacant=Count("pk", filter=Q(held=False)))
    by = {r["cadre"]: VacancyRate(funded=r["funded"], vacant=r["vacant"]) for r in rows}
    return {c: by[c] for c in Cadre.values if c in by}


def organisations_for_workers(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=workers(user).values("organisation")).order_by("name")


def organisations_for_posts(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=posts(user).values("organisation")).order_by("name")


# --- Existing staff of a WISN staffing study (domain.md section 2) ------------------------------------


def existing_staff_by_area(
    *, area: Area, cadre: str, on: date, children: Sequence[Area] | None = None
) -> dict[int, Decimal]:
    """Staff of a cadre in post on `on`, in full-time equivalents, per child area of `area`.

    The FTE of the assignments running on `on` are summed, by where the worker works (worker.area) folded
    into the child of `area` holding it; `area`'s own pk keys workers placed at `area` itself. Children
    with nobody are absent. A count for planning, not a read of anyone's record: no user scope applies,
    the caller decides who may see the study. One grouped query (two without `children`).
    """
    if children is None:
        children = list(Area.objects.filter(parent=area))
    child_by_path = {child.path: child.pk for child in children}
    rows = (
        Assignment.objects.filter(current_q(on), worker__cadre=cadre, worker__area__path__startswith=area.path)
        .values_list("worker__area__path")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    out: dict[int, Decimal] = {}
    for path, fte in rows:
        rest = path[len(area.path) :]
        key = area.pk if not rest else child_by_path.get(area.path + rest.split("/", 1)[0] + "/")
        if key is not None:
            out[key] = out.get(key, Decimal(0)) + fte
    return out
