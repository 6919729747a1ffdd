"""The Family Support Service: records, decisions, payments, cancelling, and the totals worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careforce.cases import support_totals
from careforce.cases.models import PrimarySupport, SupportDecision, SupportPayment
from careforce.cases.sections import render_sections
from careforce.cases.services import support as svc
from careforce.core.models import AuditEntry
from careforce.people.models import Household

D = date.fromisoformat


def household(cast, area, org, by):
    return Household.objects.create(area=area, organisation=org, registered_by=by, address="")


@pytest.fixture
def support_case(cast, open_case, make_child):
    """The case manager's case of a child living in household HA, with a decision by her supervisor."""
    child = make_child()
    child.household = household(cast, cast.locality, cast.directorate, cast.case_manager)
    child.save()
    case = open_case(child=child)
    decision = svc.support_decision_record(
        actor=cast.supervisor, case=case, number="12/3", decided_on=D("2026-02-15"),
        decided_by="Commission for children in difficulty, Bălțeni",
    )
    return case, decision


def pay(actor, case, decision, amount, on, currency="MDL", **kw):
    return svc.support_payment_record(
        actor=actor, case=case, decision=decision, form=kw.pop("form", "cash"), amount=amount, currency=currency,
        paid_on=D(on), purpose=kw.pop("purpose", "Winter fuel"), **kw,
    )


# --- Bad input: a clear message, nothing changed ------------------------------------------------------------


def test_payment_without_a_decision_is_refused(cast, support_case):
    case, _decision = support_case
    with pytest.raises(ValidationError) as exc:
        pay(cast.case_manager, case, None, "1500", "2026-03-01")
    assert "decision" in exc.value.message_dict
    assert "needs the decision that granted it" in exc.value.message_dict["decision"][0]
    assert not SupportPayment.objects.exists()


def test_payment_on_another_cases_or_a_cancelled_decision_is_refused(cast, support_case, open_case, make_child):
    case, decision = support_case
    other = open_case(child=make_child(given="Ana"))
    with pytest.raises(ValidationError):
        pay(cast.case_manager, other, decision, "100", "2026-03-01")
    svc.support_cancel(actor=cast.supervisor, record=decision, reason="Wrong number typed")
    with pytest.raises(ValidationError) as exc:
        pay(cast.case_manager, case, decision, "100", "2026-03-01")
    assert "cancelled" in exc.value.message_dict["decision"][0]
    assert not SupportPayment.objects.exists()


@pytest.mark.parametrize("amount", ["-200", "0", "abc", "1e20", "NaN"])
def test_negative_zero_or_garbled_amount_is_refused(cast, support_case, amount):
    case, decision = support_case
    with pytest.raises(ValidationError) as exc:
        pay(cast.case_manager, case, decision, amount, "2026-03-01")
    assert "amount" in exc.value.message_dict
    assert not SupportPayment.objects.exists()


def test_other_bad_input_is_refused(cast, support_case):
    case, decision = support_case
    with pytest.raises(ValidationError) as exc:  # given before the decision existed
        pay(cast.case_manager, case, decision, "100", "2026-02-01")
    assert "paid_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        pay(cast.case_manager, case, decision, "100", "2026-03-01", form="in_kind")
    assert "in_kind_description" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        pay(cast.case_manager, case, decision, "100", "2026-03-01", currency="XXX")
    assert "currency" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.support_decision_record(actor=cast.supervisor, case=case, number="12/3", decided_on=D("2026-03-01"),
                                    decided_by="Commission")  # the same number twice
    assert SupportPayment.objects.count() == 0 and SupportDecision.objects.count() == 1


def test_who_may_record(cast, support_case):
    case, decision = support_case
    with pytest.raises(PermissionDenied):  # a decision is of weight: supervisors and above
        svc.support_decision_record(actor=cast.case_manager, case=case, number="1", decided_on=D("2026-03-01"),
                                    decided_by="Mayor")
    with pytest.raises(PermissionDenied):
        svc.primary_support_record(actor=cast.volunteer, case=case, kind="counselling", on=D("2026-03-01"))
    with pytest.raises(PermissionDenied):
        pay(cast.other_case_manager, case, decision, "100", "2026-03-01")
    record = svc.primary_support_record(actor=cast.case_manager, case=case, kind="mediation", on=D("2026-03-01"),
                                        duration_minutes=90)
    payment = pay(cast.case_manager, case, decision, "1500", "2026-03-01")
    assert record.household_id == case.child.household_id and payment.organisation_id == cast.directorate.pk
    assert payment.amount == Decimal("1500.00")
    summaries = list(AuditEntry.objects.values_list("summary", flat=True))
    assert any("support payment recorded" in s for s in summaries)
    assert any("primary support recorded" in s for s in summaries)
    assert any("support decision 12/3" in s for s in summaries)


def test_cancel_keeps_the_record_audits_and_leaves_totals(cast, support_case):
    case, decision = support_case
    keep = pay(cast.case_manager, case, decision, "1500", "2026-03-01")
    wrong = pay(cast.case_manager, case, decision, "15000", "2026-03-01")
    with pytest.raises(ValidationError):
        svc.support_cancel(actor=cast.case_manager, record=wrong, reason="  ")
    with pytest.raises(ValidationError):  # payments rest on it
        svc.support_cancel(actor=cast.supervisor, record=decision, reason="Wrong")
    svc.support_cancel(actor=cast.case_manager, record=wrong, reason="Typed one zero too many")
    wrong.refresh_from_db()
    assert wrong.cancelled and wrong.cancel_reason == "Typed one zero too many"
    assert support_totals.case_totals(case) == {"MDL": Decimal("1500.00")}
    assert AuditEntry.objects.filter(summary__contains="support record cancelled", object_id=str(wrong.pk)).exists()
    with pytest.raises(ValidationError):
        svc.support_cancel(actor=cast.case_manager, record=wrong, reason="again")
    assert keep.pk != wrong.pk


# --- Totals by hand --------------------------------------------------------------------------------------------


@pytest.fixture
def world(cast, open_case, make_child, support_case):
    """Four families in three districts, lei and euros, one payment cancelled, one before the period.

    HA (Bălțeni, directorate): 1,500 + 2,500.50 MDL and 100 EUR (999 MDL cancelled)
    HB (Bălțeni, directorate): 700 MDL
    HC (Florești, other directorate): 3,000 MDL
    HD (Cahul, far directorate): 4,000 MDL in the period, 800 MDL on 20 January (before it)
    """
    case_a, dec_a = support_case
    cm = cast.case_manager
    pay(cm, case_a, dec_a, "1500", "2026-03-10")
    pay(cm, case_a, dec_a, "2500.50", "2026-06-01")
    pay(cm, case_a, dec_a, "100", "2026-06-02", currency="EUR", form="in_kind", in_kind_description="Clothes")
    svc.support_cancel(actor=cm, record=pay(cm, case_a, dec_a, "999", "2026-07-01"), reason="Duplicate")
    svc.primary_support_record(actor=cm, case=case_a, kind="counselling", on=D("2026-03-01"))
    svc.support_cancel(
        actor=cm, reason="Wrong case",
        record=svc.primary_support_record(actor=cm, case=case_a, kind="mediation", on=D("2026-03-02")),
    )

    def family_case(by, area, org, given):
        child = make_child(given=given, by=by, area=area)
        child.household = household(cast, area, org, by)
        child.save()
        case = open_case(by=by, child=child)
        decision = svc.support_decision_record(actor=cast.admin, case=case, number=f"D-{given}",
                                               decided_on=D("2026-01-10"), decided_by="Mayor")
        return case, decision

    case_b, dec_b = family_case(cm, cast.locality, cast.directorate, "Maria")
    pay(cm, case_b, dec_b, "700", "2026-04-01")
    case_c, dec_c = family_case(cast.other_case_manager, cast.other_district, cast.other_directorate, "Petru")
    pay(cast.admin, case_c, dec_c, "3000", "2026-05-05")
    case_d, dec_d = family_case(cast.far_case_manager, cast.far_district, cast.far_directorate, "Dan")
    pay(cast.admin, case_d, dec_d, "4000", "2026-05-05")
    pay(cast.admin, case_d, dec_d, "800", "2026-01-20")
    return {"a": case_a, "b": case_b, "c": case_c, "d": case_d}


PERIOD = {"start": D("2026-02-01"), "end": D("2026-11-01")}


def _by_label(rows):
    return {r.label: (dict(r.amounts), r.payments) for r in rows}


def test_totals_by_area_and_currency(cast, world):
    t = support_totals.compute(area=cast.country, organisation=None, **PERIOD)
    assert t.overall.amounts == {"EUR": Decimal("100.00"), "MDL": Decimal("11700.50")}
    assert (t.overall.payments, t.overall.households, t.overall.sessions) == (6, 4, 1)
    assert t.currencies == ["EUR", "MDL"]
    assert _by_label(t.by_area) == {
        "Nord": ({"MDL": Decimal("7700.50"), "EUR": Decimal("100.00")}, 5),
        "Sud": ({"MDL": Decimal("4000.00")}, 1),
    }
    region = support_totals.compute(area=cast.region, organisation=None, **PERIOD)
    assert _by_label(region.by_area) == {
        "Bălțeni": ({"MDL": Decimal("4700.50"), "EUR": Decimal("100.00")}, 4),
        "Florești": ({"MDL": Decimal("3000.00")}, 1),
    }
    assert {r.label: r.sessions for r in region.by_area} == {"Bălțeni": 1, "Florești": 0}
    # The whole year: the January payment counts too.
    year = support_totals.compute(area=cast.far_district, organisation=None, start=D("2026-01-01"),
                                  end=D("2026-12-31"))
    assert year.overall.amounts == {"MDL": Decimal("4800.00")}


def test_totals_by_organisation_and_family(cast, world):
    t = support_totals.compute(area=cast.country, organisation=None, **PERIOD)
    assert _by_label(t.by_organisation) == {
        "Directorate Bălțeni": ({"MDL": Decimal("4700.50"), "EUR": Decimal("100.00")}, 4),
        "Directorate Florești": ({"MDL": Decimal("3000.00")}, 1),
        "Directorate Cahul": ({"MDL": Decimal("4000.00")}, 1),
    }
    assert {r.label: r.households for r in t.by_organisation}["Directorate Bălțeni"] == 2
    families = support_totals.household_totals(area=cast.country, organisation=None, **PERIOD)
    ha = world["a"].child.household_id
    assert families[0].key == ha  # the most supported family first
    assert families[0].amounts == {"MDL": Decimal("4000.50"), "EUR": Decimal("100.00")}
    assert families[0].payments == 3
    assert sum(r.amounts.get("MDL", 0) for r in families) == Decimal("11700.50")
    assert len(families) == 4
    # The page reads one page of families from the database, in the same order, with the same figures.
    ranked = support_totals.household_ranking(area=cast.country, organisation=None, **PERIOD)
    assert ranked.count() == 4
    page = support_totals.household_rows(ranked[:2], area=cast.country, organisation=None, **PERIOD)
    assert [(r.key, r.amounts, r.payments, r.label) for r in page] == [
        (r.key, r.amounts, r.payments, r.label) for r in families[:2]]
    # A supervisor's organisation only.
    own = support_totals.compute(area=cast.country, organisation=cast.directorate, **PERIOD)
    assert own.overall.amounts == {"MDL": Decimal("4700.50"), "EUR": Decimal("100.00")}
    assert own.overall.households == 2


def test_totals_take_a_fixed_number_of_queries(cast, world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        support_totals.compute(area=cast.country, organisation=None, **PERIOD)
        support_totals.household_totals(area=cast.country, organisation=None, **PERIOD)
    case, decision = world["a"], SupportDecision.objects.get(number="12/3")
    for day in range(1, 25):
        pay(cast.case_manager, case, decision, "10", f"2026-08-{day:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        support_totals.compute(area=cast.country, organisation=None, **PERIOD)
        support_totals.household_totals(area=cast.country, organisation=None, **PERIOD)
    assert len(few.captured_queries) <= 8


# --- Pages and the API ---------------------------------------------------------------------------------------


def test_case_page_shows_the_support_section(cast, client_for, world):
    case = world["a"]
    html = client_for("case_manager").get(f"/cases/{case.pk}/").content.decode()
    assert "Family support" in html and "4,000.50" in html and f"/cases/{case.pk}/support/" in html
    # Volunteers see the case but not the family's support.
    case.volunteers.add(cast.volunteer)
    html = client_for("volunteer").get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/support/" not in html


def test_support_page_records_and_refuses(cast, client_for, support_case, django_assert_max_num_queries):
    case, decision = support_case
    client = client_for("case_manager")
    url = f"/cases/{case.pk}/support/"
    response = client.post(url, {"record_kind": "payment", "form": "cash", "amount": "1500", "currency": "MDL",
                                 "paid_on": "2026-03-01", "purpose": "Fuel", "decision": ""})
    assert response.status_code == 400
    assert "needs the decision that granted it" in response.content.decode()
    response = client.post(url, {"record_kind": "payment", "form": "cash", "amount": "-5", "currency": "MDL",
                                 "paid_on": "2026-03-01", "purpose": "Fuel", "decision": decision.pk})
    assert response.status_code == 400 and not SupportPayment.objects.exists()
    response = client.post(url, {"record_kind": "payment", "form": "cash", "amount": "1500", "currency": "MDL",
                                 "paid_on": "2026-03-01", "purpose": "Fuel", "decision": decision.pk})
    assert response.status_code == 302 and SupportPayment.objects.get().amount == Decimal("1500.00")
    response = client.post(url, {"record_kind": "primary", "kind": "counselling", "on": "2026-03-02",
                                 "duration_minutes": "45"})
    assert response.status_code == 302 and PrimarySupport.objects.count() == 1
    # The case manager may not record the decision itself.
    response = client.post(url, {"record_kind": "decision", "number": "9", "decided_on": "2026-03-01",
                                 "decided_by": "Mayor"})
    assert response.status_code == 403
    payment = SupportPayment.objects.get()
    response = client.post(url, {"record_kind": "cancel", "record": f"payment-{payment.pk}", "reason": "Error"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.cancelled
    for day in range(3, 20):
        svc.primary_support_record(actor=cast.case_manager, case=case, kind="counselling", on=D(f"2026-03-{day:02d}"))
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_totals_page_export_and_queries(cast, client_for, world, django_assert_max_num_queries):
    client = client_for("admin")
    with django_assert_max_num_queries(30):
        response = client.get("/cases/support/totals/?start=2026-02-01&end=2026-11-01")
    html = response.content.decode()
    assert response.status_code == 200 and "11,700.50" in html and "<svg" in html
    csv = client.get("/cases/support/totals/?start=2026-02-01&end=2026-11-01&format=csv").content.decode("utf-8-sig")
    assert "Nord" in csv and "7700.50" in csv
    xlsx = client.get("/cases/support/totals/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The analyst reads aggregates, never a family.
    html = client_for("analyst").get("/cases/support/totals/?start=2026-02-01&end=2026-11-01").content.decode()
    assert "11,700.50" in html and "By family" not in html
    # The supervisor reads her organisation; a bad filter is reported, never a 500.
    html = client_for("supervisor").get("/cases/support/totals/?start=2026-02-01&end=2026-11-01").content.decode()
    assert "4,700.50" in html and "11,700.50" not in html
    assert client_for("supervisor").get("/cases/support/totals/?start=nonsense&area=abc").status_code == 200


def test_totals_filter_offers_only_the_organisations_that_recorded_support(cast, client_for, world, open_case,
                                                                           make_child):
    import re

    def offered(persona):
        html = client_for(persona).get("/cases/support/totals/").content.decode()
        select = re.search(r'<select name="organisation".*?</select>', html, re.S).group(0)
        return set(re.findall(r"<option value=\"\d+\">([^<]+)</option>", select))

    # Payments in three directorates; the agency, the regional directorate and the training centre recorded none.
    assert offered("admin") == {"Directorate Bălțeni", "Directorate Florești", "Directorate Cahul"}
    # Primary support alone is enough (the village's social assistance counselled a family).
    case = open_case(by=cast.assistant, child=make_child(given="Vera", by=cast.assistant))
    svc.primary_support_record(actor=cast.assistant, case=case, kind="counselling", on=D("2026-03-01"))
    assert "Social assistance Valea Nucilor" in offered("admin")
    assert offered("regional") == {"Directorate Bălțeni", "Directorate Florești", "Social assistance Valea Nucilor"}


def test_api(cast, client_for, support_case):
    case, decision = support_case
    client = client_for("case_manager")
    base = f"/api/v1/cases/{case.pk}/support"
    body = {"amount": "1500", "currency": "MDL", "paid_on": "2026-03-01", "purpose": "Fuel"}
    response = client.post(f"{base}/payments", body, content_type="application/json")
    assert response.status_code == 400 and "decision" in response.json()["errors"]
    response = client.post(f"{base}/payments", {**body, "decision": decision.pk, "amount": "-1"},
                           content_type="application/json")
    assert response.status_code == 400 and "amount" in response.json()["errors"]
    response = client.post(f"{base}/payments", {**body, "decision": decision.pk}, content_type="application/json")
    assert response.status_code == 201
    response = client.post(f"{base}/primary", {"kind": "mediation", "on": "2026-03-02"},
                           content_type="application/json")
    assert response.status_code == 201
    data = client.get(base).json()
    assert data["totals"] == {"MDL": "1500.00"} and len(data["primary"]) == 1 and data["payments"][0]["decision_id"]
    assert client_for("other_case_manager").get(base).status_code == 404
    assert client_for("supervisor").post(f"{base}/primary", {"kind": "x", "on": "2026-03-02"},
                                         content_type="application/json").status_code == 422


def test_api_records_a_decision_through_the_service(cast, client_for, support_case):
    case, _decision = support_case
    url = f"/api/v1/cases/{case.pk}/support/decisions"
    body = {"number": " 14/7 ", "decided_on": "2026-03-01", "decided_by": "Commission for children",
            "notes": "Winter fuel, 3 months"}
    response = client_for("supervisor").post(url, body, content_type="application/json")
    assert response.status_code == 201
    decision = SupportDecision.objects.get(pk=response.json()["id"])
    assert (decision.case_id, decision.number, decision.recorded_by) == (case.pk, "14/7", cast.supervisor)
    assert decision.household_id == case.child.household_id and decision.organisation_id == cast.directorate.pk
    assert AuditEntry.objects.filter(summary=f"support decision 14/7 recorded on case {case.pk}",
                                     actor=cast.supervisor).exists()
    # The case manager pays on it through the API; the decision reads back with what was granted.
    response = client_for("case_manager").post(
        f"/api/v1/cases/{case.pk}/support/payments",
        {"decision": decision.pk, "amount": "900", "currency": "MDL", "paid_on": "2026-03-02", "purpose": "Fuel"},
        content_type="application/json",
    )
    assert response.status_code == 201
    support = client_for("case_manager").get(f"/api/v1/cases/{case.pk}/support").json()
    read = {d["id"]: d for d in support["decisions"]}
    assert read[decision.pk]["notes"] == "Winter fuel, 3 months" and read[decision.pk]["cancelled"] is False


def test_api_decision_bad_input_answers_4xx_with_the_reason(cast, client_for, support_case):
    case, _decision = support_case
    url = f"/api/v1/cases/{case.pk}/support/decisions"
    client = client_for("supervisor")
    good = {"number": "15", "decided_on": "2026-03-01", "decided_by": "Mayor"}
    response = client.post(url, {"decided_on": "2026-03-01"}, content_type="application/json")  # fields missing
    assert response.status_code == 422
    assert {"number", "decided_by"} <= {e["loc"][-1] for e in response.json()["errors"]}
    for field, value in [("decided_on", "nonsense"), ("number", "x" * 41), ("decided_by", "y" * 151),
                         ("notes", "z" * 301)]:
        response = client.post(url, {**good, field: value}, content_type="application/json")
        assert response.status_code == 422, field
        assert field in {e["loc"][-1] for e in response.json()["errors"]}
    response = client.post(url, {**good, "number": "  ", "decided_by": " "}, content_type="application/json")
    assert response.status_code == 400 and {"number", "decided_by"} <= set(response.json()["errors"])
    response = client.post(url, {**good, "decided_on": "2999-01-01"}, content_type="application/json")
    assert response.status_code == 400 and "in the future" in response.json()["errors"]["decided_on"][0]
    response = client.post(url, {**good, "number": "12/3"}, content_type="application/json")  # already used
    assert response.status_code == 400 and "already has a decision" in response.json()["errors"]["number"][0]
    response = client.post(url, "not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    # A case manager may not decide; nobody records a decision on a case outside what she sees.
    response = client_for("case_manager").post(url, good, content_type="application/json")
    assert response.status_code == 403 and "supervisor or a manager" in response.json()["detail"]
    assert client_for("other_case_manager").post(url, good, content_type="application/json").status_code == 404
    assert client.post("/api/v1/cases/999999/support/decisions", good,
                       content_type="application/json").status_code == 404
    assert SupportDecision.objects.filter(case=case).count() == 1


def test_api_cancels_through_the_service(cast, client_for, support_case):
    case, decision = support_case
    base = f"/api/v1/cases/{case.pk}/support"
    payment = pay(cast.case_manager, case, decision, "1500", "2026-03-01")
    primary = svc.primary_support_record(actor=cast.case_manager, case=case, kind="counselling",
                                         on=D("2026-03-01"))
    cm, sup = client_for("case_manager"), client_for("supervisor")
    # A reason is required; payments rest on the decision; a case manager cancels no decision.
    assert cm.post(f"{base}/payments/{payment.pk}/cancel", {}, content_type="application/json").status_code == 422
    response = cm.post(f"{base}/payments/{payment.pk}/cancel", {"reason": "  "}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = sup.post(f"{base}/decisions/{decision.pk}/cancel", {"reason": "Wrong"},
                        content_type="application/json")
    assert response.status_code == 400 and "cancel them first" in response.json()["errors"]["__all__"][0]
    response = cm.post(f"{base}/decisions/{decision.pk}/cancel", {"reason": "Wrong"},
                       content_type="application/json")
    assert response.status_code == 403
    # The payment, then the decision: kept, marked, audited, out of the totals.
    response = cm.post(f"{base}/payments/{payment.pk}/cancel", {"reason": "Typed twice"},
                       content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"id": payment.pk, "cancelled": True, "cancel_reason": "Typed twice"}
    payment.refresh_from_db()
    assert payment.cancelled and payment.cancelled_by == cast.case_manager
    assert support_totals.case_totals(case) == {}
    response = cm.post(f"{base}/payments/{payment.pk}/cancel", {"reason": "again"},
                       content_type="application/json")
    assert response.status_code == 400 and "already cancelled" in response.json()["errors"]["__all__"][0]
    response = sup.post(f"{base}/decisions/{decision.pk}/cancel", {"reason": "Wrong number"},
                        content_type="application/json")
    assert response.status_code == 200 and SupportDecision.objects.get(pk=decision.pk).cancelled
    assert cm.post(f"{base}/primary/{primary.pk}/cancel", {"reason": "Wrong case"},
                   content_type="application/json").status_code == 200
    assert AuditEntry.objects.filter(summary__contains="support record cancelled").count() == 3
    # A payment on the cancelled decision is refused, and so is one on a decision that does not exist.
    body = {"amount": "100", "currency": "MDL", "paid_on": "2026-03-05", "purpose": "Fuel"}
    response = cm.post(f"{base}/payments", {**body, "decision": decision.pk}, content_type="application/json")
    assert response.status_code == 400 and "cancelled" in response.json()["errors"]["decision"][0]
    response = cm.post(f"{base}/payments", {**body, "decision": 999999}, content_type="application/json")
    assert response.status_code == 400 and "needs the decision" in response.json()["errors"]["decision"][0]
    assert not SupportPayment.objects.filter(cancelled_at__isnull=True).exists()


def test_api_cancel_finds_only_the_records_of_that_case(cast, client_for, support_case, open_case, make_child):
    case, decision = support_case
    other = open_case(child=make_child(given="Ana"))
    payment = pay(cast.case_manager, case, decision, "1500", "2026-03-01")
    client = client_for("case_manager")
    # The record of another case (that she also works) through this case's address: not found, not cancelled.
    response = client.post(f"/api/v1/cases/{other.pk}/support/payments/{payment.pk}/cancel", {"reason": "x"},
                           content_type="application/json")
    assert response.status_code == 404
    # A payment's id given as a primary support record's: not found either.
    response = client.post(f"/api/v1/cases/{case.pk}/support/primary/{payment.pk}/cancel", {"reason": "x"},
                           content_type="application/json")
    assert response.status_code == 404
    payment.refresh_from_db()
    assert not payment.cancelled


def test_section_is_left_out_for_volunteers(cast, rf, support_case):
    case, _decision = support_case
    request = rf.get("/")
    request.user = cast.volunteer
    assert not any("Family support" in html for html in render_sections(request, case))


# --- The demo country ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_country_has_family_support():
    from careforce.cases.models import Case
    from careforce.demo.generator import build_country, reset_country

    build_country("demo", progress=False)
    payments = SupportPayment.objects.all()
    assert payments.exists() and PrimarySupport.objects.exists()
    assert set(payments.values_list("case__case_type", flat=True)) == {"prevention"}
    assert set(payments.values_list("currency", flat=True)) <= {"MDL", "EUR"}
    # Every payment rests on a decision of its own case, on or after the decision's date.
    for p in payments.select_related("decision"):
        assert p.decision.case_id == p.case_id and p.paid_on >= p.decision.decided_on and p.amount > 0
    supported = payments.values("case").distinct().count()
    assert 0 < supported < Case.objects.filter(case_type="prevention").count()
    reset_country()
    assert not SupportPayment.objects.exists() and not SupportDecision.objects.exists()
