"""Pages: the receiver sees the referral but never the case; forms; lists without per-row queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from careforce.referrals import services
from careforce.referrals.models import Referral, ReferralStatus
from tests.core.factories import OrganisationFactory
from tests.referrals.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_receiver_sees_the_referral_but_the_case_stays_404(cast, case, counselling, refer, client_for):
    r = refer(case, counselling)
    receiver = client_for("other_case_manager")
    page = receiver.get(f"/referrals/{r.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ion Ceban" in body and "Parenting stress." in body
    assert f"/cases/{case.pk}/" not in body  # no link to the case
    assert "Often absent, hungry at school." not in body  # the concern is not shared
    assert receiver.get(f"/cases/{case.pk}/").status_code == 404
    assert receiver.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert receiver.get(f"/people/{case.child_id}/").status_code == 404
    # A case manager elsewhere learns nothing.
    assert client_for("assistant").get(f"/referrals/{r.pk}/").status_code == 404


def test_receiver_accepts_and_the_case_manager_sees_it(cast, case, counselling, refer, client_for):
    r = refer(case, counselling)
    response = client_for("other_case_manager").post(
        f"/referrals/{r.pk}/answer/", {"action": "accept", "note": "Come on Monday."}
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=r.pk).status == ReferralStatus.ACCEPTED
    case_page = client_for("case_manager").get(f"/cases/{case.pk}/").content.decode()
    assert "Family counselling Florești" in case_page and "Accepted" in case_page
    detail = client_for("case_manager").get(f"/referrals/{r.pk}/").content.decode()
    assert "Come on Monday." in detail


def test_bad_answer_changes_nothing(cast, case, counselling, refer, client_for):
    r = refer(case, counselling)
    receiver = client_for("other_case_manager")
    response = receiver.post(f"/referrals/{r.pk}/answer/", {"action": "decline", "note": ""})
    assert response.status_code == 400
    assert "Say why the referral is declined." in response.content.decode()
    assert receiver.post(f"/referrals/{r.pk}/answer/", {"action": "nonsense"}).status_code == 400
    # The referring side may not accept for the receiver: 403, nothing changed.
    assert client_for("case_manager").post(f"/referrals/{r.pk}/answer/", {"action": "accept"}).status_code == 403
    assert Referral.objects.get(pk=r.pk).status == ReferralStatus.SENT


def test_refer_form(cast, case, counselling, client_for):
    cm = client_for("case_manager")
    form = cm.get(f"/referrals/new/?case={case.pk}&area=&service_type=counselling")
    assert form.status_code == 200 and "Family counselling Florești" in form.content.decode()
    assert "override_reason" not in form.content.decode()  # only supervisors override
    assert "override_reason" in client_for("supervisor").get(f"/referrals/new/?case={case.pk}").content.decode()
    bad = cm.post(f"/referrals/new/?case={case.pk}", {"service": counselling.pk, "reason": "x", "urgency": "urgent"})
    assert bad.status_code == 400 and "Record who consented" in bad.content.decode()
    assert not Referral.objects.exists()
    ok = cm.post(
        f"/referrals/new/?case={case.pk}",
        {"service": counselling.pk, "reason": "Parenting stress.", "urgency": "urgent", "consent_by": "parent",
         "consent_to": "sharing needs", "consent_on": "2026-01-06"},
    )
    r = Referral.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/referrals/{r.pk}/"
    assert r.respond_by == timezone.localdate() + timedelta(days=3)


def test_refer_form_refuses_an_inactive_service_with_a_message(cast, case, counselling, client_for):
    counselling.active = False
    counselling.save()
    bad = client_for("case_manager").post(
        f"/referrals/new/?case={case.pk}",
        {"service": counselling.pk, "reason": "x", "urgency": "routine", "consent_by": "parent",
         "consent_to": "sharing", "consent_on": "2026-01-06"},
    )
    assert bad.status_code == 400 and "no longer offered" in bad.content.decode()
    assert not Referral.objects.exists()


def test_letter_pdf_renders(cast, case, refer, client_for):
    clinic = OrganisationFactory(name="Clinic without users", area=cast.district)
    r = refer(case, ServiceFactory(organisation=clinic))
    response = client_for("case_manager").get(f"/referrals/{r.pk}/letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client_for("other_case_manager").get(f"/referrals/{r.pk}/letter.pdf").status_code == 404


def test_lists_order_overdue_first_and_have_no_per_row_queries(
    cast, case, counselling, refer, client_for, django_assert_max_num_queries, open_case, make_child
):
    today = timezone.localdate()
    old = refer(case, counselling, sent_on=today - timedelta(days=30))  # overdue
    fresh = refer(case, counselling, sent_on=today)
    for i in range(12):
        c = open_case(child=make_child(given=f"Child{i}"))
        refer(c, counselling, sent_on=today - timedelta(days=1))
    for name, url in [("other_case_manager", "/referrals/incoming/"), ("case_manager", "/referrals/outgoing/")]:
        client = client_for(name)
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        rows = list(response.context["page"])
        assert rows[0].pk == old.pk and fresh.pk in [r.pk for r in rows]
        assert len(rows) == 14
    # The receiving tray shows only what was sent to her organisation.
    assert list(client_for("supervisor").get("/referrals/incoming/").context["page"]) == []


def test_home_panel_counts_overdue_answers(cast, case, counselling, refer, client_for):
    refer(case, counselling, sent_on=date(2026, 1, 1))  # long overdue
    home = client_for("case_manager").get("/").content.decode()
    assert "referral sent without an answer past its date" in home
    receiver_home = client_for("other_case_manager").get("/").content.decode()
    assert "referral waiting for your organisation's answer" in receiver_home


def test_catalogue_filters_by_area_subtree_and_type(cast, client_for, django_assert_max_num_queries):
    ServiceFactory(organisation=cast.directorate, name="Day centre Bălțeni", service_type="day_care")
    ServiceFactory(organisation=cast.municipal, name="Parenting group", service_type="parenting")
    ServiceFactory(organisation=cast.far_directorate, name="Legal aid Cahul", service_type="legal_aid")
    ServiceFactory(organisation=cast.directorate, name="Old service", active=False)
    client = client_for("case_manager")
    with django_assert_max_num_queries(10):
        names = [s.name for s in client.get(f"/referrals/services/?area={cast.district.pk}").context["page"]]
    assert names == ["Day centre Bălțeni", "Parenting group"]
    names = [s.name for s in client.get("/referrals/services/?service_type=legal_aid").context["page"]]
    assert names == ["Legal aid Cahul"]
    assert client.get("/referrals/services/?area=abc&service_type=zzz").status_code == 200


def test_supervisor_adds_a_service(cast, client_for):
    response = client_for("supervisor").post(
        "/referrals/services/new/",
        {"organisation": cast.directorate.pk, "service_type": "day_care", "name": "Day centre", "active": "on"},
    )
    assert response.status_code == 302
    assert services.Service.objects.get().area == cast.district
    bad = client_for("supervisor").post(
        "/referrals/services/new/", {"organisation": cast.far_directorate.pk, "service_type": "day_care", "name": "x"}
    )
    assert bad.status_code == 200 and services.Service.objects.count() == 1


# --- Referring from a plan action ----------------------------------------------------------------------


def _plan_action(cast, case, text="Family counselling for the parents", organisation=None):
    from datetime import date as _date

    from careforce.cases.services import plans
    from tests.cases.conftest import complete_assessments

    complete_assessments(cast.case_manager, case, _date(2026, 1, 6), _date(2026, 1, 20))
    plan = plans.plan_create(actor=cast.case_manager, case=case)
    goal = plans.goal_add(actor=cast.case_manager, plan=plan, text="The parents cope with stress")
    return plans.action_add(actor=cast.case_manager, goal=goal, text=text, due_on=_date(2026, 3, 1),
                            responsible_organisation=organisation or cast.other_directorate)


def test_a_plan_action_for_another_institution_becomes_a_referral(cast, case, counselling, client_for):
    action = _plan_action(cast, case)
    cm = client_for("case_manager")
    page = cm.get(f"/cases/{case.pk}/").content.decode()
    assert "Plan actions for other institutions" in page and f"action={action.pk}" in page
    form = cm.get(f"/referrals/new/?case={case.pk}&action={action.pk}")
    assert form.context["form"].initial["reason"] == action.text
    ok = cm.post(
        f"/referrals/new/?case={case.pk}&action={action.pk}",
        {"service": counselling.pk, "reason": action.text, "urgency": "routine", "consent_by": "parent",
         "consent_to": "sharing needs", "consent_on": "2026-01-06"},
    )
    assert ok.status_code == 302
    assert Referral.objects.get().action == action
    # Referred: the action no longer waits on the case page.
    assert f"action={action.pk}" not in cm.get(f"/cases/{case.pk}/").content.decode()


def test_an_action_of_another_case_is_not_found(cast, case, open_case, make_child, client_for):
    other = open_case(child=make_child(given="Maria"))
    action = _plan_action(cast, other)
    response = client_for("case_manager").get(f"/referrals/new/?case={case.pk}&action={action.pk}")
    assert response.status_code == 404


def test_the_service_refuses_an_action_of_another_case(cast, case, open_case, make_child, counselling, refer):
    import pytest
    from django.core.exceptions import ValidationError

    other = open_case(child=make_child(given="Maria"))
    action = _plan_action(cast, other)
    with pytest.raises(ValidationError, match="another case's plan"):
        refer(case, counselling, action=action)
    assert not Referral.objects.exists()
