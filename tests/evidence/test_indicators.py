"""Each indicator on small known data against a hand count; suppression of small cells (0–6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careforce.evidence.indicators import REGISTRY, TOTAL, Cell, Indicator, Period, Scope, Table, suppress
from careforce.evidence.models import StoredFigure
from careforce.placements.models import CareSetting
from careforce.workforce.models import Cadre
from tests.workforce.factories import AssignmentFactory, PostFactory, WorkerFactory

D = dt.date
TODAY = D(2026, 12, 3)
P2026 = Period.year(2026, TODAY)


@pytest.fixture
def children(cast, make_child):
    """A at home, B entered residential care this year, C left it for kin this year (the region); D at home
    in the far region."""
    a = make_child(given="Ana")
    b = make_child(given="Bogdan", birth="2012-06-01")
    c = make_child(given="Cristina", birth="2020-01-10")
    d = make_child(given="Dan", area=cast.far_district, by=cast.far_case_manager)
    by = cast.admin
    for child, kind, start, end in [
        (a, "family", D(2025, 1, 1), None),
        (b, "family", D(2020, 1, 1), D(2026, 1, 31)),
        (b, "residential", D(2026, 2, 1), None),
        (c, "residential", D(2025, 1, 1), D(2026, 6, 1)),
        (c, "kinship", D(2026, 6, 2), None),
        (d, "family", D(2024, 5, 1), None),
    ]:
        CareSetting.objects.create(child=child, kind=kind, start=start, end=end, recorded_by=by)
    return {"a": a, "b": b, "c": c, "d": d}


def values(table: Table, column: str = TOTAL) -> dict[str, float | None]:
    return {a.code: table.cell(a.pk, column).value for a in table.areas}


def test_children_by_care_setting(cast, children):
    t = REGISTRY["children_by_care_setting"].table(cast.country, P2026, "setting")
    assert values(t) == {"DM": 4, "DM-N": 3, "DM-S": 1}
    assert values(t, "family") == {"DM": 2, "DM-N": 1, "DM-S": 1}
    assert values(t, "residential") == {"DM": 1, "DM-N": 1, "DM-S": 0}
    assert values(t, "kinship")["DM"] == 1
    # A year ago B was at home and C in the institution.
    t2025 = REGISTRY["children_by_care_setting"].table(cast.country, Period.year(2025, TODAY), "setting")
    assert (t2025.cell(cast.country.pk, "family").value, t2025.cell(cast.country.pk, "residential").value) == (3, 1)


def test_residential_care_entries_and_exits(cast, children):
    country = cast.country.pk
    assert REGISTRY["children_in_residential_care"].table(cast.country, P2026).cell(country).value == 1
    assert REGISTRY["residential_entries"].table(cast.country, P2026).cell(country).value == 1
    assert REGISTRY["residential_exits"].table(cast.country, P2026).cell(country).value == 1
    assert REGISTRY["residential_entries"].table(cast.country, Period.year(2025, TODAY)).cell(country).value == 1
    ages = REGISTRY["children_in_residential_care"].table(cast.country, P2026, "age_group")
    assert ages.cell(country, "12-14").value == 1  # Bogdan, 14 on 3 December 2026


def test_open_cases_and_standards_on_time(cast, open_case, make_child):
    from careforce.cases.models import CaseDeadline, StandardStep

    high = open_case(risk="high", opened_on=D(2026, 2, 1))
    open_case(risk="low", opened_on=D(2026, 3, 1))
    far = make_child(given="Dan", area=cast.far_district, by=cast.far_case_manager)
    open_case(risk="medium", opened_on=D(2025, 3, 1), by=cast.far_case_manager, child=far)
    t = REGISTRY["open_cases"].table(cast.country, P2026, "risk")
    assert values(t) == {"DM": 3, "DM-N": 2, "DM-S": 1}
    assert t.cell(cast.country.pk, "high").value == 1
    assert REGISTRY["cases_opened"].table(cast.country, P2026).cell(cast.country.pk).value == 2

    CaseDeadline.objects.all().delete()
    step = StandardStep.objects.first()
    for i, (due, done) in enumerate([(D(2026, 3, 1), D(2026, 2, 27)), (D(2026, 4, 1), D(2026, 4, 9)),
                                     (D(2026, 5, 1), None), (D(2027, 1, 5), None)], start=1):
        CaseDeadline.objects.create(case=high, step=step, occurrence=i, due_on=due, done_on=done)
    t = REGISTRY["standards_met_on_time"].table(cast.country, P2026)
    cell = t.cell(cast.country.pk)
    assert (cell.numerator, cell.denominator, cell.value) == (1, 3, pytest.approx(100 / 3))


def test_workforce_and_training_indicators(cast, training):
    from careforce.training import services

    for org in (cast.directorate, cast.directorate, cast.far_directorate):
        AssignmentFactory(worker=WorkerFactory(organisation=org, cadre=Cadre.CASE_MANAGER), start=D(2021, 1, 1))
    t = REGISTRY["workers_in_post"].table(cast.country, P2026, "cadre")
    assert values(t, Cadre.CASE_MANAGER) == {"DM": 3, "DM-N": 2, "DM-S": 1}

    session = training["child"]  # 2 March 2026, cascading from the ToT: the case manager completes it
    p = session.participations.get(worker=training["cm"])
    services.attendance_record(actor=cast.admin, session=session, present={p.pk: set(session.days)})
    assert REGISTRY["people_trained"].table(cast.country, P2026).cell(cast.country.pk).value == 1
    assert REGISTRY["cascade_reach"].table(cast.country, P2026).cell(cast.country.pk).value == 1
    held = REGISTRY["training_sessions"].table(cast.country, P2026)
    assert held.cell(cast.country.pk).value == 3


def test_a_supervisors_team_scope_narrows_case_figures(cast, open_case):
    open_case(opened_on=D(2026, 2, 1))
    open_case(opened_on=D(2026, 2, 1), by=cast.other_case_manager)
    ind = REGISTRY["open_cases"]
    team = ind.table(cast.country, P2026, team=[cast.case_manager.pk, cast.supervisor.pk])
    org = ind.table(cast.country, P2026, organisation_id=cast.other_directorate.pk)
    assert (team.cell(cast.country.pk).value, org.cell(cast.country.pk).value) == (1, 1)
    assert team.scope.children == []
    with pytest.raises(ValueError):
        REGISTRY["children_by_care_setting"].table(cast.country, P2026, team=[cast.case_manager.pk])


def test_every_indicator_is_defined_once_with_its_method(cast):
    assert len(REGISTRY) >= 20
    for code, ind in REGISTRY.items():
        assert ind.code == code and ind.name and ind.description and ind.formula and ind.unit_label
        assert "area" in ind.disaggregations and ind.topic in {"care", "cases", "workforce", "training"}
        table = ind.table(cast.country, P2026)  # computes on an empty country without an error
        assert table.areas[0] == cast.country


def test_the_dashboard_reads_a_constant_number_of_queries(cast, open_case, client_for):
    client = client_for("admin")

    def count() -> int:
        cache.clear()
        StoredFigure.objects.all().delete()  # every figure computed, none read back from the store
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/evidence/").status_code == 200
        return len(ctx.captured_queries)

    open_case(opened_on=D(2026, 2, 1))  # some rows to count: what grows must be rows, not queries
    before = count()
    for _i in range(4):
        open_case(opened_on=D(2026, 2, 1))
        AssignmentFactory(worker=WorkerFactory(organisation=cast.far_directorate), start=D(2022, 1, 1))
    assert count() == before


def test_the_dashboard_reads_its_stored_figures_in_one_query(cast, open_case, client_for):
    client = client_for("admin")
    open_case(opened_on=D(2026, 2, 1))
    assert client.get("/evidence/").status_code == 200  # computes and stores every figure
    stored = StoredFigure.objects.count()
    assert stored >= 22
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/evidence/").status_code == 200
    figure_reads = [q for q in ctx.captured_queries if "evidence_storedfigure" in q["sql"]]
    # The country's: which figures are missing (the keys alone; computed in the background if any), then
    # the figures.
    assert len(figure_reads) == 2
    assert len(ctx.captured_queries) <= 12  # session, user, areas of the form, the figures, the areas below
    assert StoredFigure.objects.count() == stored  # nothing computed again


# --- Suppression --------------------------------------------------------------------------------------------


def _table(cast, cells: dict[tuple[int, str], int], columns, counts_children=True, unit="count") -> Table:
    ind = Indicator(code="t", name="t", description="t", formula="t", unit=unit, topic="care",
                    compute=lambda s: None, counts_children=counts_children)
    t = Table(ind, Scope(cast.country, P2026), columns)
    for key, n in cells.items():
        t.cells[key] = Cell(n, numerator=n)
    return t


@pytest.mark.parametrize(("n", "hidden"), [(0, False), (1, True), (2, True), (3, True), (4, True), (5, False),
                                           (6, False)])
def test_small_cells_are_suppressed_with_the_one_that_would_give_them_away(cast, n, hidden):
    c, r, f = cast.country.pk, cast.region.pk, cast.far_region.pk
    t = _table(cast, {(c, TOTAL): n + 10, (r, TOTAL): n, (f, TOTAL): 10}, [(TOTAL, "Total")])
    s = suppress(t)
    assert s.cell(r).suppressed is hidden
    # Shown beside the country's total, the far region's 10 would give the region's n away.
    assert s.cell(f).suppressed is hidden
    assert s.cell(c).suppressed is False and s.cell(c).value == n + 10
    assert s.suppressed_any is hidden
    assert t.cell(r).value == n  # the computed table stays whole


@pytest.mark.parametrize("n", range(7))
def test_suppression_across_columns(cast, n):
    c, r, f = cast.country.pk, cast.region.pk, cast.far_region.pk
    cols = [("F", "F"), ("M", "M"), (TOTAL, "Total")]
    cells = {(r, "F"): n, (r, "M"): 20, (r, TOTAL): n + 20, (f, "F"): 30, (f, "M"): 40, (f, TOTAL): 70,
             (c, "F"): n + 30, (c, "M"): 60, (c, TOTAL): n + 90}
    s = suppress(_table(cast, cells, cols))
    hidden = {k for k, cell in s.cells.items() if cell.suppressed}
    if 0 < n < 5:
        # The region's F, then its M (the row adds up to the shown total), then the far region's F and M
        # (each column adds up to the country's): no hidden cell can be worked out.
        assert {(r, "F"), (r, "M"), (f, "F"), (f, "M")} <= hidden
        for group in ([(r, "F"), (r, "M")], [(r, "F"), (f, "F")], [(r, "M"), (f, "M")]):
            assert sum(k in hidden for k in group) != 1
    else:
        assert not hidden


def test_rates_hide_small_numerators_and_denominators_and_other_figures_are_left_alone(cast):
    c = cast.country.pk
    t = _table(cast, {}, [(TOTAL, "Total")], unit="percent")
    t.cells[(c, TOTAL)] = Cell(75.0, numerator=3, denominator=4)
    assert suppress(t).cell(c).suppressed
    workers = _table(cast, {(c, TOTAL): 2}, [(TOTAL, "Total")], counts_children=False)
    assert suppress(workers).cell(c).value == 2


def test_the_indicator_download_is_suppressed_even_for_the_administrator(cast, children, client_for):
    response = client_for("admin").get("/evidence/indicators/children_in_residential_care/?year=2026&format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "suppressed" in text
    page = client_for("admin").get("/evidence/indicators/children_in_residential_care/?year=2026")
    assert "&lt;5" not in page.content.decode()  # the administrator reads every cell on the page




def test_nested_tables_agree_on_what_they_hide(cast, children, make_child):
    # Six more children in residential care in Nord, and Sud's Dan too: the country shows 8, Nord 7, Sud 1.
    for n in range(6):
        child = make_child(given=f"Copil{n}")
        CareSetting.objects.create(child=child, kind="residential", start=D(2026, 3, 1), recorded_by=cast.admin)
    CareSetting.objects.filter(child=children["d"]).update(end=D(2026, 2, 28))
    CareSetting.objects.create(child=children["d"], kind="residential", start=D(2026, 3, 1), recorded_by=cast.admin)
    ind = REGISTRY["children_in_residential_care"]
    country = suppress(ind.table(cast.country, P2026))
    assert country.cell(cast.far_region.pk).suppressed and country.cell(cast.region.pk).suppressed
    assert country.cell(cast.country.pk).value == 8
    # Nord's own table must not print the 7 the country's hides (8 − 7 would tell Sud's 1).
    region = suppress(ind.table(cast.region, P2026))
    assert region.cell(cast.region.pk).suppressed
    shown = [region.cell(a.pk).value for a in cast.region.children.all() if not region.cell(a.pk).suppressed]
    assert sum(v or 0 for v in shown) < 7  # nor can it be added up from the districts


def test_young_people_of_18_and_over_have_their_column(cast, make_child):
    adult = make_child(given="Ion", birth="2006-01-01")
    CareSetting.objects.create(child=adult, kind="residential", start=D(2025, 1, 1), recorded_by=cast.admin)
    t = REGISTRY["children_in_residential_care"].table(cast.country, P2026, "age_group")
    assert t.cell(cast.country.pk, "18+").value == 1
    assert t.cell(cast.country.pk).value == sum(t.cell(cast.country.pk, k).value for k, _l in t.columns if k)


def test_figures_by_the_kind_of_organisation(cast, open_case):
    """Workers in post by their employer's kind, vacancies by the kind of organisation the post belongs to,
    cases by the kind of organisation that holds them: each column a hand count, the total the indicator's."""
    from careforce.core.models import OrganisationKind

    directorate, municipal = cast.directorate, cast.municipal
    assert (directorate.kind, municipal.kind) == (OrganisationKind.CHILD_PROTECTION_DIRECTORATE,
                                                  OrganisationKind.MUNICIPAL_SOCIAL_ASSISTANCE)
    held = PostFactory(organisation=directorate)
    AssignmentFactory(worker=WorkerFactory(organisation=directorate), post=held, start=D(2021, 1, 1))
    AssignmentFactory(worker=WorkerFactory(organisation=directorate), start=D(2021, 1, 1))
    AssignmentFactory(worker=WorkerFactory(organisation=municipal), start=D(2021, 1, 1))
    AssignmentFactory(worker=WorkerFactory(organisation=municipal), start=D(2021, 1, 1), end=D(2025, 1, 1))
    PostFactory(organisation=municipal)
    PostFactory(organisation=municipal)

    t = REGISTRY["workers_in_post"].table(cast.country, P2026, "organisation_type")
    whole = REGISTRY["workers_in_post"].table(cast.country, P2026)
    assert values(t, "directorate")["DM"] == 2 and values(t, "municipal")["DM"] == 1
    assert values(t) == values(whole)
    assert "ngo" in dict(t.columns)

    v = REGISTRY["vacancy_rate"].table(cast.country, P2026, "organisation_type")
    assert (v.cell(cast.country.pk, "directorate").numerator, v.cell(cast.country.pk, "directorate").denominator) == (0, 1)
    assert v.cell(cast.country.pk, "municipal").value == 100
    assert v.cell(cast.country.pk).value == pytest.approx(
        REGISTRY["vacancy_rate"].table(cast.country, P2026).cell(cast.country.pk).value)

    open_case(opened_on=D(2026, 2, 1))
    open_case(opened_on=D(2026, 3, 1))
    open_case(opened_on=D(2026, 4, 1), by=cast.assistant)  # held by the municipal social assistance
    c = REGISTRY["open_cases"].table(cast.country, P2026, "organisation_type")
    assert c.cell(cast.country.pk, "directorate").value == 2
    assert c.cell(cast.country.pk, "municipal").value == 1
    assert c.cell(cast.country.pk).value == 3
