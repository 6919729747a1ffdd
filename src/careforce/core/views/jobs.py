"""A background job's page: its status and progress, refreshed by htmx while it runs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from ..models import Job


def job_detail(request, pk: int):
    # Only its creator and the national administrator see a job; for anybody else it does not exist.
    job = get_object_or_404(Job.objects.visible_to(request.user).select_related("created_by"), pk=pk)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})
