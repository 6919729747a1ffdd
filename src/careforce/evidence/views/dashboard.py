"""The dashboard page and each indicator's own page (its definition, its table by any disaggregation,
a chart, and the table as CSV or XLSX: published figures, small cells suppressed)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careforce.core import access
from careforce.core.charts import Bar, bar_chart, line_chart
from careforce.core.exports import FORMATS, table_response
from careforce.core.roles import Role

from .. import dashboard, figures
from ..forms import DashboardForm, IndicatorValuesForm
from ..indicators import DIMENSIONS, REGISTRY, TOTAL, Period, Table, suppress

CHART_BARS = 12


def _fmt(value, unit: str) -> str:
    from django.utils.formats import number_format

    if value is None:
        return "–"
    if unit == "count":
        return number_format(round(value), force_grouping=True)
    return number_format(value, decimal_pos=2 if unit in ("ratio", "mean") else 1, force_grouping=True)


def _chart(t: Table, by: str | None, title: str):
    """Bars of the scope's columns when a disaggregation is drawn, else of the areas below it."""
    unit = "%" if t.indicator.unit == "percent" else ""
    if by:
        cells = [(label, t.cell(t.scope.area.pk, key)) for key, label in t.columns if key != TOTAL]
    else:
        cells = [(a.display_name, t.cell(a.pk)) for a in t.scope.children]
    cells = [(label, c) for label, c in cells if c.value is not None or c.suppressed][:CHART_BARS]
    if not cells or any(c.value is not None and c.value < 0 for _l, c in cells):
        return None
    return bar_chart(
        [Bar(label + (" *" if c.suppressed else ""), c.value or 0) for label, c in cells],
        title=title, unit=unit, decimals=2 if t.indicator.unit in ("ratio", "mean") else 1,
    )


def _scope(request, form) -> dashboard.DashboardScope:
    user = request.user
    data = form.cleaned_or_empty()
    if user.role == Role.SUPERVISOR:
        return dashboard.supervisor_scope(user, data.get("scope") or "organisation")
    return dashboard.DashboardScope(data.get("area") or access.aggregate_root(user), "area")


def dashboard_page(request):
    user = request.user
    if not dashboard.may_read(user):
        raise PermissionDenied
    today = timezone.localdate()
    form = DashboardForm(request.GET or None, root=access.aggregate_root(user), supervisor=user.role == Role.SUPERVISOR)
    data = form.cleaned_or_empty()
    year = data.get("year") or today.year
    period = Period.year(year, today)
    scope = _scope(request, form)
    published = dashboard.published_for(user)
    may_open = access.aggregate_root(user) is not None
    wanted = dashboard.asks(scope, year, today=today)
    stamped = figures.stamps(wanted)
    complete = len(stamped) == len({a.key for a in wanted})
    job = None if complete else dashboard.computing(user, scope, year)
    if job is not None and job.running:
        ctx = {"form": form, "scope": scope, "year": year, "job": job, "query": request.GET.urlencode()}
        if request.headers.get("HX-Request"):
            return render(request, "evidence/dashboard_computing_status.html", ctx)
        return render(request, "evidence/dashboard_computing.html", ctx)
    if request.headers.get("HX-Request"):  # the figures are ready: the page that followed them reloads
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    # The figures' part of the page, drawn once for the figures as stored (their times are in the key).
    key = "cf-dash:" + hashlib.sha256(repr((
        scope.key, year, period.end, translation.get_language(), published, may_open, sorted(stamped.items()),
    )).encode()).hexdigest()
    body = cache.get(key) if complete else None
    if body is None:
        read = dashboard.read(scope, year, published=published, today=today, wanted=wanted)
        body = _dashboard_body(request, scope, year, read, may_open=may_open)
        computed_at = read.computed_at
        if complete:
            cache.set(key, body, figures.FRESH_SECONDS)
    else:
        figures.queue_stale(stamped)
        computed_at = min(stamped.values())
    ctx = {
        "form": form, "scope": scope, "year": year, "period": period, "body": body, "published": published,
        "computed_at": computed_at, "fresh_minutes": figures.FRESH_SECONDS // 60, "may_open_indicators": may_open,
    }
    return render(request, "evidence/dashboard.html", ctx)


def _dashboard_body(request, scope: dashboard.DashboardScope, year: int, read: dashboard.Read, *,
                    may_open: bool) -> str:
    sections, suppressed = [], False
    for topic, heading, entries in dashboard.LAYOUT:
        cards = []
        for code, by in entries:
            if code not in read.tables:
                continue
            ind = REGISTRY[code]
            t = read.tables[code]
            suppressed |= t.suppressed_any
            total = t.cell(scope.area.pk)
            cards.append({
                "indicator": ind, "table": t, "by": by, "total": total, "shown": _fmt(total.value, ind.unit),
                "rows": [(a, [(c, _fmt(c.value, ind.unit)) for c in cells]) for a, cells in t.rows()],
                "chart": _chart(t, by, str(ind.name)),
            })
        if cards:
            sections.append({"topic": topic, "heading": heading, "cards": cards})
    trend = None
    if read.trend is not None:
        drawn = [(label, v) for label, v in read.trend if v is not None]
        trend = {"points": read.trend,
                 "chart": line_chart(drawn, title=str(REGISTRY[dashboard.TREND].name)) if drawn else None}
    ctx = {"scope": scope, "year": year, "sections": sections, "trend": trend, "suppressed": suppressed,
           "may_open_indicators": may_open}
    return render_to_string("evidence/_dashboard_body.html", ctx, request=request)


def indicator_page(request, code: str):
    user = request.user
    root = access.aggregate_root(user)
    if root is None:
        raise PermissionDenied
    ind = REGISTRY.get(code)
    if ind is None:
        raise Http404
    today = timezone.localdate()
    form = IndicatorValuesForm(request.GET or None, root=root, indicator=ind)
    data = form.cleaned_or_empty()
    year = data.get("year") or today.year
    by = data.get("by") or None
    area = data.get("area") or root
    scope = dashboard.DashboardScope(area, "area")
    period = Period.year(year, today)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        # A download is a published figure, whoever takes it.
        t = suppress(dashboard.table(code, scope, period, by, published=False))
        headers = [_("Area code"), _("Area")]
        for _key, label in t.columns:
            headers += [f"{ind.name} · {label}", _("Numerator"), _("Denominator")]
        rows = []
        for a, cells in t.rows():
            row = [a.code, a.display_name]
            for c in cells:
                row += ([_("suppressed")] * 3 if c.suppressed
                        else ["" if c.value is None else round(c.value, 4), "" if c.numerator is None else c.numerator,
                              "" if c.denominator is None else c.denominator])
            rows.append(row)
        return table_response(headers, rows, fmt, filename=f"{code}-{period.code}-{area.code}")
    published = dashboard.published_for(user)
    t = dashboard.table(code, scope, period, by, published=published)
    ctx = {
        "indicator": ind, "form": form, "table": t, "by": by, "by_label": DIMENSIONS.get(by or "", ""),
        "year": year, "area": area, "period": period, "published": published,
        "rows": [(a, [(c, _fmt(c.value, ind.unit)) for c in cells]) for a, cells in t.rows()],
        "chart": _chart(t, by, str(ind.name)),
        "dimensions": [(d, DIMENSIONS[d]) for d in ind.disaggregations],
        "query": request.GET.urlencode(),
        "year_str": str(year), "by_str": by or "",
    }
    return render(request, "evidence/indicator.html", ctx)
