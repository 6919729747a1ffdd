"""The demo country's staffing studies: one per region, from the defaults, and removed with the country."""

from __future__ import annotations

from careforce.demo.generator import RESET_STEPS, SCALES, STEPS, Context
from careforce.demo.generator.staffing import build_staffing, reset_staffing
from careforce.evidence import staffing
from careforce.evidence.models import StaffingStudy, StudyActivity
from careforce.workforce.models import Cadre


def test_a_study_per_region_that_calculates(cast):
    assert build_staffing in STEPS and reset_staffing in RESET_STEPS
    ctx = Context(scale=SCALES["demo"], seed=1, progress=False)
    ctx.regions = [cast.region, cast.far_region]
    ctx.users = [cast.regional, cast.admin]
    ctx.logins = {"admin": cast.admin, "regional": cast.regional}
    build_staffing(ctx)
    studies = {s.area_id: s for s in StaffingStudy.objects.all()}
    assert set(studies) == {cast.region.pk, cast.far_region.pk}
    assert studies[cast.region.pk].created_by == cast.regional  # her region's study
    assert studies[cast.far_region.pk].created_by == cast.admin  # no manager of the south in the cast
    assert all(s.cadre == Cadre.CASE_MANAGER for s in studies.values())
    assert StudyActivity.objects.count() == 2 * 8
    result = staffing.study_result(studies[cast.region.pk])
    assert {r.area.pk for r in result.rows} == {cast.district.pk, cast.other_district.pk}
    assert result.available_working_time_hours == (260 - 12 - 28 - 7 - 3) * 8
    reset_staffing(cast.country)
    assert not StaffingStudy.objects.exists()
