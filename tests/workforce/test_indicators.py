"""Workforce indicators on small known data: every figure below is worked out by hand in the comments."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from careforce.workforce import indicators
from careforce.workforce.models import Cadre, Sex
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

ON = dt.date(2026, 6, 30)
START = dt.date(2025, 7, 1)


@pytest.fixture
def registry(cast):
    d, f = cast.directorate, cast.other_directorate  # Bălțeni and Florești, both in region Nord
    p1, p2, p3, p4 = (PostFactory(organisation=d, title=f"P{i}") for i in range(1, 5))
    PostFactory(organisation=d, title="P5", cadre=Cadre.PSYCHOLOGIST)  # funded, never held
    PostFactory(organisation=d, title="P6", funded_until=dt.date(2025, 12, 31))  # no longer funded on ON
    # W1: case manager, 36 on ON, in post throughout.
    w1 = WorkerFactory(organisation=d, birth_year=1990)
    AssignmentFactory(worker=w1, post=p1, start=dt.date(2022, 1, 1))
    # W2: man of 58, leaves voluntarily on 31 March 2026: an exit.
    w2 = WorkerFactory(organisation=d, birth_year=1968, sex=Sex.MALE)
    AssignmentFactory(worker=w2, post=p2, start=dt.date(2020, 1, 1), end=dt.date(2026, 3, 31),
                      reason_for_leaving="voluntary")
    # W3: psychologist of 66, half time without a post from September 2025.
    w3 = WorkerFactory(organisation=d, birth_year=1960, cadre=Cadre.PSYCHOLOGIST)
    AssignmentFactory(worker=w3, start=dt.date(2025, 9, 1), fte=Decimal("0.5"))
    # W4: 31, moves from P3 to P4 at the new year: not an exit.
    w4 = WorkerFactory(organisation=d, birth_year=1995)
    AssignmentFactory(worker=w4, post=p3, start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31),
                      reason_for_leaving="voluntary")
    AssignmentFactory(worker=w4, post=p4, start=dt.date(2026, 1, 1))
    # W5: dismissed on 15 October 2025: an involuntary exit.
    w5 = WorkerFactory(organisation=d, birth_year=1980)
    AssignmentFactory(worker=w5, start=dt.date(2019, 1, 1), end=dt.date(2025, 10, 15),
                      reason_for_leaving="involuntary")
    # W6: social worker in Florești, 55 on ON (born 1971): the retirement-risk band.
    w6 = WorkerFactory(organisation=f, birth_year=1971, cadre=Cadre.SOCIAL_WORKER)
    AssignmentFactory(worker=w6, start=dt.date(2023, 5, 1))
    # W7: far south, outside region Nord.
    w7 = WorkerFactory(organisation=cast.far_directorate)
    AssignmentFactory(worker=w7, start=dt.date(2024, 1, 1))
    # A worker who has not started yet and one who left long ago count nowhere.
    AssignmentFactory(worker=WorkerFactory(organisation=d), start=dt.date(2026, 8, 1))
    AssignmentFactory(worker=WorkerFactory(organisation=d), start=dt.date(2010, 1, 1), end=dt.date(2024, 1, 1),
                      reason_for_leaving="voluntary")
    return cast


def test_region_figures_by_hand(registry, django_assert_max_num_queries):
    cast = registry
    with django_assert_max_num_queries(7):
        result = indicators.compute(root=cast.region, on=ON, period_from=START)
    nord = result.get(cast.region.pk)
    # In post on 30 June 2026: W1, W3, W4, W6. On 1 July 2025: W1, W2, W4 (P3), W5, W6.
    assert (nord.headcount, nord.headcount_at_start) == (4, 5)
    assert nord.fte == Decimal("3.5")
    # 4 workers / 4,000 children × 100,000; 4 / 20,000 population × 10,000.
    assert nord.per_100k_children == pytest.approx(100.0)
    assert nord.per_10k_population == pytest.approx(2.0)
    # Funded on the date: P1–P5 (P6 ended); vacant: P2 (W2 left), P3 (W4 moved), P5 (never held).
    assert (nord.posts_funded, nord.posts_vacant) == (5, 3)
    assert nord.vacancy_rate == pytest.approx(0.6)
    # Exits: W2 (voluntary) and W5 (involuntary); W4's move is not one. Average headcount (5 + 4) / 2.
    assert (nord.exits_voluntary, nord.exits_involuntary) == (1, 1)
    assert nord.average_headcount == 4.5
    assert nord.attrition == pytest.approx(2 / 4.5)
    assert nord.attrition_voluntary == pytest.approx(1 / 4.5)
    # Ages on the date: W4 31, W1 36, W6 55, W3 66.
    assert nord.ages == [0, 1, 1, 0, 1, 1]
    assert nord.share_55_and_over == pytest.approx(0.5)
    assert (nord.female, nord.male) == (4, 0)


def test_district_and_cadre_figures_by_hand(registry):
    cast = registry
    result = indicators.compute(root=cast.region, on=ON, period_from=START)
    baltenti = result.get(cast.district.pk)
    assert (baltenti.headcount, baltenti.headcount_at_start) == (3, 4)
    assert baltenti.per_100k_children == pytest.approx(3 / 2500 * 100_000)  # 120
    assert baltenti.attrition == pytest.approx(2 / 3.5)
    floresti = result.get(cast.other_district.pk)
    assert (floresti.headcount, floresti.exits, floresti.attrition) == (1, 0, 0)
    assert floresti.per_100k_children == pytest.approx(1 / 1500 * 100_000)
    # Case managers of Nord: W1, W4 now; W1, W2, W4, W5 at the start; posts P1–P4, two vacant.
    cm = result.get(cast.region.pk, Cadre.CASE_MANAGER)
    assert (cm.headcount, cm.headcount_at_start, cm.exits) == (2, 4, 2)
    assert cm.attrition == pytest.approx(2 / 3)
    assert cm.vacancy_rate == pytest.approx(0.5)
    assert cm.per_100k_children == pytest.approx(2 / 4000 * 100_000)
    # A cadre nobody holds has zero workers but still the area's population.
    sw_baltenti = result.get(cast.district.pk, Cadre.SUPERVISOR)
    assert sw_baltenti.headcount == 0 and sw_baltenti.children == 2500 and sw_baltenti.per_100k_children == 0
    # The region's subtree only: the far south is not in it.
    assert cast.far_district.pk not in result.areas


def test_population_of_the_latest_year_not_after_the_date(registry):
    cast = registry
    result = indicators.compute(root=cast.region, on=dt.date(2025, 12, 31), period_from=dt.date(2025, 1, 1))
    nord = result.get(cast.region.pk)
    assert nord.children == 4040  # the 2025 figure
    # On 31 December 2025: W1, W2, W3, W4 (P3, its last day), W6.
    assert nord.headcount == 5


def test_country_counts_national_offices_on_its_own_level(registry):
    cast = registry
    AssignmentFactory(worker=WorkerFactory(organisation=cast.national_authority, cadre=Cadre.SUPERVISOR),
                      start=dt.date(2020, 1, 1))
    result = indicators.compute(root=cast.country, on=ON, period_from=START)
    country = result.get(cast.country.pk)
    assert country.headcount == 4 + 1 + 1  # Nord, W7 in the south, the national supervisor
    own = result.own_level(cast.country)
    assert own is not None and own.headcount == 1
    assert result.own_level(cast.region) is None  # every worker of Nord is in one of its districts
    assert [a.name for a in result.children_of(cast.country)] == ["Nord", "Sud"]


def test_no_workers_no_rates(cast):
    result = indicators.compute(root=cast.country, on=ON, period_from=START)
    empty = result.get(cast.country.pk)
    assert empty.headcount == 0 and empty.per_100k_children == 0
    assert empty.attrition is None and empty.vacancy_rate is None and empty.share_55_and_over is None


def test_default_period_is_twelve_months():
    assert indicators.default_period_from(dt.date(2026, 6, 30)) == dt.date(2025, 7, 1)
    assert indicators.default_period_from(dt.date(2028, 2, 29)) == dt.date(2027, 3, 1)


# --- The page ----------------------------------------------------------------------------------------


def test_page_shows_the_figures_and_the_areas_below(registry, client_for, django_assert_max_num_queries):
    client = client_for("regional")
    url = f"/workforce/indicators/?on={ON.isoformat()}&period_from={START.isoformat()}"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["area"] == registry.region  # a regional manager starts at her region
    assert "Bălțeni" in page and "Florești" in page and "Cahul" not in page
    assert "60.0 %" in page  # vacancy rate of Nord
    assert "44.4 %" in page  # attrition of Nord, 2 / 4.5
    assert "<svg" in page
    # Drilling down to a district keeps the date.
    district = client.get(url + f"&area={registry.district.pk}")
    assert district.context["area"] == registry.district and district.context["on"] == ON


def test_regional_manager_cannot_ask_for_another_region(registry, client_for):
    response = client_for("regional").get(f"/workforce/indicators/?area={registry.far_district.pk}")
    assert response.status_code == 200
    assert response.context["area"] == registry.region
    assert "Select a valid choice" in response.content.decode()


def test_bad_period_is_reported_and_defaults_apply(registry, client_for):
    response = client_for("admin").get("/workforce/indicators/?on=2026-06-30&period_from=2026-07-30")
    assert "The period cannot start after the date it ends on." in response.content.decode()
    assert response.context["period_from"] == START
    garbage = client_for("admin").get("/workforce/indicators/?on=yesterday&cadre=wizard")
    assert garbage.status_code == 200 and "Enter a valid date." in garbage.content.decode()


def test_csv_export_holds_every_area_and_cadre(registry, client_for):
    response = client_for("analyst").get(
        f"/workforce/indicators/?area={registry.region.pk}&on={ON.isoformat()}&format=csv"
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    # Nord and its two districts, each for all cadres and each of the seven cadres.
    assert len(body) == 3 * (1 + len(Cadre.values))
    nord_all = body[0]
    assert nord_all[0] == "DM-N" and nord_all[2] == "All cadres"
    assert nord_all[header.index("Workers in post")] == "4"
    assert nord_all[header.index("Vacancy rate")] == "0.6"
    assert nord_all[header.index("Attrition")] == str(round(2 / 4.5, 4))


def test_xlsx_export_opens_in_a_spreadsheet(registry, client_for):
    response = client_for("admin").get(f"/workforce/indicators/?on={ON.isoformat()}&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    first = [c.value for c in sheet[2]]
    assert first[0] == "DM" and first[header.index("Workers in post")] == 6 - 1  # no national supervisor here
    assert sheet.max_row == 1 + 3 * (1 + len(Cadre.values))  # the country, Nord, Sud


def test_romanian_page(registry, client_for):
    client = client_for("admin")
    client.cookies["django_language"] = "ro"
    registry.admin.language = "ro"
    registry.admin.save(update_fields=["language"])
    page = client.get("/workforce/indicators/").content.decode()
    assert "<html lang=\"ro\"" in page
