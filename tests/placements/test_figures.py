"""Institutions' figures and outcomes, computed by hand; list pages without per-row queries."""

from __future__ import annotations

import datetime as dt

import pytest

from careforce.cases.models import Case
from careforce.placements import selectors, services
from careforce.placements.models import Reintegration

from .factories import make_child, make_institution, setting

D = dt.date
TODAY = D(2026, 6, 30)


@pytest.fixture
def homes(cast):
    a = make_institution(cast.district, name="A home", places=4)
    b = make_institution(cast.other_district, name="B home", places=None)
    far = make_institution(cast.far_district, name="Far home", places=3)
    by = cast.case_manager
    kids = [make_child(cast, given=f"K{i}") for i in range(5)]
    # A: two placed today (one past her planned stay), one left in the period, one admitted before it.
    setting(kids[0], "residential", D(2025, 3, 1), by=by, institution=a, planned_end=D(2026, 1, 1))
    setting(kids[1], "residential", D(2026, 2, 1), by=by, institution=a, planned_end=D(2027, 1, 1))
    setting(kids[2], "residential", D(2024, 1, 1), D(2026, 3, 15), by=by, institution=a)
    setting(kids[2], "family", D(2026, 3, 16), by=by)
    # B: one placed, admitted in the period.
    setting(kids[3], "group_home", D(2026, 4, 1), by=by, institution=b)
    setting(kids[4], "residential", D(2025, 1, 1), by=by, institution=far)
    return a, b, far


def test_institution_figures_by_hand(cast, homes):
    a, b, far = homes
    rows = {
        o.name: (o.places, o.placed, o.admissions, o.exits, o.past_stay)
        for o in selectors.institutions(cast.regional, start=D(2026, 1, 1), end=D(2026, 6, 30), today=TODAY)
    }
    assert rows == {"A home": (4, 2, 1, 1, 1), "B home": (None, 1, 1, 0, 0)}  # the far south is not hers
    national = {o.name for o in selectors.institutions(cast.admin, start=D(2026, 1, 1), end=TODAY, today=TODAY)}
    assert national == {"A home", "B home", "Far home"}
    assert not selectors.institutions(cast.supervisor, start=D(2026, 1, 1), end=TODAY).exists()
    assert selectors.occupancy_percent(4, 2) == 50
    assert selectors.occupancy_percent(None, 2) is None


def test_institution_page_is_one_grouped_query(cast, homes, client_for, django_assert_max_num_queries):
    for i in range(15):  # more rows must not mean more queries
        make_institution(cast.district, name=f"Home {i:02d}", places=5)
    client = client_for("admin")
    # session, user, the scope (twice), the page count, the one grouped page query, the session save.
    with django_assert_max_num_queries(9):
        response = client.get("/placements/institutions/?start=2026-01-01&end=2026-06-30")
    assert response.status_code == 200
    assert b"A home" in response.content and b"<svg" in response.content


def _prevention_case(cast, child, closed_on, *, area=None):
    return Case.objects.create(
        child=child, case_type="prevention", status="closed", risk_level="medium",
        organisation=cast.directorate, area=area or cast.locality, case_manager=cast.case_manager,
        opened_on=closed_on - dt.timedelta(days=200), closed_on=closed_on,
    )


def test_separation_prevented_by_hand(cast):
    by = cast.case_manager
    home = make_institution(cast.district)
    at_home, kin, placed, never, outside, far = (make_child(cast, given=g) for g in "ABCDEF")
    setting(at_home, "family", D(2020, 1, 1), by=by)
    setting(kin, "family", D(2020, 1, 1), D(2025, 12, 31), by=by)
    setting(kin, "kinship", D(2026, 1, 1), by=by)
    setting(placed, "family", D(2020, 1, 1), D(2026, 2, 28), by=by)
    setting(placed, "residential", D(2026, 3, 1), by=by, institution=home)
    for child in (at_home, kin, placed, never):
        _prevention_case(cast, child, D(2026, 3, 10))
    _prevention_case(cast, outside, D(2025, 3, 10))  # closed before the period
    _prevention_case(cast, far, D(2026, 3, 10), area=cast.far_district)
    period = {"start": D(2026, 1, 1), "end": D(2026, 6, 30)}
    # at home, kinship, never separated: 3; placed in an institution before closure: not prevented.
    assert selectors.separation_prevented(cast.regional, **period) == 3
    assert selectors.separation_prevented(cast.admin, **period) == 4
    assert selectors.separation_prevented(cast.admin, area=cast.far_region, **period) == 1
    assert selectors.separation_prevented(cast.case_manager, **period) == 0  # not an aggregate reader


def test_reintegration_outcomes_by_hand(cast):
    home = make_institution(cast.district)
    by = cast.case_manager

    def reintegrated(name, moved_on, back_on=None):
        child = make_child(cast, given=name)
        services.care_setting_change(actor=by, child=child, kind="residential", start=D(2020, 1, 1), institution=home)
        r = services.reintegration_start(actor=by, child=child)
        r.readiness_on = r.preparation_on = moved_on - dt.timedelta(days=10)
        r.save()
        services.reintegration_record_move(actor=by, reintegration=r, on=moved_on, kind="kinship")
        if back_on:
            services.care_setting_change(actor=by, child=child, kind="residential", start=back_on, institution=home)

    reintegrated("S1", D(2024, 2, 1))
    reintegrated("S2", D(2024, 6, 1))
    reintegrated("B1", D(2024, 3, 1), back_on=D(2024, 9, 1))
    reintegrated("M1", dt.date.today() - dt.timedelta(days=30))
    reintegrated("Old", D(2022, 1, 1))  # moved before the period
    figures = selectors.reintegration_outcomes(cast.regional, start=D(2024, 1, 1), end=dt.date.today())
    assert figures == {"preparation": 0, "moved": 1, "sustained": 2, "broken_down": 1}
    assert Reintegration.objects.count() == 5


def test_outcomes_page_queries_do_not_grow_with_the_children(cast, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = make_institution(cast.district)
    client = client_for("admin")
    url = f"/placements/outcomes/?area={cast.region.pk}&start=2024-01-01"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    by = cast.case_manager
    for i in range(10):  # reintegrations moved in the period, and prevention cases closed in it
        child = make_child(cast, given=f"O{i}")
        services.care_setting_change(actor=by, child=child, kind="residential", start=D(2020, 1, 1),
                                     institution=home)
        r = services.reintegration_start(actor=by, child=child)
        r.readiness_on = r.preparation_on = D(2024, 2, 1)
        r.save()
        services.reintegration_record_move(actor=by, reintegration=r, on=D(2024, 3, 1), kind="family")
        _prevention_case(cast, make_child(cast, given=f"P{i}"), D(2025, 3, 10))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["figures"]["sustained"] == 10 and response.context["prevented"] == 10


def test_reintegration_list_has_no_per_row_queries(cast, client_for, django_assert_max_num_queries):
    home = make_institution(cast.district)
    for i in range(12):
        child = make_child(cast, given=f"R{i}")
        services.care_setting_change(actor=cast.case_manager, child=child, kind="residential",
                                     start=D(2022, 1, 1), institution=home)
        services.reintegration_start(actor=cast.case_manager, child=child)
    client = client_for("case_manager")
    with django_assert_max_num_queries(8):
        response = client.get("/placements/reintegrations/")
    assert response.status_code == 200
    assert response.content.count(b"/placements/reintegrations/") >= 12
