"""A case from registration to closure, in real Chromium: the case manager works, the supervisor decides."""

from __future__ import annotations

from careforce.cases.models import Case, CaseStatus
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def _as(browser, live_server, username):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, username, PASSWORD)
    return context, page


def test_case_from_registration_to_closure(transactional_db, cast, live_server, browser):
    worker_ctx, page = _as(browser, live_server, "casemanager")
    boss_ctx, boss = _as(browser, live_server, "supervisor")
    try:
        # Register the child: the duplicate check finds nobody, the record is saved.
        page.goto(f"{live_server.url}/people/register/")
        page.fill("#id_given_name", "Ștefan")
        page.fill("#id_family_name", "Răileanu")
        page.fill("#id_birth_date", "2016-01-30")
        page.check("input[name=sex][value=M]")
        page.select_option("#id_area", label="Valea Nucilor (Bălțeni)")
        page.click("text=Check and register")
        page.wait_for_url("**/people/*/")

        # Open the case from the concern.
        page.click("text=Open a case")
        page.check("input[name=risk_level][value=medium]")
        page.select_option("#id_reporter_kind", "school")
        page.fill("#id_description", "Absent from school for two weeks.")
        page.click("text=Open the case")
        page.wait_for_url("**/cases/*/")
        case = Case.objects.get()
        assert page.locator(".clock").inner_text().count("Initial assessment") == 1

        # Initial assessment.
        page.click("text=Start: Initial assessment")
        page.fill("#id_needs", "Father works abroad; mother ill.")
        page.click("button:has-text('Save')")
        page.click("button:has-text('Complete')")
        page.wait_for_url(f"**/cases/{case.pk}/")

        # Comprehensive assessment: strengths and every protective factor scored.
        page.click("text=Start: Comprehensive assessment")
        page.fill("#id_strengths", "A caring grandmother next door.")
        for group in page.locator("fieldset.question").all():
            group.locator("input[type=radio][value='3']").check()
        page.click("button:has-text('Save')")
        page.click("button:has-text('Complete')")
        page.wait_for_url(f"**/cases/{case.pk}/")

        # The plan, with the child's and the parents' views.
        page.click("text=New plan")
        page.fill("#id_text", "Back to school every day")
        page.click("form[action$='goals/add/'] button")
        page.click("text=Add an action")
        page.fill("form[action*='actions/add'] #id_text", "Walk with the grandmother to school")
        page.fill("form[action*='actions/add'] #id_due_on", "2026-12-15")
        page.fill("form[action*='actions/add'] #id_responsible_other", "the grandmother")
        page.click("text=Add the action")
        page.fill("#id_child_view", "I want to see my friends.")
        page.fill("#id_parents_view", "Mother agrees.")
        page.click("form:has(#id_child_view) button.primary")
        page.click("text=Send for approval")
        assert "Awaiting approval" in page.content()

        # The supervisor approves from her tray.
        boss.goto(f"{live_server.url}/cases/")
        boss.click("text=Plan 1 for Ștefan Răileanu")
        boss.click("text=Approve the plan")
        assert "Approved" in boss.content()

        # A home visit, then the request for closure.
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        page.click("text=Record a visit or contact")
        page.fill("#id_notes", "Goes to school; grandmother helps.")
        page.click("button.primary")
        page.click("text=Request closure")
        page.fill("#id_summary", "Attends school; family supported.")
        page.click("button.primary")
        assert "Closure awaiting approval" in page.content()

        boss.goto(f"{live_server.url}/cases/{case.pk}/")
        boss.click("text=Approve closure")
        case.refresh_from_db()
        assert case.status == CaseStatus.CLOSED
    finally:
        worker_ctx.close()
        boss_ctx.close()
