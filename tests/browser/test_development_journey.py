"""A worker's development in real Chromium: the case manager records a CPD activity and assesses herself,
her supervisor rates her and finds her on the CPD and training-needs pages; the pages fit a phone."""

from __future__ import annotations

from careforce.training.models import AssessmentKind, CompetencyAssessment, CpdRecord
from careforce.workforce.models import Cadre
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.workforce.factories import WorkerFactory


def _as(browser, live_server, username, width=1280):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, username, PASSWORD)
    return context, page

def _framework() -> None:
    """The default framework and CPD requirements come with migrations; a transactional test before this one
    flushed them: load them again as the migrations do."""
    import importlib

    from django.apps import apps

    from careforce.training.models import Competency

    if not Competency.objects.exists():
        importlib.import_module("careforce.training.migrations.0002_default_framework").load(apps, None)
        importlib.import_module("careforce.training.migrations.0003_cpd_assessments").load_requirements(apps, None)


def test_cpd_and_competencies_from_the_worker_to_her_supervisor(transactional_db, cast, live_server, browser):
    _framework()

    worker = WorkerFactory(organisation=cast.directorate, user=cast.case_manager, cadre=Cadre.CASE_MANAGER,
                           given_name="Mariana", family_name="Cojocaru")
    ctx, page = _as(browser, live_server, "casemanager")
    try:
        page.goto(f"{live_server.url}/training/my/development/")
        page.wait_for_url(f"**/training/workers/{worker.pk}/")
        page.get_by_text("Record a CPD activity").click()
        page.select_option("#id_kind", "workshop")
        page.fill("#id_title", "Regional seminar on family separation")
        page.fill("#id_done_on", "2026-10-14")
        page.fill("#id_hours", "6")
        page.fill("#id_impact", "I plan the first home visit with the parents.")
        page.get_by_role("button", name="Record", exact=True).click()
        page.wait_for_url(f"**/training/workers/{worker.pk}/")
        assert page.get_by_text("Regional seminar on family separation").is_visible()
        assert CpdRecord.objects.get(worker=worker).hours == 6

        page.get_by_role("link", name="Assess myself").click()
        first = page.locator("select[name^=level_]").first
        first.select_option("2")
        page.get_by_role("button", name="Record the assessment").click()
        page.wait_for_url(f"**/training/workers/{worker.pk}/")
        assert CompetencyAssessment.objects.get(worker=worker).kind == AssessmentKind.SELF
    finally:
        ctx.close()

    ctx, page = _as(browser, live_server, "supervisor", width=360)
    try:
        page.goto(f"{live_server.url}/training/cpd/compliance/")
        row = page.get_by_role("row").filter(has_text="Mariana Cojocaru")
        assert "34 hours short" in row.inner_text()  # 40 hours required, 6 done
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
        row.get_by_role("link", name="Mariana Cojocaru").click()
        page.get_by_role("link", name="Assess her competencies").click()
        page.locator("select[name^=level_]").first.select_option("1")
        page.get_by_role("button", name="Record the assessment").click()
        page.wait_for_url(f"**/training/workers/{worker.pk}/")
        page.goto(f"{live_server.url}/training/needs/")
        needs = page.get_by_role("row").filter(has_text="Mariana Cojocaru")
        assert needs.count() == 1  # below the required level, by her supervisor's rating
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    finally:
        ctx.close()
