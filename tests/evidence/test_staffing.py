"""WISN staffing studies: the recorded workload and the staff in post per area, through the study, against
figures worked by hand; entered and what-if volumes; bad input; edit conflicts; a fixed number of queries.

The hand-worked study (tests/evidence/factories.py): AWT = (20 − 2 − 4 − 1 − 1) × 5 = 60 h;
home visit 2 h → 30 a year per worker; initial assessment 3 h → 20 a year; recording 20% → CAF 1.25;
supervising 6 h a year → IAF 0.1. The study is of region N (cast), for 2025, case managers:

  district N1 (its locality N1a holds the case): 6 home visits, 4 initial assessments
      A = 6/30 + 4/20 = 0.2 + 0.2 = 0.4 → required 0.4 × 1.25 + 0.1 = 0.6
      staff: 1.0 FTE at the directorate (district) + 0.5 at the municipality (locality) = 1.5
      difference +0.9, ratio 1.5 / 0.6 = 2.5
  district N2: 18 home visits, 4 initial assessments
      A = 18/30 + 4/20 = 0.6 + 0.2 = 0.8 → required 0.8 × 1.25 + 0.1 = 1.1
      staff 0.5 → difference −0.6, ratio 0.5 / 1.1 ≈ 0.4545: a shortage, so the first row
  region N in all: required 1.7, existing 2.0, difference +0.3, ratio 2 / 1.7 ≈ 1.1765
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from careforce.cases import services as case_services
from careforce.cases.models import CaseEvent, EventKind
from careforce.cases.workload import Activity, recorded_activity, year_span
from careforce.core.models import AreaLevel, AuditEntry
from careforce.evidence import staffing
from careforce.evidence.models import StaffingStudy, StudyActivity
from careforce.workforce.models import Cadre
from careforce.workforce.selectors import existing_staff_by_area
from careforce.workforce.wisn import WisnError
from tests.core.factories import AreaFactory, OrganisationFactory
from tests.evidence.factories import StaffingStudyFactory, StudyActivityFactory, hand_worked_study
from tests.workforce.factories import AssignmentFactory, WorkerFactory

HV, IA = Activity.HOME_VISIT.value, Activity.INITIAL_ASSESSMENT.value


def _events(case, kind, n, actor, on=date(2025, 5, 1)):
    # As cases.services.common.event writes them: the case's area and the actor's role copied.
    CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind=kind, on=on, actor=actor, area_id=case.area_id, actor_role=actor.role)
        for _ in range(n)
    )


@pytest.fixture
def world(cast, open_case, make_child):
    n1_case = open_case()  # the child lives in locality N1a, below district N1
    n2_child = make_child(given="Maria", by=cast.other_case_manager, area=cast.other_district)
    n2_case = open_case(by=cast.other_case_manager, child=n2_child)
    far_child = make_child(given="Petru", by=cast.far_case_manager, area=cast.far_district)
    far_case = open_case(by=cast.far_case_manager, child=far_child)
    _events(n1_case, EventKind.HOME_VISIT, 6, cast.case_manager)
    _events(n1_case, EventKind.INITIAL_ASSESSMENT, 4, cast.case_manager)
    _events(n2_case, EventKind.HOME_VISIT, 18, cast.other_case_manager)
    _events(n2_case, EventKind.INITIAL_ASSESSMENT, 4, cast.other_case_manager)
    # None of these is a case manager's work in region N in 2025:
    _events(n1_case, EventKind.HOME_VISIT, 2, cast.case_manager, on=date(2024, 12, 31))
    _events(n1_case, EventKind.HOME_VISIT, 1, cast.case_manager, on=date(2026, 1, 1))
    _events(n1_case, EventKind.HOME_VISIT, 3, cast.assistant)
    _events(n1_case, EventKind.HOME_VISIT, 1, cast.volunteer)
    _events(n1_case, EventKind.RISK_CHANGED, 2, cast.case_manager)
    _events(n1_case, EventKind.PLAN_APPROVED, 1, cast.supervisor)
    _events(far_case, EventKind.HOME_VISIT, 5, cast.far_case_manager)

    def staff(org, fte="1.0", cadre=Cadre.CASE_MANAGER, **kw):
        worker = WorkerFactory(organisation=org, cadre=cadre)
        AssignmentFactory(worker=worker, fte=Decimal(fte), **kw)
        return worker

    staff(cast.directorate)  # district N1
    staff(cast.municipal, "0.5")  # locality N1a, folded into N1
    staff(cast.directorate, end=date(2025, 6, 30), reason_for_leaving="voluntary")  # left before the end
    staff(cast.directorate, start=date(2026, 3, 1))  # came after it
    staff(cast.municipal, cadre=Cadre.COMMUNITY_ASSISTANT)  # another cadre
    staff(cast.other_directorate, "0.5")  # district N2
    staff(cast.far_directorate)  # another region
    return SimpleNamespace(n1_case=n1_case, n2_case=n2_case, study=hand_worked_study(cast.region))


def _loaded(study):
    return (
        StaffingStudy.objects.select_related("area")
        .prefetch_related("activities", "category_allowances", "individual_allowances")
        .get(pk=study.pk)
    )


def _row(result, area):
    return next(r for r in result.rows if r.area.pk == area.pk)


# --- The hand-worked example ---------------------------------------------------------------------------


def test_recorded_workload_is_counted_per_child_area(cast, world):
    start, end = year_span(2025)
    counts = recorded_activity(area=cast.region, start=start, end=end, cadre=Cadre.CASE_MANAGER)
    assert counts == {cast.district.pk: {HV: 6, IA: 4}, cast.other_district.pk: {HV: 18, IA: 4}}
    # The locality's own case is counted in the district below the region, and in the locality itself
    # when the district is studied.
    by_locality = recorded_activity(area=cast.district, start=start, end=end, cadre=Cadre.CASE_MANAGER)
    assert by_locality == {cast.locality.pk: {HV: 6, IA: 4}}


def test_cadre_filter_counts_the_cadres_own_work(cast, world):
    start, end = year_span(2025)
    assistants = recorded_activity(area=cast.region, start=start, end=end, cadre=Cadre.COMMUNITY_ASSISTANT)
    assert assistants == {cast.district.pk: {HV: 3}}
    volunteers = recorded_activity(area=cast.region, start=start, end=end, cadre=Cadre.VOLUNTEER)
    assert volunteers == {cast.district.pk: {HV: 1}}
    # Psychologists record no case work in Careforce: nothing, and no query.
    assert recorded_activity(area=cast.region, start=start, end=end, cadre=Cadre.PSYCHOLOGIST) == {}


def test_existing_staff_is_the_fte_of_current_assignments_per_child_area(cast, world):
    staff = existing_staff_by_area(area=cast.region, cadre=Cadre.CASE_MANAGER, on=date(2025, 12, 31))
    assert staff == {cast.district.pk: Decimal("1.5"), cast.other_district.pk: Decimal("0.5")}
    # In 2026 the worker who started in March is in post too.
    later = existing_staff_by_area(area=cast.region, cadre=Cadre.CASE_MANAGER, on=date(2026, 6, 1))
    assert later[cast.district.pk] == Decimal("2.5")


def test_hand_worked_study(cast, world):
    result = staffing.study_result(_loaded(world.study))
    assert result.available_working_time_hours == 60
    assert result.category_allowance_factor == pytest.approx(1.25)
    assert result.individual_allowance_factor == pytest.approx(0.1)
    assert [r.area.pk for r in result.rows] == [cast.other_district.pk, cast.district.pk]  # shortage first
    n1, n2 = _row(result, cast.district), _row(result, cast.other_district)
    assert n1.recorded == {HV: 6, IA: 4}
    assert n1.result.required_staff == pytest.approx(0.6)
    assert n1.result.existing_staff == pytest.approx(1.5)
    assert n1.result.wisn_difference == pytest.approx(0.9)
    assert n1.result.wisn_ratio == pytest.approx(2.5)
    assert not n1.shortage
    assert n2.result.required_staff == pytest.approx(1.1)
    assert n2.result.existing_staff == pytest.approx(0.5)
    assert n2.result.wisn_difference == pytest.approx(-0.6)
    assert n2.result.wisn_ratio == pytest.approx(0.5 / 1.1)
    assert n2.shortage
    t = result.totals
    assert (t.required_staff, t.existing_staff) == (pytest.approx(1.7), pytest.approx(2.0))
    assert t.wisn_difference == pytest.approx(0.3)
    assert t.wisn_ratio == pytest.approx(2 / 1.7)
    assert t.recorded == {HV: 24, IA: 8}
    assert result.staff_on == date(2025, 12, 31)
    assert result.records_activity and not result.partial_year


def test_a_recorded_visit_counts_through_the_real_service(cast, world):
    """contact_record writes the event every visit leaves: the study counts it the day it is recorded."""
    today = timezone.localdate()
    study = hand_worked_study(cast.region, year=today.year)
    before = _row(staffing.study_result(_loaded(study)), cast.district).recorded.get(HV, 0)
    case_services.contact_record(
        actor=cast.case_manager, case=world.n1_case, kind="home_visit", on=today, notes="All well at home."
    )
    case_services.contact_record(
        actor=cast.case_manager, case=world.n1_case, kind="phone", on=today, notes="Called the school."
    )
    after = _row(staffing.study_result(_loaded(study)), cast.district).recorded
    assert after[HV] == before + 1
    assert staffing.study_result(_loaded(study)).partial_year


def test_the_study_area_itself_has_a_row_when_staff_work_there(cast, world):
    regional_office = OrganisationFactory(area=cast.region)
    worker = WorkerFactory(organisation=regional_office, cadre=Cadre.CASE_MANAGER)
    AssignmentFactory(worker=worker)
    result = staffing.study_result(_loaded(world.study))
    own = _row(result, cast.region)
    assert own.result.existing_staff == 1.0
    assert own.result.required_staff == pytest.approx(0.1)  # the individual allowance only
    assert result.totals.existing_staff == pytest.approx(3.0)


def test_a_cadre_recording_no_case_work_needs_only_its_allowances(cast, world):
    study = hand_worked_study(cast.region, cadre=Cadre.PSYCHOLOGIST)
    result = staffing.study_result(_loaded(study))
    assert not result.records_activity
    assert all(r.result.required_staff == pytest.approx(0.1) for r in result.rows)
    assert result.totals.recorded == {HV: 0, IA: 0}


# --- Entered and what-if volumes -----------------------------------------------------------------------


def test_an_entered_volume_is_shared_as_the_recorded_one(cast, world):
    """60 home visits for the region, shared 6 : 18 as recorded: N1 15, N2 45.
    N1: 15/30 + 4/20 = 0.7 → 0.7 × 1.25 + 0.1 = 0.975; N2: 45/30 + 0.2 = 1.7 → 2.125 + 0.1 = 2.225."""
    StudyActivity.objects.filter(study=world.study, activity=HV).update(annual_volume_override=60)
    result = staffing.study_result(_loaded(world.study))
    assert result.entered == {HV: 60.0}
    assert _row(result, cast.district).volumes[HV] == pytest.approx(15)
    assert _row(result, cast.district).result.required_staff == pytest.approx(0.975)
    assert _row(result, cast.other_district).result.required_staff == pytest.approx(2.225)
    assert result.totals.volumes[HV] == pytest.approx(60)
    assert result.totals.recorded[HV] == 24  # what was recorded stays visible


def test_a_volume_with_nothing_recorded_is_shared_equally(cast, world):
    """40 reviews, none recorded: 20 to each district, 20 × 2 h / 60 h = 0.667 staff more before allowances."""
    StudyActivityFactory(study=world.study, activity=Activity.REVIEW, standard_hours=Decimal("2"))
    result = staffing.study_result(_loaded(world.study), overrides={"review": Decimal("40")})
    assert result.spread_evenly == ["review"]
    n1 = _row(result, cast.district)
    assert n1.volumes["review"] == pytest.approx(20)
    assert n1.result.required_staff == pytest.approx((0.4 + 20 / 30) * 1.25 + 0.1)


def test_what_if_on_the_page_changes_nothing(cast, world, client_for):
    url = f"/evidence/staffing/{world.study.pk}/"
    response = client_for("admin").get(url, {HV: "60"})
    assert response.status_code == 200
    result = response.context["result"]
    assert _row(result, cast.district).result.required_staff == pytest.approx(0.975)
    assert response.context["whatif_applied"]
    assert not StudyActivity.objects.filter(study=world.study, annual_volume_override__isnull=False).exists()
    # htmx asks for the result alone.
    fragment = client_for("admin").get(url, {HV: "60"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b'id="result"' in fragment.content


def test_a_negative_what_if_is_refused_and_the_saved_study_shown(cast, world, client_for):
    response = client_for("admin").get(f"/evidence/staffing/{world.study.pk}/", {HV: "-5"})
    assert response.status_code == 200
    assert response.context["whatif"].errors[HV] == ["This must not be negative."]
    assert not response.context["whatif_applied"]
    assert _row(response.context["result"], cast.district).result.required_staff == pytest.approx(0.6)


def test_the_result_page_shows_the_figures_rounded(cast, world, client_for):
    response = client_for("analyst").get(f"/evidence/staffing/{world.study.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "0.45" in html and "2.50" in html  # ratios to 2 decimals
    assert "-0.6" in html and "+0.9" in html  # differences to 1
    assert 'class="shortage"' in html
    # The chart marks the shortage and the balance line.
    assert "chart-reference" in html and "#e07a1f" in html
    assert "Change the inputs" not in html  # analysts read, never change


# --- Queries ---------------------------------------------------------------------------------------------


def test_the_result_costs_the_same_queries_for_any_number_of_areas(cast, world, django_assert_num_queries):
    study = _loaded(world.study)
    with django_assert_num_queries(3):  # child areas, recorded events, staff in post
        staffing.study_result(study)
    for i in range(5):
        district = AreaFactory(code=f"DM-N-9{i}", name=f"District {i}", level=AreaLevel.DISTRICT, parent=cast.region)
        org = OrganisationFactory(area=district)
        AssignmentFactory(worker=WorkerFactory(organisation=org, cadre=Cadre.CASE_MANAGER))
    study = _loaded(world.study)
    with django_assert_num_queries(3):
        result = staffing.study_result(study)
    assert len(result.rows) == 7


def test_the_pages_make_a_fixed_number_of_queries(cast, world, client_for, django_assert_max_num_queries):
    admin = client_for("admin")
    url = f"/evidence/staffing/{world.study.pk}/"
    with django_assert_max_num_queries(14) as first:
        admin.get(url)
    for i in range(4):
        AreaFactory(code=f"DM-N-8{i}", name=f"District {i}", level=AreaLevel.DISTRICT, parent=cast.region)
        hand_worked_study(cast.region)
    with django_assert_max_num_queries(len(first)):
        admin.get(url)
    with django_assert_max_num_queries(10) as listing:
        admin.get("/evidence/staffing/")
    hand_worked_study(cast.far_region)
    with django_assert_max_num_queries(len(listing)):
        admin.get("/evidence/staffing/")


# --- Creating and changing a study ------------------------------------------------------------------------


def _post_data(study=None, **changes):
    """The edit form as the browser posts it: every activity row, the allowances, the working time."""
    data = {
        "name": "Case managers of the north",
        "area": "",
        "cadre": "case_manager",
        "year": "2025",
        "working_days": "20",
        "public_holidays": "2",
        "annual_leave_days": "4",
        "sick_leave_days": "1",
        "other_leave_days": "1",
        "hours_per_day": "5",
        "act-TOTAL_FORMS": str(len(Activity.values)),
        "act-INITIAL_FORMS": str(len(Activity.values)),
        "cat-TOTAL_FORMS": "2",
        "cat-INITIAL_FORMS": "1",
        "cat-0-name": "Recording",
        "cat-0-amount": "20",
        "ind-TOTAL_FORMS": "2",
        "ind-INITIAL_FORMS": "1",
        "ind-0-name": "Supervising",
        "ind-0-amount": "6",
    }
    for i, key in enumerate(Activity.values):
        data[f"act-{i}-activity"] = key
        data[f"act-{i}-standard_hours"] = {HV: "2", IA: "3"}.get(key, "")
    if study is not None:
        data["version"] = str(study.version)
    data.update(changes)
    return data


def test_a_regional_manager_creates_a_study_with_the_defaults_offered(cast, client_for):
    client = client_for("regional")
    form_page = client.get("/evidence/staffing/new/")
    assert form_page.status_code == 200
    assert form_page.context["forms"].study["area"].value() == cast.region.pk
    response = client.post("/evidence/staffing/new/", _post_data(area=str(cast.district.pk)))
    study = StaffingStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evidence/staffing/{study.pk}/"
    assert study.created_by == cast.regional and study.area == cast.district
    assert sorted(study.activities.values_list("activity", "standard_hours")) == [
        (HV, Decimal("2.00")),
        (IA, Decimal("3.00")),
    ]
    assert list(study.category_allowances.values_list("name", "percent")) == [("Recording", Decimal("20.00"))]
    assert AuditEntry.objects.filter(object_type="evidence.staffingstudy", object_id=str(study.pk)).exists()


def test_a_regional_manager_cannot_study_another_region(cast, client_for):
    response = client_for("regional").post("/evidence/staffing/new/", _post_data(area=str(cast.far_region.pk)))
    assert response.status_code == 400
    assert not StaffingStudy.objects.exists()


def test_the_new_study_form_offers_the_defaults(cast, client_for):
    forms = client_for("admin").get("/evidence/staffing/new/").context["forms"]
    standards = {f["activity"].value(): f["standard_hours"].value() for f in forms.activities}
    assert standards[HV] == Decimal("2.5") and standards[Activity.COMPREHENSIVE_ASSESSMENT] == Decimal("8")
    assert [f["name"].value() for f in forms.category][:2] == ["Recording and reports", "Team meetings"]


def test_an_edit_is_saved_and_audited(cast, world, client_for):
    study = world.study
    response = client_for("admin").post(
        f"/evidence/staffing/{study.pk}/edit/",
        _post_data(study, area=str(cast.region.pk), **{"act-4-annual_volume_override": "60", "ind-0-amount": "12"}),
    )
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.version == 2
    assert study.activities.get(activity=HV).annual_volume_override == Decimal("60")
    assert study.individual_allowances.get().hours_per_year == Decimal("12")
    entry = AuditEntry.objects.filter(object_type="evidence.staffingstudy", object_id=str(study.pk)).latest("pk")
    assert set(entry.changes) == {"name", "activities", "individual_allowances"}


BAD_INPUT = [
    # Leave and holidays take the whole year.
    ({"annual_leave_days": "16"}, "working_days", "no time is left to work"),
    # An activity that takes no time (row 4 is the home visit).
    ({"act-4-standard_hours": "0"}, "act-4-standard_hours", "more than zero hours"),
    ({"act-4-annual_volume_override": "-3"}, "act-4-annual_volume_override", "must not be negative"),
    ({"cat-0-amount": "-1"}, "cat-0-amount", "must not be negative"),
    ({"cat-1-name": "Meetings", "cat-1-amount": "80"}, "cat-TOTAL_FORMS", "less than 100%"),
    ({"ind-0-name": ""}, "ind-0-name", "A name is needed"),
    ({"hours_per_day": "25"}, "hours_per_day", "at most 24"),
    ({**{f"act-{i}-standard_hours": "" for i in range(8)}}, "act-TOTAL_FORMS", "At least one activity"),
    ({"act-4-standard_hours": "abc"}, "act-4-standard_hours", "Enter a number"),
    ({"act-TOTAL_FORMS": "x"}, None, "ManagementForm"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_reported_and_changes_nothing(cast, world, client_for, changes, field, message):
    study = world.study
    before = staffing.StudyIn.of(_loaded(study)).snapshot()
    response = client_for("admin").post(
        f"/evidence/staffing/{study.pk}/edit/", _post_data(study, area=str(cast.region.pk), **changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field is not None:
        # The message sits beside its field.
        marker = f'name="{field}"'
        assert marker in html
        assert message in html[html.index(marker) : html.index(marker) + 1200]
    study.refresh_from_db()
    assert study.version == 1
    assert staffing.StudyIn.of(_loaded(study)).snapshot() == before


def test_bad_input_on_a_new_study_creates_nothing(cast, client_for):
    response = client_for("admin").post(
        "/evidence/staffing/new/", _post_data(area=str(cast.region.pk), annual_leave_days="16")
    )
    assert response.status_code == 400
    assert "no time is left to work" in response.content.decode()
    assert not StaffingStudy.objects.exists()


def test_the_second_editor_is_told_of_the_conflict_and_nothing_is_saved(cast, world, client_for):
    study = world.study
    first, second = client_for("admin"), client_for("regional")
    second.get(f"/evidence/staffing/{study.pk}/edit/")  # both start from version 1
    assert first.post(
        f"/evidence/staffing/{study.pk}/edit/", _post_data(study, area=str(cast.region.pk), hours_per_day="6")
    ).status_code == 302
    response = second.post(
        f"/evidence/staffing/{study.pk}/edit/",
        _post_data(study, area=str(cast.region.pk), hours_per_day="7", name="Mine"),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this study" in html
    changed = {label: (yours, saved) for label, yours, saved in response.context["changed"]}
    assert changed["Working hours per day"] == (Decimal("7"), Decimal("6.00"))
    assert 'name="version" value="2"' in html  # saving again keeps her values over the new version
    study.refresh_from_db()
    assert (study.hours_per_day, study.name, study.version) == (Decimal("6.00"), "Case managers of the north", 2)


def test_the_service_refuses_a_study_outside_the_regional_scope(cast):
    study = StaffingStudyFactory(area=cast.far_region)
    StudyActivityFactory(study=study)
    data = staffing.StudyIn.of(study)
    with pytest.raises(Exception) as refused:
        staffing.staffing_study_update(actor=cast.regional, study=study, version=1, data=data)
    assert refused.type.__name__ == "PermissionDenied"
    with pytest.raises(WisnError) as bad:
        data.working_days = Decimal("0")
        staffing.staffing_study_create(actor=cast.admin, data=data)
    assert "working_days" in bad.value.errors
    assert StaffingStudy.objects.count() == 1


def test_the_ratio_chart_marks_the_balance_line_and_keeps_two_decimals():
    from careforce.core.charts import Bar, bar_chart

    svg = str(bar_chart([Bar("A", 0.45, highlight=True), Bar("B", 2.0)], title="t", decimals=2, reference=1.0,
                        reference_label="balanced"))
    assert "0.45" in svg and ">balanced<" in svg and 'class="chart-reference"' in svg
    # The line stands halfway along the longest bar (1 of 2): labels 80 wide, bars from 88 over 466.
    assert 'x1="321.0"' in svg
    plain = str(bar_chart([Bar("A", 0.5), Bar("B", 2.0)], title="t"))
    assert "chart-reference" not in plain and ">0.5<" in plain  # the existing callers: one decimal, no line


def test_need_in_every_area_of_the_tree(cast, world, django_assert_max_num_queries):
    study = _loaded(world.study)
    with django_assert_max_num_queries(12):
        everywhere = {area: r for (pk, area), r in staffing.need_in_every_area([study]).items()}
    by_study = {r.area.pk: r.result for r in staffing.study_result(study).rows}
    # The districts agree with the study's own rows.
    for pk in (cast.district.pk, cast.other_district.pk):
        assert everywhere[pk].required_staff == pytest.approx(by_study[pk].required_staff)
        assert everywhere[pk].existing_staff == pytest.approx(by_study[pk].existing_staff)
    # The region as one unit: A = 0.4 + 0.8 (the districts' A), required = 1.2 × 1.25 + 0.1 = 1.6.
    assert everywhere[cast.region.pk].required_staff == pytest.approx(1.6)
    assert everywhere[cast.region.pk].existing_staff == pytest.approx(2.0)
    # The locality of N1's case: the same work as its district, and the municipal worker's half post.
    assert everywhere[cast.locality.pk].required_staff == pytest.approx(0.6)
    assert everywhere[cast.locality.pk].existing_staff == pytest.approx(0.5)
    assert cast.far_district.pk not in everywhere
