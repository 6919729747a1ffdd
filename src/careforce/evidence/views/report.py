"""The State of the Social Service Workforce report as a page and a PDF.

Who: those who read aggregates (the national administrator and the analyst the country, a regional manager
her region); everybody else is refused (403), and an area outside her scope does not exist for her (404).
A district's or a region's report is built in the request; the country's (and an unusually large area's,
see `report.in_background`) is built by a background job whose page follows its progress and then offers
the report and its PDF. A job is seen by whoever started it and the national administrator only.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careforce.core import access
from careforce.core.forms import FilterForm
from careforce.core.jobs import job_start
from careforce.core.models import Area, Job, JobStatus

from .. import report, tasks

RECENT_JOBS = 5


class ReportForm(FilterForm):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=())
    area = forms.ModelChoiceField(label=gettext_lazy("Area"), queryset=Area.objects.none(), empty_label=None)

    def __init__(self, *args, root: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in report.report_years()]
        self.limit_area_to(root)


def _root(request) -> Area:
    root = access.aggregate_root(request.user)
    if root is None:
        raise PermissionDenied  # figures about many people: aggregate readers only
    return root


def _refuse_outside(request, data) -> None:
    # An area outside the user's scope answers 404 (its existence is not revealed), before the form speaks.
    raw = str(data.get("area") or "").strip()
    if raw.isdigit():
        report.area_in_scope(request.user, int(raw))


def _recent_jobs(request):
    return Job.objects.filter(created_by=request.user, kind=report.KIND).order_by("-created_at", "-pk")[:RECENT_JOBS]


def _job_url(job: Job) -> str:
    return reverse("evidence:report-job", args=[job.pk])


def _query(area: Area, year: int) -> str:
    return f"year={year}&area={area.pk}"


def report_page(request):
    root = _root(request)
    data = request.POST if request.method == "POST" else request.GET
    _refuse_outside(request, data)
    asked = request.method == "POST" or bool(data.get("year") or data.get("area"))
    form = ReportForm(data if asked else None, root=root,
                      initial={"year": report.default_year(), "area": root.pk})
    ctx = {"form": form, "jobs": _recent_jobs(request), "root": root}
    if not asked:
        return render(request, "evidence/report.html", ctx)
    if not form.is_valid():
        return render(request, "evidence/report.html", ctx, status=400)
    area, year = form.cleaned_data["area"], form.cleaned_data["year"]
    ctx |= {"area": area, "year": year, "query": _query(area, year)}
    if request.method == "POST":
        # Any scope may be built in the background on request; the country's always is (see the page).
        job = job_start(
            actor=request.user, kind=report.KIND, task=tasks.build_report,
            title=_("State of the Social Service Workforce: %(area)s, %(year)s")
            % {"area": area.display_name, "year": year},
            params={"area": area.pk, "year": year}, url=_job_url,
            language=report.report_language(request.user),
        )
        return redirect(_job_url(job))
    if report.in_background(area):
        ctx["background"] = True
        ctx["built"] = (
            Job.objects.filter(created_by=request.user, kind=report.KIND, status=JobStatus.DONE,
                               params__area=area.pk, params__year=year)
            .order_by("-finished_at", "-pk").first()
        )
        return render(request, "evidence/report.html", ctx)
    with translation.override(report.report_language(request.user)):
        built = report.build(area=area, year=year)
        ctx |= {"report": built, "body": report.render_body(built)}
        return render(request, "evidence/report.html", ctx)


def report_pdf(request):
    """The PDF of a report built in the request; a report built in the background is downloaded from its
    job's page, so this sends the reader to the page that builds it."""
    root = _root(request)
    _refuse_outside(request, request.GET)
    form = ReportForm(request.GET, root=root)
    if not form.is_valid():
        return render(request, "evidence/report.html", {"form": form, "jobs": _recent_jobs(request), "root": root},
                      status=400)
    area, year = form.cleaned_data["area"], form.cleaned_data["year"]
    if report.in_background(area):
        return redirect(f"{reverse('evidence:report')}?{_query(area, year)}")
    with translation.override(report.report_language(request.user)):
        built = report.build(area=area, year=year)
        return report.pdf_response(report.render_pdf_bytes(built), built.filename)


def _report_job(request, pk: int) -> tuple[Job, Area]:
    _root(request)
    job = get_object_or_404(
        Job.objects.visible_to(request.user).filter(kind=report.KIND).select_related("created_by"), pk=pk
    )
    # The job's creator and the national administrator see it, and only while the area is in their scope.
    area = Area.objects.filter(pk=job.params.get("area")).first()
    if area is None or not report.in_scope(request.user, area):
        raise Http404
    return job, area


def report_job(request, pk: int):
    job, area = _report_job(request, pk)
    ctx = {"job": job, "area": area, "year": job.params.get("year"), "query": _query(area, job.params.get("year"))}
    if job.status == JobStatus.DONE:
        # Rendered by the build from the report's own templates (escaped there), in the builder's language.
        ctx["body"] = mark_safe(job.result.get("html", ""))
    template = "evidence/report_job_status.html" if request.htmx else "evidence/report_job.html"
    return render(request, template, ctx)


def report_job_pdf(request, pk: int):
    job, _area = _report_job(request, pk)
    pdf = report.stored_pdf(job) if job.status == JobStatus.DONE else b""
    if not pdf:
        raise Http404
    return report.pdf_response(pdf, job.result.get("filename") or "report")
