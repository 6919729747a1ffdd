from __future__ import annotations

from django.utils import timezone

from careforce.cases.models import Case, Contact

TODAY = timezone.localdate().isoformat()


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_tray_and_case_through_the_door(cast, client_for, case):
    items = client_for("case_manager").get("/api/v1/cases").json()["items"]
    assert [c["id"] for c in items] == [case.pk] and items[0]["next_due_step"] == "initial-assessment"
    assert client_for("other_case_manager").get("/api/v1/cases").json()["count"] == 0
    assert client_for("other_case_manager").get(f"/api/v1/cases/{case.pk}").status_code == 404
    detail = client_for("supervisor").get(f"/api/v1/cases/{case.pk}").json()
    assert detail["deadlines"][0]["step"] == "initial-assessment"
    assert client_for("analyst").get("/api/v1/cases").status_code == 403


def test_open_and_record_contact(cast, client_for, make_child):
    child = make_child()
    client = client_for("case_manager")
    body = {
        "child": child.pk,
        "risk_level": "high",
        "reported_on": TODAY,
        "reporter_kind": "police",
        "description": "Left alone.",
    }
    response = post(client, "/api/v1/cases", body)
    assert response.status_code == 201
    case_id = response.json()["id"]
    again = post(client, "/api/v1/cases", body)
    assert again.status_code == 400 and "open case" in str(again.json())
    contact = post(
        client, f"/api/v1/cases/{case_id}/contacts", {"kind": "home_visit", "on": TODAY, "notes": "Ok."}
    )
    assert contact.status_code == 201 and Contact.objects.count() == 1
    bad = post(
        client, f"/api/v1/cases/{case_id}/contacts", {"kind": "home_visit", "on": "2001-01-01", "notes": "x"}
    )
    assert bad.status_code == 400 and Contact.objects.count() == 1
    assert post(client, "/api/v1/cases", {**body, "risk_level": "extreme"}).status_code == 422
    assert Case.objects.count() == 1
