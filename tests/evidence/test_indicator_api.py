"""Indicator values through the API on small known data: every figure below is worked out by hand.

Children in residential care on 31 December 2025: seven in Bălțeni (region Nord; five girls, two boys) and two
girls in Cahul (region Sud). Published figures hide counts of 1 to 4 children, then the next smallest value
wherever a hidden one could be worked out from a total (evidence/indicators/privacy.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from careforce.core.services import api_token_create
from careforce.evidence.indicators import REGISTRY
from careforce.people.models import Person
from careforce.placements.models import SettingKind
from careforce.workforce.models import Sex
from tests.placements.factories import make_institution, setting
from tests.workforce.factories import AssignmentFactory, WorkerFactory

URL = "/api/v1/indicators/{code}/values"


def make_child(cast, sex: str, area, n: int) -> Person:
    return Person.objects.create(
        given_name=f"Copil{n}", family_name="Test", birth_date=dt.date(2014, 3, 12), sex=sex,
        organisation=cast.directorate, registered_by=cast.case_manager, area=area,
    )


def place_children(cast):
    home = make_institution(cast.district)
    placed = [("F", cast.locality)] * 5 + [("M", cast.locality)] * 2 + [("F", cast.far_district)] * 2
    for n, (sex, area) in enumerate(placed):
        setting(make_child(cast, sex, area, n), SettingKind.RESIDENTIAL, dt.date(2024, 5, 1), by=cast.case_manager,
                institution=home)
    # Left in June 2025: not in care on the period's last day, counted nowhere.
    setting(make_child(cast, "F", cast.locality, 99), SettingKind.RESIDENTIAL, dt.date(2024, 5, 1), dt.date(2025, 6, 1),
            by=cast.case_manager, institution=home)
    return cast


@pytest.fixture
def residential(cast):
    return place_children(cast)


def _cells(body) -> dict[tuple[str, str], tuple]:
    return {(v["area"]["code"], v["column"]): (v["value"], v["suppressed"]) for v in body["values"]}


def test_country_total_hides_the_small_region_and_the_one_it_could_be_worked_out_from(residential, client_for):
    response = client_for("admin").get(URL.format(code="children_in_residential_care") + "?period=2025")
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"] == "children_in_residential_care" and body["period"] == "2025" and body["by"] is None
    assert body["area"] == {"id": residential.country.pk, "code": "DM", "name": "Republica Demo", "level": 0}
    assert body["columns"] == [{"key": "total", "label": "Total"}]
    # Sud's 2 is too few, and with Nord's 7 shown it would be 9 − 7: Nord is hidden too.
    assert _cells(body) == {
        ("DM", "total"): (9, False), ("DM-N", "total"): (None, True), ("DM-S", "total"): (None, True),
    }
    hidden = [v for v in body["values"] if v["suppressed"]]
    assert all(v["numerator"] is None and v["denominator"] is None for v in hidden)
    assert body["suppressed"] is True
    assert "fewer than 5 children" in body["note"] and "Nord: Total" in body["note"] and "Sud: Total" in body["note"]
    assert body["computed_at"] is not None  # read from the figures store


def test_by_sex_hides_every_value_a_small_one_could_be_recovered_from(residential, client_for):
    body = client_for("analyst").get(
        URL.format(code="children_in_residential_care") + "?period=2025&by=sex"
    ).json()
    assert body["by"] == "sex"
    assert body["columns"] == [{"key": "F", "label": "Female"}, {"key": "M", "label": "Male"},
                               {"key": "total", "label": "Total"}]
    # Computed: DM F7 M2 T9; Nord F5 M2 T7; Sud F2 M0 T2. The boys' 2 hide the girls beside them; Sud's 2 hide
    # Nord's total in the column; Sud's zero boys stay (a zero tells nothing about any child).
    assert _cells(body) == {
        ("DM", "F"): (None, True), ("DM", "M"): (None, True), ("DM", "total"): (9, False),
        ("DM-N", "F"): (None, True), ("DM-N", "M"): (None, True), ("DM-N", "total"): (None, True),
        ("DM-S", "F"): (None, True), ("DM-S", "M"): (0, False), ("DM-S", "total"): (None, True),
    }
    assert "Nord: Female, Male, Total" in body["note"]


def test_regional_manager_reads_her_region_as_the_country_publishes_it(residential, client_for):
    body = client_for("regional").get(URL.format(code="children_in_residential_care") + "?period=2025").json()
    assert body["area"]["code"] == "DM-N"
    # Nord's 7 is not small, but the country's table hides it beside Sud's 2 (else 9 − 7 tells Sud's): her
    # region's table hides it too, and Bălțeni's 7 beside it, which would say the same.
    assert _cells(body) == {
        ("DM-N", "total"): (None, True), ("DM-N-01", "total"): (None, True), ("DM-N-02", "total"): (0, False),
    }
    assert body["suppressed"] is True and "Nord: Total" in body["note"]
    # By sex: both boys' 2 are hidden, and the girls beside them.
    by_sex = client_for("regional").get(
        URL.format(code="children_in_residential_care") + "?period=2025&by=sex"
    ).json()
    cells = _cells(by_sex)
    assert cells[("DM-N-01", "M")] == (None, True) and cells[("DM-N-01", "F")] == (None, True)
    assert cells[("DM-N-02", "F")] == (0, False)


def test_an_area_below_and_a_period_of_two_dates(residential, client_for):
    admin = client_for("admin")
    body = admin.get(
        URL.format(code="children_in_residential_care") + f"?period=2025-01-01..2025-05-31&area={residential.district.pk}"
    ).json()
    assert body["period"] == "20250101-20250531" and body["period_end"] == "2025-05-31"
    # On 31 May 2025 the girl who left in June is still there: Bălțeni 8, its locality 8, but hidden as the
    # tables above hide them (Nord and Bălțeni beside Sud's small count).
    assert _cells(body) == {("DM-N-01", "total"): (None, True), ("DM-N-01-001", "total"): (None, True)}
    country = admin.get(
        URL.format(code="children_in_residential_care") + "?period=2025-01-01..2025-05-31"
    ).json()
    assert _cells(country)[("DM-N", "total")] == (None, True)


def test_figures_about_workers_are_not_suppressed(cast, client_for):
    for sex in (Sex.FEMALE, Sex.MALE):
        AssignmentFactory(worker=WorkerFactory(organisation=cast.directorate, sex=sex), start=dt.date(2021, 1, 1))
    body = client_for("admin").get(URL.format(code="workers_in_post") + "?period=2025&by=sex").json()
    cells = _cells(body)
    assert cells[("DM-N", "F")] == (1, False) and cells[("DM-N", "M")] == (1, False)
    assert cells[("DM", "total")] == (2, False) and cells[("DM-S", "total")] == (0, False)
    assert body["suppressed"] is False and body["note"] is None


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("?period=2025-07-01..2025-06-30", 400, "ends before it starts"),
        ("?period=1999", 400, "between 2000 and 2100"),
        ("?period=2025-02-30..2025-03-01", 400, "between 2000 and 2100"),
        ("?period=2025&by=setting", 400, "Use one of: area, sex, age_group"),
        ("?period=2025&by=period", 400, "Use one of"),
        ("?period=2025&by=" + "x" * 200, 422, "not valid"),
        ("?period=last-year", 422, "not valid"),
        ("?period=2025&area=abc", 422, "not valid"),
        ("?period=2025&area=99999999999999999999999", 422, "not valid"),
        ("?period=2025&area=999999", 404, "Not found"),
        ("", 422, "not valid"),
    ],
)
def test_bad_requests_answer_a_reason(residential, client_for, query, status, says):
    response = client_for("admin").get(URL.format(code="children_in_residential_care") + query)
    assert response.status_code == status
    assert says in response.json()["detail"] + str(response.json().get("errors", ""))


def test_unknown_indicator_and_the_allowed_disaggregations(cast, client_for):
    response = client_for("admin").get(URL.format(code="no_such_thing") + "?period=2025")
    assert response.status_code == 404
    assert "no_such_thing" in response.json()["detail"] and "open_cases" in response.json()["allowed"]
    response = client_for("admin").get(URL.format(code="open_cases") + "?period=2025&by=cadre")
    assert response.status_code == 400 and response.json()["allowed"] == ["area", "risk", "sex", "age_group",
                                                                   "organisation_type"]


def test_a_region_outside_her_own_is_not_found_for_the_regional_manager(residential, client_for):
    response = client_for("regional").get(
        URL.format(code="children_in_residential_care") + f"?period=2025&area={residential.far_region.pk}"
    )
    assert response.status_code == 404 and "detail" in response.json()


def test_definitions_in_the_users_language(cast, client_for):
    body = client_for("supervisor").get("/api/v1/indicators").json()
    by_code = {i["code"]: i for i in body}
    residential = by_code["children_in_residential_care"]
    assert residential["name"] == "Children in residential care" and residential["unit"] == "count"
    assert residential["counts_children"] is True and residential["topic"] == "care"
    assert {"key": "sex", "label": "Sex"} in residential["disaggregations"]
    assert by_code["workers_in_post"]["counts_children"] is False
    assert len(body) == len({i["code"] for i in body}) >= 20
    cast.analyst.language = "ro"
    cast.analyst.save()
    ro = client_for("analyst").get(URL.format(code="open_cases") + "?period=2025&by=sex").json()
    assert ro["columns"][0] == {"key": "F", "label": "Feminin"}
    names = {i["code"]: i["name"] for i in client_for("analyst").get("/api/v1/indicators").json()}
    with translation.override("ro"):
        expected = str(REGISTRY["open_cases"].name)
    assert expected != "Open cases" and names["open_cases"] == expected


def test_with_a_token_the_request_language_applies(cast):
    _token, key = api_token_create(actor=cast.analyst, name="script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="ro")
    body = api.get(URL.format(code="open_cases") + "?period=2025&by=sex").json()
    assert body["columns"][0]["label"] == "Feminin"


def test_a_period_runs_to_today_at_the_latest(residential, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    body = client_for("admin").get(
        URL.format(code="children_in_residential_care") + f"?period={today.year}-01-01..2100-12-31"
    ).json()
    assert body["period_start"] == f"{today.year}-01-01" and body["period_end"] == today.isoformat()
