"""Background jobs: long work (imports, report builds, national exports) run through Django's Tasks API.

An app declares a django-tasks task that hands its work to `job_run`:

    @task()
    def build_report(job_id: int) -> None:
        job_run(job_id, _build)          # _build(job, progress) -> dict (stored as job.result)

and a view starts it with `job_start(actor=..., kind=..., title=..., task=build_report)`. The page then shows
`core/_job_progress.html`, which htmx refreshes every second while the job runs.

Progress is written with short UPDATEs of its own (throttled), never inside the work's final write
transaction: on PostgreSQL a row changed inside an open transaction is invisible to the page that polls,
and on SQLite the write lock is held until the end. So work reports progress while it reads and checks,
then writes everything in one short atomic block (the "saving" step, shown without a percentage).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Job, JobStatus, User

logger = logging.getLogger(__name__)

# Step codes stored in Job.message, translated when shown.
STEPS = {
    "queued": _("Waiting for the background worker"),
    "started": _("Starting"),
    "reading": _("Reading the file"),
    "checking": _("Checking the rows"),
    "saving": _("Saving"),
    "building": _("Building"),
    "done": _("Finished"),
    "failed": _("Stopped by an error"),
}


# The key under which work returns a file it made (bytes): stored in Job.output, not in the JSON result.
OUTPUT = "_output"


def step_label(code: str) -> str:
    return str(STEPS.get(code, code))


def _immediate(task) -> bool:
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task.get_backend(), ImmediateBackend)


def job_start(
    *,
    actor: User,
    kind: str,
    title: str,
    task,
    params: dict[str, Any] | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
    parent: Job | None = None,
    url: Callable[[Job], str] | None = None,
    language: str | None = None,
) -> Job:
    """Create the job row and enqueue `task(job.pk)` once the row is committed.

    `url(job)` gives the page where the outcome is shown (it usually needs the job's id).
    """
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        created_by=actor,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        params=params or {},
        upload=upload,
        upload_name=upload_name[:200],
        parent=parent,
        message="queued",
    )
    if url is not None:
        job.url = url(job)
        Job.objects.filter(pk=job.pk).update(url=job.url)

    def enqueue() -> None:
        try:
            result = task.enqueue(job.pk)
        except Exception:
            logger.exception("could not enqueue job %s", job.pk)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED, message="failed", finished_at=timezone.now()
            )
            return
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    if _immediate(task):
        # Tests (and a setup without a worker) run the work at once, in this process and transaction.
        enqueue()
    else:
        # The worker is another process: it must find the row committed when it picks the task up.
        transaction.on_commit(enqueue)
    job.refresh_from_db()
    return job


class JobProgress:
    """Reports progress of a running job: `progress(done, total)`, `progress.step("saving")`.

    Writes at most every `interval` seconds (and always at the end), each write its own short UPDATE.
    """

    def __init__(self, job_id: int, *, interval: float = 0.5) -> None:
        self.job_id = job_id
        self.interval = interval
        self._last: float | None = None  # the first report is always written

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        now = time.monotonic()
        recent = self._last is not None and now - self._last < self.interval
        if not force and recent and (total is None or done < total):
            return
        self._last = now
        fields: dict[str, Any] = {"progress_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = total
        Job.objects.filter(pk=self.job_id).update(**fields)

    def step(self, code: str, *, done: int = 0, total: int = 0) -> None:
        """A new step; total 0 shows it without a percentage (e.g. the final write)."""
        self._last = time.monotonic()
        Job.objects.filter(pk=self.job_id).update(
            message=code, progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )


def report_progress(job_id: int, done: int, total: int) -> None:
    JobProgress(job_id)(done, total, force=True)


def job_run(job_id: int, work: Callable[[Job, JobProgress], dict[str, Any]]) -> None:
    """Run `work` for a queued job: mark it running, store what it returns, or mark it failed.

    The work speaks the creator's language (the messages it stores are read by her).
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, message="started"
    )
    if not claimed:
        return  # already run, or removed: a task delivered twice must not do the work twice
    job = Job.objects.get(pk=job_id)
    progress = JobProgress(job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            result = work(job, progress)
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED, message="failed", finished_at=timezone.now()
            )
            raise
    job.refresh_from_db(fields=["progress_total"])
    result = dict(result or {})
    output = result.pop(OUTPUT, None)
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        message="done",
        finished_at=timezone.now(),
        result=result,
        output=output,
        progress_done=job.progress_total,
    )
