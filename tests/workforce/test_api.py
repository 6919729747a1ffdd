"""POST /api/v1/workforce/wisn: the documented shape, the refusals with field paths, who may call it."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client

from careforce.core.services import api_token_create

URL = "/api/v1/workforce/wisn"

# Example 1 of test_wisn.py, as JSON: AWT = (260 − 10 − 20 − 5 − 5) × 8 = 1760 h; home visits 2 h →
# 880/yr, 1,320 → 1.5; initial assessments 4 h → 440/yr, 220 → 0.5; comprehensive 8 h → 220/yr,
# 165 → 0.75; reviews 1 h → 1760/yr, 440 → 0.25; A = 3.0; CAS 20% → CAF 1.25; 264 h → IAF 0.15;
# required = 3.0 × 1.25 + 0.15 = 3.9; existing 3 → difference −0.9, ratio 10/13.
BODY = {
    "working_days": 260,
    "public_holidays": 10,
    "annual_leave_days": 20,
    "sick_leave_days": 5,
    "other_leave_days": 5,
    "hours_per_day": 8,
    "activities": [
        {"name": "Home visit", "standard_hours": 2, "annual_volume": 1320},
        {"name": "Initial assessment", "standard_hours": 4, "annual_volume": 220},
        {"name": "Comprehensive assessment", "standard_hours": 8, "annual_volume": 165},
        {"name": "Case review", "standard_hours": 1, "annual_volume": 440},
    ],
    "category_allowances": [
        {"name": "Recording", "percent": 15},
        {"name": "Team meetings", "percent": 5},
    ],
    "individual_allowances": [
        {"name": "Supervising", "hours_per_year": 176},
        {"name": "Training others", "hours_per_year": 88},
    ],
    "existing_staff": 3,
}


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def changed(path: str, value) -> dict:
    """BODY with one value replaced; path like "activities.2.standard_hours"."""
    body = copy.deepcopy(BODY)
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    node[int(last) if last.isdigit() else last] = value
    return body


def test_answers_the_documented_shape_with_the_hand_worked_numbers(cast, client_for):
    response = post(client_for("case_manager"), BODY)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "available_working_time_hours",
        "activities",
        "category_allowance_factor",
        "individual_allowance_factor",
        "required_staff",
        "existing_staff",
        "wisn_difference",
        "wisn_ratio",
    }
    assert body["available_working_time_hours"] == pytest.approx(1760)
    assert [set(a) for a in body["activities"]] == [{"name", "standard_workload", "staff_needed"}] * 4
    assert [a["name"] for a in body["activities"]] == [a["name"] for a in BODY["activities"]]
    assert [a["standard_workload"] for a in body["activities"]] == pytest.approx([880, 440, 220, 1760])
    assert [a["staff_needed"] for a in body["activities"]] == pytest.approx([1.5, 0.5, 0.75, 0.25])
    assert body["category_allowance_factor"] == pytest.approx(1.25)
    assert body["individual_allowance_factor"] == pytest.approx(0.15)
    assert body["required_staff"] == pytest.approx(3.9)
    assert body["existing_staff"] == 3
    assert body["wisn_difference"] == pytest.approx(-0.9)
    # Unrounded: 10/13 = 0.769230769…, not 0.77.
    assert body["wisn_ratio"] == pytest.approx(10 / 13, rel=1e-12)


def test_no_workload_answers_a_null_ratio(cast, client_for):
    body = {
        **BODY,
        "activities": [{"name": "Home visit", "standard_hours": 2, "annual_volume": 0}],
        "individual_allowances": [],
    }
    response = post(client_for("case_manager"), body)
    assert response.status_code == 200
    assert response.json()["required_staff"] == 0 and response.json()["wisn_ratio"] is None


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("working_days", 40, "working_days"),  # leave 10 + 20 + 5 + 5 = 40 = working days
        ("working_days", 0, "working_days"),
        ("working_days", 367, "working_days"),
        ("public_holidays", -1, "public_holidays"),
        ("annual_leave_days", -1, "annual_leave_days"),
        ("sick_leave_days", -1, "sick_leave_days"),
        ("other_leave_days", -1, "other_leave_days"),
        ("hours_per_day", 0, "hours_per_day"),
        ("hours_per_day", 25, "hours_per_day"),
        ("activities", [], "activities"),
        ("activities.2.standard_hours", 0, "activities[2].standard_hours"),
        ("activities.2.standard_hours", -8, "activities[2].standard_hours"),
        ("activities.1.annual_volume", -220, "activities[1].annual_volume"),
        ("activities.0.name", "   ", "activities[0].name"),
        ("category_allowances.1.percent", 85, "category_allowances"),  # 15 + 85 = 100%
        ("category_allowances.1.percent", -5, "category_allowances[1].percent"),
        ("individual_allowances.0.hours_per_year", -176, "individual_allowances[0].hours_per_year"),
        ("existing_staff", -1, "existing_staff"),
    ],
)
def test_bad_values_answer_400_naming_the_field(cast, client_for, path, value, field):
    response = post(client_for("case_manager"), changed(path, value))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and list(body["errors"]) == [field]
    assert isinstance(body["errors"][field], str) and body["errors"][field]


def test_the_messages_say_what_is_wrong(cast, client_for):
    client = client_for("case_manager")
    errors = post(client, changed("working_days", 40)).json()["errors"]
    assert "leave" in errors["working_days"].lower()
    errors = post(client, changed("activities.2.standard_hours", 0)).json()["errors"]
    assert errors["activities[2].standard_hours"] == "An activity standard must be more than zero hours."


def test_not_a_number_is_400_not_500(cast, client_for):
    # Python's JSON parser accepts NaN and Infinity; the calculation must refuse them, and the answer
    # must never carry them (they are not JSON).
    raw = json.dumps(BODY).replace('"hours_per_day": 8', '"hours_per_day": NaN')
    raw = raw.replace('"annual_volume": 1320', '"annual_volume": Infinity')
    response = client_for("case_manager").post(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"hours_per_day", "activities[0].annual_volume"}
    huge = changed("activities.0.standard_hours", 1e300)
    huge["activities"][0]["annual_volume"] = 1e300
    response = post(client_for("case_manager"), huge)
    assert response.status_code == 400 and "__all__" in response.json()["errors"]


@pytest.mark.parametrize(
    "body",
    [
        changed("working_days", "two hundred"),
        changed("activities.0.standard_hours", None),
        changed("activities.0.name", ""),
        {k: v for k, v in BODY.items() if k != "existing_staff"},
        changed("activities", "Home visit"),
        "not json at all",
    ],
)
def test_schema_errors_are_4xx_never_500(cast, client_for, body):
    client = client_for("case_manager")
    if isinstance(body, str):
        response = client.post(URL, body, content_type="application/json")
    else:
        response = post(client, body)
    assert response.status_code in (400, 422) and "detail" in response.json()


def test_lists_are_bounded(cast, client_for):
    client = client_for("case_manager")
    many = [{"name": f"Activity {i}", "standard_hours": 1, "annual_volume": 1} for i in range(201)]
    assert post(client, {**BODY, "activities": many}).status_code == 422
    assert post(client, {**BODY, "activities": many[:200]}).status_code == 200
    allowances = [{"name": "Recording", "percent": 0.1}] * 201
    assert post(client, {**BODY, "category_allowances": allowances}).status_code == 422
    hours = [{"name": "Supervising", "hours_per_year": 1}] * 201
    assert post(client, {**BODY, "individual_allowances": hours}).status_code == 422


def test_anonymous_is_refused(cast):
    response = post(Client(), BODY)
    assert response.status_code == 401 and "detail" in response.json()


def test_a_personal_token_is_enough(cast):
    _, key = api_token_create(actor=cast.case_manager, name="staffing plan")
    response = post(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), BODY)
    assert response.status_code == 200
    assert response.json()["required_staff"] == pytest.approx(3.9)
    assert post(Client(HTTP_AUTHORIZATION="Bearer cf_not-a-token"), BODY).status_code == 401


def test_session_writes_need_the_csrf_header(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.case_manager)
    assert post(browser, BODY).status_code == 403
    browser.get("/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(URL, BODY, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_only_post_is_allowed(cast, client_for):
    assert client_for("case_manager").get(URL).status_code == 405


# --- The registry and the indicators -----------------------------------------------------------------


def _registry_rows(cast):
    import datetime as dt

    from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

    held = PostFactory(organisation=cast.directorate, title="Held")
    PostFactory(organisation=cast.directorate, title="Vacant")
    worker = WorkerFactory(organisation=cast.directorate, user=cast.case_manager, given_name="Maria")
    AssignmentFactory(worker=worker, post=held, start=dt.date(2022, 1, 1))
    far = WorkerFactory(organisation=cast.far_directorate)
    return worker, far


def test_workers_api_lists_only_the_scope(cast, client_for, django_assert_max_num_queries):
    worker, far = _registry_rows(cast)
    client = client_for("supervisor")
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/workforce/workers").json()
    ids = [w["id"] for w in body["items"]]
    assert worker.pk in ids and far.pk not in ids
    maria = next(w for w in body["items"] if w["id"] == worker.pk)
    assert maria["current_assignments"][0]["post_title"] == "Held"
    assert client.get(f"/api/v1/workforce/workers/{far.pk}").status_code == 404
    assert client.get(f"/api/v1/workforce/workers/{worker.pk}").json()["given_name"] == "Maria"
    assert client.get("/api/v1/workforce/workers?cadre=wizard").status_code == 422
    assert client_for("analyst").get("/api/v1/workforce/workers").status_code == 403


def test_posts_api_shows_vacancies(cast, client_for):
    _registry_rows(cast)
    body = client_for("supervisor").get("/api/v1/workforce/posts?vacant=true").json()
    assert [p["title"] for p in body["items"]] == ["Vacant"]
    assert client_for("case_manager").get("/api/v1/workforce/posts").status_code == 403


def test_indicators_api(cast, client_for):
    _registry_rows(cast)
    client = client_for("analyst")
    body = client.get(f"/api/v1/workforce/indicators?area={cast.district.pk}&on=2026-06-30").json()
    first = body["rows"][0]
    assert first["area"] == cast.district.pk and first["cadre"] is None and first["headcount"] == 1
    assert first["per_100k_children"] == 100_000 / 2500
    assert first["vacancy_rate"] == 0.5
    assert client.get("/api/v1/workforce/indicators?on=2026-06-30&period_from=2026-07-01").status_code == 400
    regional = client_for("regional")
    assert regional.get(f"/api/v1/workforce/indicators?area={cast.far_district.pk}").status_code == 403
    assert regional.get("/api/v1/workforce/indicators?area=999999").status_code == 404
    assert client_for("supervisor").get("/api/v1/workforce/indicators").status_code == 403
