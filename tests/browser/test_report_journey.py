"""The national administrator builds the country's State of the Social Service Workforce report in the
background, follows it, reads it and downloads its PDF."""

from __future__ import annotations

from pathlib import Path

from careforce.core.models import Job, JobStatus
from careforce.evidence import report
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.workforce.factories import AssignmentFactory, WorkerFactory


def test_national_administrator_builds_and_downloads_the_countrys_report(transactional_db, cast, live_server, page):
    for org in (cast.directorate, cast.directorate, cast.far_directorate):
        AssignmentFactory(worker=WorkerFactory(organisation=org))
    sign_in(page, live_server, "admin", PASSWORD)
    # From the dashboard: its figures drawn, their tables a click away, then the report.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_url(f"{live_server.url}/evidence/")
    assert page.locator("#workforce svg.chart").count() >= 1
    page.locator("#workforce details summary").first.click()
    assert page.locator("#workforce details table").first.is_visible()
    page.get_by_role("link", name="State of the Social Service Workforce report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "State of the Social Service Workforce"
    page.select_option("#id_area", str(cast.country.pk))
    page.get_by_role("button", name="Show the report").click()
    # The whole country: built in the background, not in the request.
    page.get_by_role("button", name="Build the report").click()
    page.wait_for_url(f"{live_server.url}/evidence/report/jobs/*/")
    page.get_by_role("link", name="Download the PDF").wait_for()
    job = Job.objects.get(kind=report.KIND)
    assert job.status == JobStatus.DONE and job.created_by == cast.admin
    # The report is on the page: its sections, charts and method notes.
    assert page.locator("#sec-profile h2").inner_text() == "1. Workforce profile"
    assert page.locator("#sec-care svg.chart").count() >= 1
    assert "How it is counted" in page.locator("#fig-workforce_density").inner_text()
    page.get_by_role("link", name="Workforce density", exact=True).click()  # the contents list leads to it
    assert page.url.endswith("#fig-workforce_density")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    path = Path(download.value.path())
    assert download.value.suggested_filename == f"state-of-the-workforce-{cast.country.code}-{job.params['year']}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
