"""The DHIS2 exchange: the mapping's checks, the dataValueSets document on known data, the demo's mapping.

The children of test_indicator_api.place_children: in residential care on 31 December 2025, Nord 7 (five girls,
two boys, all in Bălțeni), Sud 2 (girls); the country 9. Published: the country's 9 alone (Nord's 7 hidden with
Sud's 2, every split by sex hidden).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careforce.demo.generator import RESET_STEPS, SCALES, STEPS, Context
from careforce.demo.generator.dhis2 import FIGURES, build_dhis2, demo_uid, reset_dhis2
from careforce.evidence import dhis2
from careforce.evidence.indicators import REGISTRY, TOTAL, Period
from careforce.evidence.models import Dhis2DataElement, Dhis2OrgUnit
from careforce.workforce.models import Sex
from tests.evidence.test_indicator_api import make_child, place_children
from tests.placements.factories import make_institution, setting
from tests.workforce.factories import AssignmentFactory, WorkerFactory

URL = "/api/v1/evidence/dhis2"
RESIDENTIAL, BY_SEX, WORKERS, VACANCIES = "ResidentCar", "ResidentSex", "WorkersPost", "VacancyRate"
GIRLS, BOYS = "CocFemale01", "CocMale0001"
COUNTRY, NORD, SUD = "OuCountry01", "OuNord00001", "OuSud000001"


def _map(indicator, element, by="", column="", combo=""):
    figure = Dhis2DataElement(indicator=indicator, disaggregation=by, column=column, data_element=element,
                              category_option_combo=combo)
    figure.full_clean()
    figure.save()
    return figure


@pytest.fixture
def mapped(cast):
    place_children(cast)
    for sex in (Sex.FEMALE, Sex.MALE):
        AssignmentFactory(worker=WorkerFactory(organisation=cast.directorate, sex=sex), start=dt.date(2021, 1, 1))
    _map("children_in_residential_care", RESIDENTIAL)
    _map("children_in_residential_care", BY_SEX, "sex", "F", GIRLS)
    _map("children_in_residential_care", BY_SEX, "sex", "M", BOYS)
    _map("workers_in_post", WORKERS)
    _map("vacancy_rate", VACANCIES)  # no post is funded: a rate over nothing, no value to send
    Dhis2OrgUnit.objects.create(area=cast.country, org_unit=COUNTRY)
    Dhis2OrgUnit.objects.create(area=cast.region, org_unit=NORD)
    return cast


def test_the_document_holds_the_published_figures_of_the_mapped_areas(mapped):
    result = dhis2.data_value_set(area=mapped.country, year=2025)
    # Sud has no organisation unit; Nord's residential total and every split by sex are suppressed.
    assert result.data_values == [
        {"dataElement": RESIDENTIAL, "period": "2025", "orgUnit": COUNTRY, "value": "9"},
        {"dataElement": WORKERS, "period": "2025", "orgUnit": COUNTRY, "value": "2"},
        {"dataElement": WORKERS, "period": "2025", "orgUnit": NORD, "value": "2"},
    ]
    # Nord's total, and the girls and the boys of the country and of Nord.
    assert result.suppressed == 1 + 4
    assert (result.figures, result.org_units) == (5, 2)


def test_the_api_serves_it_with_the_counts_in_headers(mapped, client_for):
    response = client_for("admin").get(URL + "?period=2025")
    assert response.status_code == 200
    assert response.json() == dhis2.data_value_set(area=mapped.country, year=2025).as_json()
    assert response.headers["X-Careforce-Suppressed"] == "5"
    assert response.headers["X-Careforce-Mapped-Figures"] == "5"
    assert response.headers["X-Careforce-Mapped-Areas"] == "2"


def test_a_regional_manager_sends_her_region(mapped, client_for):
    response = client_for("regional").get(URL + "?period=2025")
    # Nord and its districts (none mapped): the workers only. Nord's 7 children are not small on their own,
    # but the country's table hides them beside Sud's 2 (else 9 - 7 would tell Sud's): Nord's own table
    # hides them too.
    assert response.json()["dataValues"] == [
        {"dataElement": WORKERS, "period": "2025", "orgUnit": NORD, "value": "2"},
    ]
    assert response.headers["X-Careforce-Suppressed"] == "3"  # Nord's total, the two boys and the girls
    assert client_for("regional").get(URL + f"?period=2025&area={mapped.far_region.pk}").status_code == 404


def test_a_split_with_values_carries_its_category_option_combo(mapped):
    # Fifteen more girls and five more boys in Bălțeni: Nord's 7 boys are published; its girls stay hidden,
    # since the country's table hides them beside Sud's few girls (else the country's girls would tell).
    home = make_institution(mapped.district, name="Another home")
    for n in range(20):
        child = make_child(mapped, "F" if n < 15 else "M", mapped.locality, 100 + n)
        setting(child, "residential", dt.date(2024, 5, 1), by=mapped.case_manager, institution=home)
    values = dhis2.data_value_set(area=mapped.region, year=2025).data_values
    splits = [v for v in values if v["dataElement"] == BY_SEX]
    assert splits == [
        {"dataElement": BY_SEX, "period": "2025", "orgUnit": NORD, "categoryOptionCombo": BOYS, "value": "7"},
    ]


def test_nothing_mapped_answers_an_empty_document_that_says_so(cast, client_for):
    response = client_for("admin").get(URL + "?period=2025")
    assert response.status_code == 200 and response.json() == {"dataValues": []}
    assert response.headers["X-Careforce-Mapped-Figures"] == "0"
    assert response.headers["X-Careforce-Mapped-Areas"] == "0"
    # Areas mapped but no figure: still empty, and the headers tell which half is missing.
    Dhis2OrgUnit.objects.create(area=cast.country, org_unit=COUNTRY)
    response = client_for("admin").get(URL + "?period=2025")
    assert response.json() == {"dataValues": []}
    assert response.headers["X-Careforce-Mapped-Figures"] == "0" and response.headers["X-Careforce-Mapped-Areas"] == "1"


@pytest.mark.parametrize("query", ["", "?period=1999", "?period=2101", "?period=20x5", "?period=2025&area=0",
                                   "?period=2025&area=" + "9" * 30])
def test_a_bad_period_or_area_is_refused(cast, client_for, query):
    response = client_for("admin").get(URL + query)
    assert response.status_code == 422 and "detail" in response.json()


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(7, "count", "7"), (7.0, "count", "7"), (33.33333, "percent", "33.33"), (50.0, "percent", "50"),
     (0.7017, "mean", "0.7"), (0.0001, "ratio", "0"), (292.6130550439943, "per_100k_children", "292.61")],
)
def test_values_are_dhis2_strings(value, unit, text):
    assert dhis2.dhis2_value(value, unit) == text


@pytest.mark.parametrize("uid", ["1bcdefghijk", "abcdefghij", "abcdefghijkl", "abcde-ghijk", "abcdéfghijk", ""])
def test_identifiers_must_be_dhis2_uids(cast, uid):
    with pytest.raises(ValidationError) as error:
        Dhis2OrgUnit(area=cast.country, org_unit=uid).full_clean()
    assert "org_unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Dhis2DataElement(indicator="open_cases", data_element="fbfJHSPpUQD", category_option_combo=uid or "x").full_clean()
    assert "category_option_combo" in error.value.message_dict
    Dhis2DataElement(indicator="open_cases", data_element="fbfJHSPpUQD", category_option_combo="HllvX50cXC0").full_clean()


@pytest.mark.parametrize(
    ("indicator", "by", "column", "field", "says"),
    [
        ("no_such_indicator", "", "", "indicator", ""),
        ("workers_in_post", "risk", "high", "disaggregation", "It offers: Cadre, Sex"),
        ("standards_met_on_time", "sex", "F", "disaggregation", "It offers: none"),
        ("open_cases", "sex", "X", "column", "Use one of: F, M"),
        ("open_cases", "age_group", "19-25", "column", "0-2, 3-6"),
        ("open_cases", "", "F", "column", "Choose the disaggregation"),
        ("open_cases", "sex", "", "column", "Use one of"),
    ],
)
def test_the_mapping_names_what_is_wrong(db, indicator, by, column, field, says):
    with pytest.raises(ValidationError) as error:
        Dhis2DataElement(indicator=indicator, disaggregation=by, column=column, data_element="fbfJHSPpUQD").full_clean()
    assert field in error.value.message_dict and says in " ".join(error.value.message_dict[field])


def test_two_figures_never_fill_the_same_dhis2_cell(cast):
    _map("open_cases", "fbfJHSPpUQD")
    with pytest.raises(ValidationError):
        _map("cases_opened", "fbfJHSPpUQD")  # full_clean checks the constraint
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dhis2DataElement.objects.create(indicator="cases_opened", data_element="fbfJHSPpUQD")
    with transaction.atomic(), pytest.raises(IntegrityError):  # a column without its disaggregation
        Dhis2DataElement.objects.create(indicator="cases_opened", column="F", data_element="HllvX50cXC0")


def test_the_columns_the_mapping_offers_are_those_the_indicators_answer(cast):
    """The mapping checks columns against a list of its own: it must be the indicators' list."""
    for indicator in REGISTRY.values():
        for by in indicator.disaggregations:
            if by not in dhis2.COLUMN_DIMENSIONS:
                continue
            table = indicator.table(cast.country, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), by)
            answered = [key for key, _label in table.columns if key != TOTAL]
            offered = [key for key, _label in dhis2.dimension_columns(by)]
            if indicator.code == "wisn_ratio":  # the cadres studied that year: a subset
                assert set(answered) <= set(offered)
            else:
                assert answered == offered, (indicator.code, by)


def test_the_demo_country_has_a_valid_mapping_that_answers(cast, client_for):
    assert build_dhis2 in STEPS and reset_dhis2 in RESET_STEPS
    ctx = Context(scale=SCALES["demo"], seed=1, progress=False)
    ctx.country, ctx.regions = cast.country, [cast.region, cast.far_region]
    build_dhis2(ctx)
    for row in [*Dhis2DataElement.objects.all(), *Dhis2OrgUnit.objects.all()]:
        row.full_clean()
    assert Dhis2DataElement.objects.count() == len(FIGURES)
    assert set(Dhis2OrgUnit.objects.values_list("area", flat=True)) == {
        cast.country.pk, cast.region.pk, cast.far_region.pk}
    AssignmentFactory(worker=WorkerFactory(organisation=cast.directorate), start=dt.date(2021, 1, 1))
    response = client_for("admin").get(URL + "?period=2025")
    workers = [v for v in response.json()["dataValues"]
               if v["dataElement"] == demo_uid("dataElement:workers_in_post")]
    assert [(v["orgUnit"], v["value"]) for v in workers] == [
        (demo_uid("orgUnit:DM"), "1"), (demo_uid("orgUnit:DM-N"), "1"), (demo_uid("orgUnit:DM-S"), "0")]
    # A mapping of the country's own DHIS2 beside the demo's survives the demo's reset.
    _map("reintegrations", "RealDhis2DE")
    reset_dhis2(cast.country)
    assert list(Dhis2DataElement.objects.values_list("data_element", flat=True)) == ["RealDhis2DE"]
    assert not Dhis2OrgUnit.objects.exists()


def test_the_national_administrator_keeps_the_mapping_in_the_administration(cast, client_for):
    admin = client_for("admin")
    for url in ["/admin/evidence/dhis2dataelement/", "/admin/evidence/dhis2dataelement/add/",
                "/admin/evidence/dhis2orgunit/", "/admin/evidence/dhis2orgunit/add/"]:
        assert admin.get(url).status_code == 200
        assert client_for("regional").get(url).status_code == 302  # to the administration's sign-in
    refused = admin.post("/admin/evidence/dhis2dataelement/add/", {
        "indicator": "open_cases", "disaggregation": "sex", "column": "X", "data_element": "1notAUid"})
    assert refused.status_code == 200 and not Dhis2DataElement.objects.exists()
    page = refused.content.decode()
    assert "Use one of: F, M" in page and "begins with a letter" in page
    saved = admin.post("/admin/evidence/dhis2dataelement/add/", {
        "indicator": "open_cases", "disaggregation": "sex", "column": "F", "data_element": "fbfJHSPpUQD",
        "category_option_combo": "HllvX50cXC0"})
    assert saved.status_code == 302
    assert Dhis2DataElement.objects.get().column == "F"
    assert admin.post("/admin/evidence/dhis2orgunit/add/", {"area": cast.region.pk, "org_unit": "ImspTQPwCqd"}
                      ).status_code == 302
    assert Dhis2OrgUnit.objects.get().area == cast.region
