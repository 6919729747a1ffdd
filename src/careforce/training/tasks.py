"""Background work of the training app: the impact of a course with many participants."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from careforce.core.jobs import JobProgress, job_run
from careforce.core.models import Job

from . import impact
from .models import Course


@task()
def compute_impact(job_id: int) -> None:
    job_run(job_id, _compute)


def _compute(job: Job, progress: JobProgress) -> dict[str, Any]:
    course = Course.objects.get(pk=job.params["course"])
    progress.step("building", total=1)
    # Read in the creator's scope, as the page would: a regional manager's region, an analyst's country.
    result = impact.impact(job.created_by, course=course)
    progress(1, 1, force=True)
    return impact.as_result(result)
