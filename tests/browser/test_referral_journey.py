"""A referral between two organisations, in real Chromium: sent by one case manager, accepted by another."""

from __future__ import annotations

from datetime import date

from careforce.cases import services as case_services
from careforce.people.models import Person
from careforce.referrals.models import Referral, ReferralStatus
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.referrals.factories import ServiceFactory


def _as(browser, live_server, username):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, username, PASSWORD)
    return context, page


def test_referral_sent_by_one_organisation_and_accepted_by_another(transactional_db, cast, live_server, browser):
    child = Person.objects.create(
        given_name="Maria", family_name="Lungu", birth_date=date(2014, 5, 2), sex="F",
        organisation=cast.directorate, registered_by=cast.case_manager, area=cast.locality,
    )
    case = case_services.case_open(
        actor=cast.case_manager, child=child, risk_level="medium", case_type="prevention",
        reported_on=date(2026, 1, 5), reporter_kind="school", description="Parents in conflict.",
    )
    # A service of another organisation, in another district of the region.
    ServiceFactory(organisation=cast.other_directorate, name="Family mediation Florești", service_type="mediation")

    worker_ctx, page = _as(browser, live_server, "casemanager")
    receiver_ctx, receiver = _as(browser, live_server, "othercm")
    try:
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        page.get_by_role("link", name="Refer", exact=True).click()
        page.wait_for_url("**/referrals/new/?case=*")
        page.select_option("#id_area", label="Nord")
        page.select_option("#id_service_type", "mediation")
        page.click("text=Show the services")
        page.select_option("#id_service", label="Family mediation Florești · Directorate Florești (Family mediation)")
        page.fill("#id_reason", "The parents argue in front of the children every day.")
        page.select_option("#id_urgency", "urgent")
        page.select_option("#id_consent_by", "parent")
        page.fill("#id_consent_to", "Sharing Maria's name and the family's needs with the mediator.")
        page.click("text=Send the referral")
        page.wait_for_url("**/referrals/*/")
        referral = Referral.objects.get()
        assert "Sent, awaiting an answer" in page.content()

        # The receiving organisation finds it in its tray and accepts it; the case stays closed to her.
        receiver.goto(f"{live_server.url}/referrals/incoming/")
        receiver.click("text=Maria Lungu")
        receiver.wait_for_url(f"**/referrals/{referral.pk}/")
        assert "The parents argue in front of the children every day." in receiver.content()
        receiver.fill("#id_note", "First meeting next Tuesday.")
        receiver.click("button:has-text('Accept')")
        receiver.wait_for_url(f"**/referrals/{referral.pk}/")
        assert Referral.objects.get().status == ReferralStatus.ACCEPTED
        response = receiver.goto(f"{live_server.url}/cases/{case.pk}/")
        assert response.status == 404

        # The case manager sees the answer on the case page.
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        section = page.locator("section:has(#referrals-title)")
        assert "Accepted" in section.inner_text()
        section.locator("text=Family mediation Florești").click()
        assert "First meeting next Tuesday." in page.content()
    finally:
        worker_ctx.close()
        receiver_ctx.close()
