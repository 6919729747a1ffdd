"""The dashboards (domain.md section 4): for each scope a user may read, the care-reform, case, workforce
and training figures, each read from its one definition in `indicators` through the store of computed
figures (`figures.py`: the figures change with the records, not by the second).

Scopes: the national administrator and the analyst read the country and any area in it, a regional
manager her region and the areas in it; a supervisor reads her organisation or her team (her supervisees),
where only the indicators that can be narrowed to them apply. Analysts read published figures: small cells
suppressed, as in the report and the exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, AreaLevel, User
from careforce.core.roles import Role

from . import figures
from .indicators import REGISTRY, Period, Table, suppress

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
    """One indicator table of the scope, read through the store (figures.py)."""
    result = figures.table(code, scope.area, period, by, **scope.narrow())
    return suppress(result) if published else result


def applies(code: str, scope: DashboardScope) -> bool:
    return scope.kind in REGISTRY[code].scopes


def trend_periods(year: int, today: dt.date) -> list[Period]:
    return [Period.year(y, today) for y in range(year - TREND_YEARS + 1, year + 1)]


def asks(scope: DashboardScope, year: int, *, today: dt.date | None = None) -> list[figures.Ask]:
    """The indicator tables the dashboard of `scope` for `year` reads: its cards, then the trend's years."""
    today = today or timezone.localdate()
    period = Period.year(year, today)
    out = [figures.ask(code, scope.area, period, by, **scope.narrow())
           for _topic, _heading, entries in LAYOUT for code, by in entries if applies(code, scope)]
    if applies(TREND, scope):
        out += [figures.ask(TREND, scope.area, p, **scope.narrow()) for p in trend_periods(year, today)]
    return out


JOB_KIND = "evidence.dashboard"


def computes_in_background(scope: DashboardScope) -> bool:
    """A country's or a large region's figures take seconds to compute: never while the page waits."""
    from .report import in_background

    return scope.kind == "area" and in_background(scope.area)


def computing(user: User, scope: DashboardScope, year: int):
    """The job computing the figures of a large scope's dashboard that were never computed (the caller
    found some missing), started now if none runs yet (one for everyone who asks); None when the scope is
    small enough to compute them while the page waits."""
    from careforce.core.jobs import job_start
    from careforce.core.models import Job, JobStatus

    from .tasks import compute_dashboard

    if not computes_in_background(scope):
        return None
    running = Job.objects.filter(
        kind=JOB_KIND, params__area=scope.area.pk, params__year=year,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).order_by("-pk").first()
    if running is not None and not running.stalled:
        return running
    return job_start(
        actor=user, kind=JOB_KIND, task=compute_dashboard, params={"area": scope.area.pk, "year": year},
        title=str(_("Dashboard figures of %(area)s, %(year)s") % {"area": scope.area.display_name, "year": year}),
    )


@dataclass
class Read:
    """What a dashboard shows: each card's table (by indicator code), the trend, and when the oldest of its
    figures was computed."""

    tables: dict[str, Table]
    trend: list[tuple[str, float | None]] | None
    computed_at: dt.datetime | None


def read(scope: DashboardScope, year: int, *, published: bool, today: dt.date | None = None,
         wanted: list[figures.Ask] | None = None) -> Read:
    """Every figure of the dashboard (`wanted`: its `asks`, when made already), in one read of the store."""
    today = today or timezone.localdate()
    wanted = wanted if wanted is not None else asks(scope, year, today=today)
    read_tables = figures.tables(wanted)
    cards = {a.code: t for a, t in zip(wanted, read_tables, strict=True) if a.period.end.year == year}
    trend = None
    if applies(TREND, scope):
        yearly = read_tables[-TREND_YEARS:]
        trend = [(str(p.end.year), (suppress(t) if published else t).cell(scope.area.pk).value)
                 for p, t in zip(trend_periods(year, today), yearly, strict=True)]
    stamps = [t.computed_at for t in read_tables if t.computed_at is not None]
    return Read(
        tables={code: suppress(t) if published else t for code, t in cards.items()},
        trend=trend, computed_at=min(stamps, default=None),
    )
