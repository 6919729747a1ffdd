"""A regional manager keeps her region's workforce register: import, correct, read the figures."""

from __future__ import annotations

from careforce.workforce.models import Worker
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

REGISTER = (
    "\ufeffPrenume;Nume;Sex;Anul nașterii;Categoria;Organizația\n"
    "Elena;Cojocaru;F;1984;Asistent social comunitar;Social assistance Valea Nucilor\n"
    "Vasile;Munteanu;M;1962;social_worker;Directorate Bălțeni\n"
).encode()
BAD = b"given_name,family_name,sex,birth_year,cadre,organisation\nIon,Ceban,X,1890,case_manager,Directorate Cahul\n"


def test_regional_manager_imports_corrects_and_reads_the_figures(transactional_db, cast, live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, "regional", PASSWORD)
        page.get_by_role("link", name="Workforce").first.click()
        page.get_by_role("link", name="Import").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Import a register"

        # A bad file: every problem named by row and column, nothing saved.
        page.set_input_files("input[type=file]", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD}])
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_selector("text=problems to correct")
        body = page.inner_text("main")
        assert "1890 is not a plausible year of birth" in body and "organisation not found in your scope" in body
        assert not Worker.objects.filter(family_name="Ceban").exists()

        # A register kept in Romanian, semicolons and all: previewed, then imported in one go.
        page.get_by_role("link", name="Import").first.click()
        page.set_input_files("input[type=file]", files=[
            {"name": "registru.csv", "mimeType": "text/csv", "buffer": REGISTER}])
        page.get_by_role("button", name="Check the file").click()
        page.get_by_role("button", name="Import 2 workers").click()
        page.wait_for_selector("text=2 workers were imported.")
        assert Worker.objects.filter(family_name__in=["Cojocaru", "Munteanu"]).count() == 2

        # She corrects a record.
        page.goto(f"{live_server.url}/workforce/workers/?cadre=social_worker")
        page.get_by_role("link", name="Vasile Munteanu").click()
        page.get_by_role("link", name="Edit").click()
        page.fill("#id_phone", "+373 69 123 456")
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector("text=The changes were saved.")
        assert Worker.objects.get(family_name="Munteanu").phone == "+373 69 123 456"

        # The indicators of her region, then one district.
        page.get_by_role("link", name="Workforce").first.click()
        page.get_by_role("link", name="Indicators").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Workforce indicators: Nord"
        page.get_by_role("link", name="Bălțeni").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Workforce indicators: Bălțeni"
        assert page.locator("svg").count() >= 1
    finally:
        context.close()
