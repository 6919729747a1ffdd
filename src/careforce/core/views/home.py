from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import selectors
from ..charts import Bar, bar_chart, line_chart
from ..models import Area, AreaLevel, OrganisationKind
from ..panels import render_panels
from ..roles import Role


def _population_context(area: Area | None, year: int | None) -> dict:
    if area is None:
        return {}
    children = selectors.areas_with_population(area.children.order_by("path"), year)
    children = list(children)
    series = selectors.population_series(area)
    ctx = {
        "area": area,
        "year": year,
        "area_children": children,
        "population": next((p for p in series if p.year == year), None),
    }
    if children and any(c.children_count for c in children):
        ctx["children_chart"] = bar_chart(
            [Bar(c.display_name, c.children_count or 0) for c in children],
            title=_("Children (0–17) by area, %(year)s") % {"year": year},
        )
    if len(series) > 1:
        ctx["trend_chart"] = line_chart(
            [(str(p.year), p.children) for p in series],
            title=_("Children (0–17) in %(area)s by year") % {"area": area.display_name},
        )
    return ctx


def home(request):
    user = request.user
    year = selectors.latest_population_year()
    area = selectors.home_area(user)
    ctx: dict = {"role": user.role, "year": year, "panels": render_panels(request)}
    if user.role in (Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.ANALYST):
        ctx.update(_population_context(area, year))
        kinds = dict(OrganisationKind.choices)
        counts = selectors.organisation_counts_by_kind(area)
        ctx["organisation_counts"] = [{"label": kinds.get(c["kind"], c["kind"]), **c} for c in counts]
        if counts:
            ctx["organisation_chart"] = bar_chart(
                [Bar(kinds.get(c["kind"], c["kind"]), c["n"]) for c in counts],
                title=_("Organisations by kind"),
            )
        if user.role != Role.ANALYST:
            roles = dict(Role.choices)
            ctx["staff_counts"] = [
                {"label": roles.get(c["role"], c["role"]), **c}
                for c in selectors.staff_counts_by_role(user, area)
            ]
        if user.role == Role.NATIONAL_ADMIN:
            ctx["failed_sign_ins"] = selectors.failed_sign_ins_last_day()
            ctx["sub_level"] = AreaLevel.REGION
    else:
        if area is not None:
            ctx["area"] = area
            ctx["population"] = next((p for p in selectors.population_series(area) if p.year == year), None)
        if user.role == Role.SUPERVISOR:
            ctx["team"] = list(selectors.team_of(user))
        ctx["colleagues"] = list(selectors.colleagues_of(user))
        ctx["supervisor"] = user.supervisor
    return render(request, "core/home.html", ctx)
