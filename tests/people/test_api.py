from __future__ import annotations

from careforce.people.models import Person

BODY = {"given_name": "Ion", "family_name": "Ceban", "birth_date": "2015-03-12", "sex": "M"}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_create_then_conflict_then_force(cast, client_for, child):
    client = client_for("case_manager")
    response = post(client, "/api/v1/people", {**BODY, "given_name": "Ион", "family_name": "Чебан"})
    assert response.status_code == 409
    body = response.json()
    assert body["candidates"][0]["id"] == child.pk and body["candidates"][0]["level"] == "likely"
    response = post(
        client, "/api/v1/people", {**BODY, "given_name": "Ион", "family_name": "Чебан", "force": True}
    )
    assert response.status_code == 201 and Person.objects.filter(pk=response.json()["id"]).exists()


def test_match_answers_the_documented_shape(cast, client_for, child, twin):
    response = post(client_for("supervisor"), "/api/v1/people/match", {**BODY, "birth_date": "2015-12-03"})
    candidates = response.json()["candidates"]
    assert candidates[0]["id"] == child.pk
    assert set(candidates[0]) >= {"id", "score", "level", "matched_on"}
    assert 0 <= candidates[0]["score"] <= 1 and "day_month_swapped" in candidates[0]["matched_on"]
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)


def test_bad_input_is_a_4xx_with_a_reason(cast, client_for):
    client = client_for("case_manager")
    for body in [
        {**BODY, "birth_date": "2015-13-45"},
        {**BODY, "sex": "X"},
        {"given_name": "Ion"},
        {**BODY, "area": 999999},
    ]:
        response = post(client, "/api/v1/people", body)
        assert 400 <= response.status_code < 500 and "detail" in response.json(), body
    response = post(client, "/api/v1/people", {**BODY, "birth_date": "2999-01-01"})
    assert response.status_code == 400 and "future" in str(response.json())
    assert not Person.objects.exists()


def test_session_writes_need_the_csrf_header(cast, client):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.case_manager)
    assert post(browser, "/api/v1/people/match", BODY).status_code == 403
    browser.get("/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/people/match", BODY, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_sensitive_field_hidden_from_volunteers_in_the_api(cast, client_for):
    person = Person.objects.create(
        given_name="Dorin",
        family_name="Lungu",
        birth_date="2014-01-01",
        sex="M",
        health_notes="epilepsy",
        organisation=cast.municipal,
        registered_by=cast.volunteer,
        area=cast.locality,
    )
    seen = client_for("volunteer").get(f"/api/v1/people/{person.pk}").json()
    assert "health_notes" not in seen and seen["given_name"] == "Dorin"
    assert client_for("admin").get(f"/api/v1/people/{person.pk}").json()["health_notes"] == "epilepsy"
    listed = client_for("volunteer").get("/api/v1/people").json()["items"]
    assert listed and "health_notes" not in listed[0]
