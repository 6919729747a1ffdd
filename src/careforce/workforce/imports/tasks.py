"""The background work of an import: checking the file (a preview with every problem), then, once the person
confirms, writing it all or nothing. Both run through the Tasks API as jobs whose progress the page shows."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from careforce.core.jobs import JobProgress, job_run
from careforce.core.models import Job

from .checkers import check_file
from .writing import ImportConflict, write_checked

CHECK_KIND = "workforce.import_check"
WRITE_KIND = "workforce.import_write"


def _upload(job: Job) -> bytes:
    data = Job.objects.filter(pk=job.pk).values_list("upload", flat=True).get()
    return bytes(data or b"")  # PostgreSQL gives a memoryview


@task()
def check_import(job_id: int) -> None:
    job_run(job_id, _check)


@task()
def write_import(job_id: int) -> None:
    job_run(job_id, _write)


def _check(job: Job, progress: JobProgress) -> dict[str, Any]:
    checked = check_file(
        _upload(job), job.upload_name, entity=job.params["entity"], actor=job.created_by, progress=progress
    )
    return checked.as_result()


def _write(job: Job, progress: JobProgress) -> dict[str, Any]:
    source = Job.objects.get(pk=job.parent_id)
    # Checked again: the registry may have changed since the preview, and the writer may have another scope.
    checked = check_file(
        _upload(source),
        source.upload_name,
        entity=source.params["entity"],
        actor=job.created_by,
        progress=progress,
    )
    result = checked.as_result() | {"created": 0}
    if not checked.ok:
        return result
    progress.step("saving")
    try:
        outcome = write_checked(checked, actor=job.created_by, file_name=source.upload_name, job_id=job.pk)
    except ImportConflict as conflict:
        result["errors"] = [p.as_dict() for p in conflict.problems]
        result["error_count"] = len(conflict.problems)
        result["ready"] = False
        return result
    # The records now live in the registry: the uploaded copy of the register is no longer kept.
    Job.objects.filter(pk=source.pk).update(upload=None)
    return result | outcome
