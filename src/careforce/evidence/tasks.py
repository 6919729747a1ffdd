"""Background work of the evidence app: building the State of the Social Service Workforce report for a
large area (the country), with its progress shown section by section on the job's page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django_tasks import task

from careforce.core.jobs import JobProgress, job_run
from careforce.core.models import Area, Job

from . import report


@task()
def build_report(job_id: int) -> None:
    job_run(job_id, _build)


def _build(job: Job, progress: JobProgress) -> dict[str, Any]:
    area = Area.objects.get(pk=job.params["area"])
    # Checked again when the work starts: the creator's role or region may have changed since she asked.
    if not report.in_scope(job.created_by, area):
        raise PermissionDenied
    # One step per section, then the page's HTML, then the PDF (the longest single step).
    total = len(report.SECTIONS) + 2
    progress.step("building", total=total)
    built = report.build(area=area, year=int(job.params["year"]), progress=lambda done, _all: progress(done, total))
    # job_run stores what this returns on the job, in one write at the end.
    return report.stored_result(built, progress=lambda: progress(total - 1, total, force=True))


@task()
def compute_dashboard(job_id: int) -> None:
    job_run(job_id, _compute_dashboard)


def _compute_dashboard(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The figures of a large area's dashboard never computed yet (its page shows the progress)."""
    from . import dashboard, figures

    area = Area.objects.get(pk=job.params["area"])
    todo = figures.missing(dashboard.asks(dashboard.DashboardScope(area, "area"), int(job.params["year"])))
    progress.step("building", total=len(todo))
    return {"computed": figures.compute(todo, progress=progress)}


@task()
def refresh_figures(pks: list[int]) -> None:
    """Compute again stored figures found stale by a page (figures.queue_refresh)."""
    from . import figures

    figures.refresh(pks)


@task()
def warm_figures(year: int | None = None) -> None:
    """Compute in advance the dashboards' and reports' figures of the country and its regions."""
    from . import figures

    figures.warm_country(year)
