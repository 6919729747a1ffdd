"""Workforce indicators by area and cadre: a table with charts, and the same figures as CSV or XLSX."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from careforce.core import access
from careforce.core.charts import Bar, bar_chart
from careforce.core.exports import FORMATS, table_response

from .. import indicators
from ..forms import IndicatorForm
from ..indicators import ALL
from ..models import Cadre


def _round(value: float | None, digits: int = 4) -> float | str:
    return "" if value is None else round(value, digits)


def export_rows(result: indicators.Indicators, areas: list, cadres: list[str]) -> tuple[list, list]:
    """One row per area × cadre (all cadres first), every figure unrounded enough to recompute the rates."""
    labels = dict(Cadre.choices)
    headers = [
        _("Area code"), _("Area"), _("Cadre"), _("Workers in post"), _("Full-time equivalent"),
        _("Children (0–17)"), _("Population"), _("Workers per 100,000 children"),
        _("Workers per 10,000 population"), _("Funded posts"), _("Vacant posts"), _("Vacancy rate"),
        _("Workers in post at the start of the period"), _("Average headcount"), _("Voluntary exits"),
        _("Involuntary exits"), _("Attrition"), _("Voluntary attrition"), _("Involuntary attrition"),
        _("Women"), _("Men"), *indicators.band_labels(), _("Share aged 55 and over"),
    ]
    rows = []
    for area in areas:
        for cadre in [ALL, *cadres]:
            f = result.get(area.pk, cadre)
            rows.append([
                area.code, area.display_name, labels.get(cadre, _("All cadres")), f.headcount, float(f.fte),
                f.children if f.children is not None else "", f.population if f.population is not None else "",
                _round(f.per_100k_children, 2), _round(f.per_10k_population, 3), f.posts_funded, f.posts_vacant,
                _round(f.vacancy_rate), f.headcount_at_start, f.average_headcount, f.exits_voluntary,
                f.exits_involuntary, _round(f.attrition), _round(f.attrition_voluntary),
                _round(f.attrition_involuntary), f.female, f.male, *f.ages, _round(f.share_55_and_over),
            ])
    return headers, rows


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def indicator_page(request):
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied  # figures about many workers: administrators, analysts, regional managers
    # The form shows the dates it uses: today and the twelve months before, unless others were chosen.
    query = request.GET.copy()
    if not query.get("on"):
        query["on"] = timezone.localdate().isoformat()
    form = IndicatorForm(query, root=root)
    form.is_valid()
    data = form.cleaned_data  # the valid choices apply; a bad one is reported and its default used
    area = data.get("area") or root
    cadre = data.get("cadre") or ALL
    on = data.get("on") or timezone.localdate()
    period_from = data.get("period_from") or indicators.default_period_from(on)
    if period_from > on:
        period_from = indicators.default_period_from(on)
    if not query.get("period_from"):
        form.data = form.data.copy()
        form.data["period_from"] = period_from.isoformat()

    result = indicators.compute(root=area, on=on, period_from=period_from)
    children = result.children_of(area)
    labels = dict(Cadre.choices)

    fmt = request.GET.get("format")
    if fmt in FORMATS:
        headers, rows = export_rows(result, [area, *children], list(Cadre.values))
        return table_response(
            headers, rows, fmt, filename=f"careforce-workforce-{area.code}-{on.isoformat()}",
        )

    total = result.get(area.pk, cadre)
    own = result.own_level(area, cadre)
    area_rows = [(child, result.get(child.pk, cadre)) for child in children]
    by_cadre = [(labels[c], result.get(area.pk, c)) for c in Cadre.values]
    cadre_rows = [(label, f) for label, f in by_cadre if f.headcount or f.posts_funded or f.exits]
    ctx = {
        "form": form,
        "area": area,
        "crumbs": [a for a in area.ancestors() if a.path.startswith(root.path)],
        "cadre_label": labels.get(cadre, _("All cadres")),
        "on": on,
        "period_from": period_from,
        "total": total,
        "own": own,
        "area_rows": area_rows,
        "cadre_rows": cadre_rows,
        "age_rows": list(zip(indicators.band_labels(), total.ages, strict=True)),
        # Links down and up the tree keep the other choices; the download keeps the area too.
        "query": _query_without(request, "area", "format"),
        "export_query": _query_without(request, "format"),
    }
    if any(f.per_100k_children is not None for _a, f in area_rows):
        ctx["density_chart"] = bar_chart(
            [Bar(a.display_name, round(f.per_100k_children or 0, 1)) for a, f in area_rows],
            title=_("Workers per 100,000 children"),
        )
    if total.headcount:
        ctx["age_chart"] = bar_chart(
            [Bar(label, n) for label, n in ctx["age_rows"]], title=_("Workers in post by age"),
        )
    ctx["on_label"] = formats.date_format(on, "DATE_FORMAT")
    return render(request, "workforce/indicators.html", ctx)


