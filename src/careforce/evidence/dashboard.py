"""The dashboards (domain.md section 4): for each scope a user may read, the care-reform, case, workforce
and training figures, each read from its one definition in `indicators` and kept a few minutes in the
cache (the figures change with the records, not by the second).

Scopes: the national administrator and the analyst read the country and any area in it, a regional
manager her region and the areas in it; a supervisor reads her organisation or her team (her supervisees),
where only the indicators that can be narrowed to them apply. Analysts read published figures: small cells
suppressed, as in the report and the exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, AreaLevel, User
from careforce.core.roles import Role

from .indicators import REGISTRY, Period, Table, suppress

CACHE_SECONDS = 300
TREND_YEARS = 5

# (topic, heading, [(indicator code, disaggregation drawn, or None: by area)])
LAYOUT = [
    ("care", _("Care reform"), [
        ("children_by_care_setting", "setting"), ("children_in_residential_care", None),
        ("residential_entries", None), ("residential_exits", None), ("reintegrations", None),
        ("reintegrations_sustained", None), ("separations_prevented", None),
    ]),
    ("cases", _("Cases"), [
        ("open_cases", "risk"), ("cases_opened", None), ("standards_met_on_time", None),
        ("plans_with_child_view", None),
    ]),
    ("workforce", _("Workforce"), [
        ("workers_in_post", "cadre"), ("workforce_density", None), ("vacancy_rate", None), ("caseload", None),
        ("wisn_ratio", None), ("supervision_coverage", None), ("attrition_rate", None),
    ]),
    ("training", _("Training"), [
        ("training_sessions", None), ("people_trained", "cadre"), ("cascade_reach", None), ("cpd_compliance", None),
    ]),
]
TREND = "children_in_residential_care"  # drawn over the years


@dataclass(frozen=True)
class DashboardScope:
    area: Area
    kind: str  # area, organisation, team
    organisation_id: int | None = None
    team: tuple[int, ...] | None = None

    def narrow(self) -> dict:
        if self.kind == "team":
            return {"team": list(self.team or ())}
        if self.kind == "organisation":
            return {"organisation_id": self.organisation_id}
        return {}

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.area.pk}:{self.organisation_id}:{','.join(map(str, self.team or ()))}"


def may_read(user: User) -> bool:
    return user.is_authenticated and (access.aggregate_root(user) is not None or user.role == Role.SUPERVISOR)


def published_for(user: User) -> bool:
    """Analysts read figures as they are published: small cells suppressed."""
    return user.role == Role.ANALYST


def supervisor_scope(user: User, kind: str) -> DashboardScope:
    country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    if kind == "team":
        team = tuple(User.objects.filter(supervisor=user.pk).order_by("pk").values_list("pk", flat=True))
        return DashboardScope(country, "team", team=(*team, user.pk))
    return DashboardScope(country, "organisation", organisation_id=user.organisation_id)


def table(code: str, scope: DashboardScope, period: Period, by: str | None, *, published: bool) -> Table:
    indicator = REGISTRY[code]
    key = f"cf-ind:{code}:{scope.key}:{period.start}:{period.end}:{by or ''}"
    result = cache.get(key)
    if result is None:
        result = indicator.table(scope.area, period, by, **scope.narrow())
        cache.set(key, result, CACHE_SECONDS)
    return suppress(result) if published else result


def applies(code: str, scope: DashboardScope) -> bool:
    return scope.kind in REGISTRY[code].scopes


def trend(scope: DashboardScope, year: int, *, published: bool, today: dt.date | None = None) -> list[tuple[str, float | None]]:
    today = today or timezone.localdate()
    out = []
    for y in range(year - TREND_YEARS + 1, year + 1):
        t = table(TREND, scope, Period.year(y, today), None, published=published)
        out.append((str(y), t.cell(scope.area.pk).value))
    return out
