from __future__ import annotations

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def test_case_manager_signs_in_and_switches_to_romanian(transactional_db, cast, live_server, page):
    sign_in(page, live_server, "casemanager", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")

    page.get_by_role("button", name="Română").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ro"
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Bun venit"), heading
    assert page.get_by_role("link", name="Acasă").first.is_visible() or page.locator("summary").is_visible()

    # The choice stays with her account: a fresh browser shows Romanian after she signs in.
    cast.case_manager.refresh_from_db()
    assert cast.case_manager.language == "ro"


def test_pages_fit_a_phone_and_work_with_a_keyboard(transactional_db, cast, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ro-RO")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "ro"
        # Keyboard only: the username field has the focus, Tab moves on, Enter sends.
        assert page.evaluate("document.activeElement.id") == "id_username"
        page.keyboard.type("regional")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        # On every page the first Tab reaches the "skip to content" link.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        for path in ["/", "/places/", "/organisations/", "/staff/", "/account/", "/cases/", "/cases/caseloads/",
                     "/people/", "/people/register/", "/workforce/workers/", "/workforce/posts/",
                     "/workforce/workers/new/", "/workforce/posts/new/", "/workforce/supervision/",
                     "/workforce/supervision/new/", "/workforce/supervision/coverage/", "/workforce/indicators/",
                     "/workforce/import/", "/evidence/staffing/", "/evidence/staffing/new/"]:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} is {width}px wide on a 360px phone"
    finally:
        context.close()
