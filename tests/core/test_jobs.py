"""Background jobs: started through the Tasks API, progress visible to other requests, failures recorded,
and each job seen by its creator and the national administrator only."""

from __future__ import annotations

import pytest
from django_tasks import task

from careforce.core import jobs
from careforce.core.jobs import JobProgress, job_run, job_start
from careforce.core.models import Job, JobStatus

SEEN: list[tuple[int, int, str]] = []


def _count_to_three(job: Job, progress: JobProgress) -> dict:
    progress.step("checking", total=3)
    for i in range(3):
        progress(i + 1, 3, force=True)
        # What another request reads while the work runs: the row as written so far.
        row = Job.objects.get(pk=job.pk)
        SEEN.append((row.progress_done, row.progress_total, row.status))
    return {"counted": 3}


def _fail(job: Job, progress: JobProgress) -> dict:
    raise RuntimeError("boom")


@task()
def count_task(job_id: int) -> None:
    job_run(job_id, _count_to_three)


@task()
def failing_task(job_id: int) -> None:
    job_run(job_id, _fail)


def test_a_job_runs_its_task_and_stores_the_result(cast):
    SEEN.clear()
    job = job_start(
        actor=cast.regional, kind="test.count", title="Counting", task=count_task, url=lambda j: f"/x/{j.pk}/"
    )
    assert job.status == JobStatus.DONE
    assert job.result == {"counted": 3}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.message == "done"
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.url == f"/x/{job.pk}/"
    assert job.task_id
    # Progress was written row by row while the work ran, the job marked running meanwhile.
    assert SEEN == [(1, 3, "running"), (2, 3, "running"), (3, 3, "running")]


def test_a_failed_job_is_marked_failed_and_keeps_no_result(cast, caplog):
    job = job_start(actor=cast.admin, kind="test.fail", title="Failing", task=failing_task)
    assert job.status == JobStatus.FAILED
    assert job.message == "failed"
    assert job.result == {}
    assert job.finished_at is not None
    assert "boom" in caplog.text


def test_a_job_is_run_once_even_if_its_task_is_delivered_twice(cast):
    SEEN.clear()
    job = job_start(actor=cast.admin, kind="test.count", title="Counting", task=count_task)
    job_run(job.pk, _count_to_three)  # a second delivery
    assert len(SEEN) == 3


def test_progress_writes_are_throttled_but_the_end_is_always_written(cast):
    job = Job.objects.create(kind="test", title="t", created_by=cast.admin, status=JobStatus.RUNNING)
    progress = JobProgress(job.pk, interval=3600)
    progress(1, 10)  # the first write goes through
    progress(2, 10)  # too soon: skipped
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (1, 10)
    progress(10, 10)  # the end is written whatever the interval
    job.refresh_from_db()
    assert job.progress_done == 10
    jobs.report_progress(job.pk, 4, 8)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (4, 8, 50)


class _Deferred:
    """A stand-in for a task on a backend with a real worker (not the immediate one)."""

    def __init__(self):
        self.calls = []

    def get_backend(self):
        return object()

    def enqueue(self, job_id):
        self.calls.append(job_id)

        class Result:
            id = "abc"

        return Result()


def test_with_a_worker_the_task_is_enqueued_only_once_the_job_is_committed(
    cast, django_capture_on_commit_callbacks
):
    deferred = _Deferred()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(actor=cast.admin, kind="test", title="t", task=deferred)
    assert deferred.calls == []  # the worker must not look for a row that is not committed yet
    assert job.status == JobStatus.QUEUED and job.message == "queued"
    for callback in callbacks:
        callback()
    assert deferred.calls == [job.pk]
    job.refresh_from_db()
    assert job.task_id == "abc"


def test_a_job_is_visible_to_its_creator_and_the_national_administrator_only(cast):
    job = Job.objects.create(kind="test", title="t", created_by=cast.regional)
    assert list(Job.objects.visible_to(cast.regional)) == [job]
    assert list(Job.objects.visible_to(cast.admin)) == [job]
    for other in (cast.supervisor, cast.case_manager, cast.trainer, cast.analyst, cast.volunteer):
        assert not Job.objects.visible_to(other).exists()


def test_the_uploaded_file_is_not_loaded_by_pages(cast):
    job = Job.objects.create(kind="test", title="t", created_by=cast.admin, upload=b"x" * 1000)
    loaded = Job.objects.get(pk=job.pk)
    assert "upload" in loaded.get_deferred_fields()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_of_a_running_job_shows_a_progress_bar_and_polls(cast, client_for, htmx):
    job = Job.objects.create(
        kind="test",
        title="Counting",
        created_by=cast.regional,
        status=JobStatus.RUNNING,
        progress_done=3,
        progress_total=12,
        message="checking",
    )
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for("regional").get(f"/jobs/{job.pk}/", **headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress max="12" value="3"' in html
    assert "3 of 12 (25%)" in html
    assert "Checking the rows" in html
    assert 'hx-trigger="every 1s"' in html
    assert ("<html" in html) is (not htmx)


def test_the_page_of_a_finished_job_stops_polling_and_links_to_the_result(cast, client_for):
    job = Job.objects.create(
        kind="test",
        title="Counting",
        created_by=cast.admin,
        status=JobStatus.DONE,
        url="/workforce/workers/",
        progress_done=5,
        progress_total=5,
    )
    html = client_for("admin").get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in html
    assert "<progress" not in html
    assert 'href="/workforce/workers/"' in html


def test_a_queued_job_without_a_known_total_shows_an_open_progress_bar(cast, client_for):
    job = Job.objects.create(kind="test", title="Waiting", created_by=cast.admin, message="queued")
    html = client_for("admin").get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress aria-label="Progress">' in html
    assert "Waiting for the background worker" in html


def test_a_job_without_news_for_long_is_shown_stalled_and_no_longer_polled(cast, client_for):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - Job.STALL_AFTER - timedelta(minutes=1)
    job = Job.objects.create(
        kind="test",
        title="Counting",
        created_by=cast.admin,
        status=JobStatus.RUNNING,
        progress_done=3,
        progress_total=12,
        heartbeat_at=long_ago,
        created_at=long_ago,
    )
    assert job.stalled and not job.running
    html = client_for("admin").get(f"/jobs/{job.pk}/").content.decode()
    assert "Stalled" in html and "hx-trigger" not in html
    # A progress report is news: the job is followed again.
    JobProgress(job.pk)(4, 12)
    job.refresh_from_db()
    assert job.running and not job.stalled
