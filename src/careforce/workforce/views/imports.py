"""Importing a worker register or a list of posts: upload, a checked preview listing every problem, then
the import, all or nothing. National administrators import anywhere, regional managers in their region;
everybody else is refused (403). A job belongs to the person who started it (and the national
administrator): for anybody else it does not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careforce.core.jobs import job_start
from careforce.core.models import Job, JobStatus
from careforce.core.pagination import paginate

from .. import selectors
from ..imports import COLUMNS, ENTITIES, MAX_BYTES, MAX_ROWS, may_import
from ..imports.blanks import csv_blank, xlsx_blank
from ..imports.forms import ImportForm
from ..imports.tasks import CHECK_KIND, WRITE_KIND, check_import, write_import
from ..models import Worker

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _require_importer(request) -> None:
    if not may_import(request.user):
        raise PermissionDenied


def _detail_url(job: Job) -> str:
    return reverse("workforce:import-detail", args=[job.pk])


def import_start(request):
    _require_importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        entity = form.cleaned_data["kind"]
        title = (_("Workers from %(file)s") if entity == "workers" else _("Posts from %(file)s")) % {
            "file": upload.name
        }
        job = job_start(
            actor=request.user,
            kind=CHECK_KIND,
            title=title,
            task=check_import,
            params={"entity": entity},
            upload=upload.read(),
            upload_name=upload.name,
            url=_detail_url,
        )
        return redirect(_detail_url(job))
    jobs = (
        Job.objects.filter(created_by=request.user, kind=CHECK_KIND)
        .prefetch_related("followups")
        .order_by("-created_at", "-pk")
    )
    ctx = {
        "form": form,
        "page": paginate(request, jobs, per_page=10),
        "columns": [(entity, COLUMNS[entity]) for entity in ENTITIES],
        "max_bytes": MAX_BYTES,
        "max_rows": MAX_ROWS,
    }
    return render(request, "workforce/imports/start.html", ctx, status=400 if form.errors else 200)


def import_template(request, kind: str, fmt: str):
    _require_importer(request)
    if kind not in ENTITIES or fmt not in CONTENT_TYPES:
        raise Http404
    data = xlsx_blank(kind, request.user) if fmt == "xlsx" else csv_blank(kind)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="careforce-{kind}.{fmt}"'
    return response


def _check_job(request, pk: int) -> Job:
    return get_object_or_404(
        Job.objects.visible_to(request.user).filter(kind=CHECK_KIND).select_related("created_by"), pk=pk
    )


def _may_confirm(job: Job, write: Job | None) -> bool:
    # Once the write started (or ended, even with conflicts), this check cannot be confirmed again; only
    # a write stopped by an error or stalled may be tried once more (its transaction wrote nothing; should
    # it somehow have, the new write finds every worker already registered and writes nothing).
    return (
        job.status == JobStatus.DONE
        and bool(job.result.get("ready"))
        and (write is None or write.status == JobStatus.FAILED or write.stalled)
    )


def import_detail(request, pk: int):
    _require_importer(request)
    job = _check_job(request, pk)
    write = job.followups.filter(kind=WRITE_KIND).order_by("-created_at", "-pk").first()
    entity = job.params.get("entity", "workers")
    ctx = {"job": job, "write": write, "entity": entity, "may_confirm": _may_confirm(job, write)}
    ctx["polling"] = job.running or (write is not None and write.running)
    outcome = None
    if write is not None and write.status == JobStatus.DONE:
        outcome = write.result
    elif job.status == JobStatus.DONE:
        outcome = job.result
    ctx["outcome"] = outcome
    if outcome and outcome.get("created"):
        ids = outcome.get("ids", [])
        if entity == "workers":
            created = Worker.objects.visible_to(request.user).filter(pk__in=ids)
        else:
            created = selectors.posts(request.user).filter(pk__in=ids)
        created = created.select_related("organisation", "area").order_by("pk")
        ctx["created_page"] = paginate(request, created)
    elif outcome:
        ctx["errors_page"] = paginate(request, outcome.get("errors", []), per_page=100)
    template = "workforce/imports/_status.html" if request.htmx else "workforce/imports/detail.html"
    return render(request, template, ctx)


@require_POST
def import_confirm(request, pk: int):
    _require_importer(request)
    job = _check_job(request, pk)
    with transaction.atomic():
        # Locked: two clicks on the button start one import, not two.
        job = Job.objects.select_for_update().get(pk=job.pk)
        write = job.followups.filter(kind=WRITE_KIND).order_by("-created_at", "-pk").first()
        if not _may_confirm(job, write):
            messages.error(
                request, _("This file cannot be imported: see the problems listed, or upload it again.")
            )
            return redirect(_detail_url(job))
        entity = job.params.get("entity", "workers")
        title = (
            _("Importing workers from %(file)s")
            if entity == "workers"
            else _("Importing posts from %(file)s")
        ) % {"file": job.upload_name}
        job_start(
            actor=request.user,
            kind=WRITE_KIND,
            title=title,
            task=write_import,
            parent=job,
            params={"entity": entity},
            url=lambda _job: _detail_url(job),
        )
    return redirect(_detail_url(job))
