"""The training figures: CPD compliance per worker, organisation and area, and the training needs
analysis (required minus assessed level by competency, cadre and area). Charts and tables from the same
selectors, downloadable as CSV or XLSX."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from careforce.core.charts import Bar, bar_chart, short_labels
from careforce.core.exports import FORMATS, table_response
from careforce.core.jobs import job_start
from careforce.core.models import Job, JobStatus
from careforce.core.pagination import paginate, query_without_page
from careforce.workforce.models import Cadre

from .. import cpd, selectors
from .. import impact as impact_mod
from .. import needs as needs_mod
from ..forms import AreaFilterForm
from ..models import Course
from ..tasks import compute_impact

CHART_ROWS = 15


# The widest area the user reads figures for (the API asks the same).
_root = selectors.figures_root


def _pct(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def cpd_compliance(request):
    user = request.user
    if user.role not in cpd.MANAGE_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    root = _root(user)
    reqs = list(cpd.requirements().values())
    params = request.GET.copy()
    params.setdefault("on", today.isoformat())
    if root is not None:
        params.setdefault("area", str(root.pk))
    form = AreaFilterForm(params, root=root, cadres=cpd.cadre_choices(reqs), with_date=True)
    data = form.cleaned_or_empty()
    on = data.get("on") or today
    area = data.get("area") or root
    result = cpd.compliance(user, on=on, area=area, cadre=data.get("cadre") or None)

    fmt = request.GET.get("format")
    if fmt in FORMATS:
        headers = [_("Worker"), _("Cadre"), _("Organisation"), _("Area"), _("Counted from"), _("Hours required"),
                   _("Hours done"), _("CPD credits"), _("Complies")]
        rows = [
            [str(r.worker), r.worker.get_cadre_display(), str(r.worker.organisation), r.worker.area.display_name,
             r.start.isoformat() if r.start else "", float(r.required) if r.required is not None else "",
             float(r.hours), float(r.credits),
             "" if r.complies is None else (_("yes") if r.complies else _("no"))]
            for r in result.rows
        ]
        return table_response(headers, rows, fmt, filename=f"cpd-compliance-{on.isoformat()}")

    overall = result.overall
    groups = result.by_area or result.by_organisation
    shown = sorted(groups, key=lambda g: (g[1].percent or 0, g[0].pk))[:CHART_ROWS]
    chart = None
    if shown:
        labels = ([a.display_name for a, _s in shown] if result.by_area
                  else short_labels([o for o, _s in shown]))
        chart = bar_chart(
            [Bar(label, s.percent or 0, highlight=s.complying * overall.total < overall.complying * s.total)
             for label, (_g, s) in zip(labels, shown, strict=True)],
            title=_("Share of workers who did the CPD their cadre requires"), unit="%",
        )
    ctx = {
        "form": form,
        "on": on,
        "area": area,
        "result": result,
        "overall": overall,
        "page": paginate(request, result.rows),
        "query": query_without_page(request),
        "chart": chart,
        "chart_by_area": bool(result.by_area),
        "chart_cut": len(groups) > len(shown),
        "not_complying": overall.total - overall.complying,
    }
    return render(request, "training/cpd_compliance.html", ctx)


def needs(request):
    user = request.user
    if user.role not in needs_mod.NEEDS_ROLES:
        raise PermissionDenied
    root = _root(user)
    cadres = sorted({c for _cid, c in needs_mod.required_levels()}, key=Cadre.values.index)
    params = request.GET.copy()
    if root is not None:
        params.setdefault("area", str(root.pk))
    form = AreaFilterForm(params, root=root, cadres=[(c, Cadre(c).label) for c in cadres])
    data = form.cleaned_or_empty()
    area = data.get("area") or root
    result = needs_mod.needs_analysis(user, area=area, cadre=data.get("cadre") or None)

    fmt = request.GET.get("format")
    if fmt in FORMATS:
        headers = [_("Competency group"), _("Competency"), _("Cadre"), _("Required level"), _("Workers"),
                   _("Assessed"), _("With a gap"), _("Share with a gap (%)"), _("Mean assessed level"),
                   _("Mean gap"), _("Courses for it")]
        rows = [
            [str(r.competency.parent), str(r.competency), r.cadre_label, r.required, r.workers, r.assessed,
             r.with_gap, _pct(r.gap_percent), "" if r.mean_level is None else round(r.mean_level, 2),
             "" if r.mean_gap is None else round(r.mean_gap, 2), "; ".join(c.title for c in r.courses)]
            for r in result.rows
        ]
        return table_response(headers, rows, fmt, filename="training-needs")

    shown = [r for r in result.by_competency if r.assessed][:CHART_ROWS]
    chart = None
    if shown:
        chart = bar_chart(
            [Bar(str(r.competency), r.gap_percent or 0, highlight=(r.gap_percent or 0) >= 50) for r in shown],
            title=_("Share of assessed workers below the level their cadre requires"), unit="%",
        )
    ctx = {
        "form": form,
        "area": area,
        "result": result,
        "chart": chart,
        "chart_cut": len([r for r in result.by_competency if r.assessed]) > len(shown),
        "page": paginate(request, result.workers) if result.names else None,
        "query": query_without_page(request),
        "not_assessed": result.worker_count - result.assessed_count,
    }
    return render(request, "training/needs.html", ctx)



GROUP_LABELS = {"trained": _lazy("Completed the course"), "comparison": _lazy("Did not")}


def course_impact(request, pk: int):
    user = request.user
    if user.role not in needs_mod.NEEDS_ROLES:
        raise PermissionDenied
    course = get_object_or_404(Course, pk=pk)
    result = impact_mod.cached(user, course=course)
    job_id = request.GET.get("job", "")
    if result is None and job_id.isdigit():
        job = get_object_or_404(Job.objects.visible_to(user), pk=int(job_id), kind=impact_mod.KIND,
                                params__course=course.pk)
        if job.status != JobStatus.DONE:
            return redirect("core:job-detail", pk=job.pk)
        result = impact_mod.from_result(course, job.result)
    if result is None and impact_mod.in_background(course):
        if request.method != "POST":
            return render(request, "training/impact_start.html", {"course": course})
        job = job_start(
            actor=user, kind=impact_mod.KIND, task=compute_impact, params={"course": course.pk},
            title=_("Impact of %(title)s") % {"title": course.title},
            url=lambda j: reverse("training:course-impact", args=[course.pk]) + f"?job={j.pk}",
        )
        return redirect("core:job-detail", pk=job.pk)
    if result is None:
        result = impact_mod.impact(user, course=course)
    measures = []
    for m in result.measures:
        groups = []
        for g in ("trained", "comparison"):
            before, after = m.cell(g, "before"), m.cell(g, "after")
            groups.append({
                "label": GROUP_LABELS[g], "before": m.shown(g, "before"), "after": m.shown(g, "after"),
                "before_n": before.units, "after_n": after.units, "change": m.change(g),
                "small": before.too_small or after.too_small,
            })
        chart = None
        values = [v for x in groups for v in (x["before"], x["after"]) if v is not None]
        # Bars start at zero: a mean change below zero is read in the table, not drawn.
        if values and min(values) >= 0:
            chart = bar_chart(
                [Bar(f"{x['label']} · {when}", value or 0, highlight=x is groups[1])
                 for x in groups for when, value in ((_("before"), x["before"]), (_("after"), x["after"]))],
                title=str(m.label), unit=m.unit, decimals=1,
            )
        measures.append({"m": m, "groups": groups, "chart": chart})
    ctx = {"course": course, "result": result, "measures": measures, "min_workers": impact_mod.MIN_WORKERS,
           "min_units": impact_mod.MIN_UNITS}
    return render(request, "training/impact.html", ctx)
