"""The care-setting timeline and the reintegration pathway, against the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from careforce.core.models import AuditEntry
from careforce.placements import services
from careforce.placements.models import CareSetting, MonitoringStep, Reintegration, add_months

from .factories import make_child, make_institution

D = dt.date


@pytest.fixture
def child(cast):
    return make_child(cast)


@pytest.fixture
def home(cast):
    return make_institution(cast.district)


def change(cast, child, kind, start, **kw):
    return services.care_setting_change(actor=cast.case_manager, child=child, kind=kind, start=start, **kw)


def test_change_closes_the_previous_setting_the_day_before(cast, child, home):
    first = change(cast, child, "family", D(2020, 1, 1), carer="Mother")
    second = change(cast, child, "residential", D(2024, 3, 1), institution=home, planned_end=D(2025, 3, 1))
    first.refresh_from_db()
    assert first.end == D(2024, 2, 29)
    assert second.end is None
    assert services.current_setting(child) == second
    assert list(CareSetting.objects.filter(child=child, end__isnull=True)) == [second]
    assert AuditEntry.objects.filter(object_type="placements.caresetting").count() == 2


def test_no_overlap_and_no_start_before_the_current_one(cast, child, home):
    change(cast, child, "family", D(2020, 1, 1))
    change(cast, child, "kinship", D(2022, 6, 1))
    for start in (D(2021, 5, 5), D(2022, 6, 1), D(2019, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            change(cast, child, "foster", start)
        assert "start" in exc.value.message_dict
    assert CareSetting.objects.filter(child=child).count() == 2
    assert services.current_setting(child).kind == "kinship"


def test_institution_is_required_for_institutions_and_refused_for_families(cast, child, home):
    with pytest.raises(ValidationError) as exc:
        change(cast, child, "residential", D(2024, 1, 1))
    assert "institution" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        change(cast, child, "family", D(2024, 1, 1), institution=home)
    assert "institution" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        change(cast, child, "residential", D(2024, 1, 1), institution=cast.directorate)
    assert "institution" in exc.value.message_dict
    assert not CareSetting.objects.filter(child=child).exists()


def test_future_date_refused_and_roles_without_writing_refused(cast, child):
    with pytest.raises(ValidationError):
        change(cast, child, "family", dt.date.today() + dt.timedelta(days=1))
    for user in (cast.volunteer, cast.trainer, cast.analyst):
        with pytest.raises(PermissionDenied):
            services.care_setting_change(actor=user, child=child, kind="family", start=D(2020, 1, 1))


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def _reintegrate(cast, child, home, moved_on):
    change(cast, child, "family", D(2018, 1, 1))
    change(cast, child, "residential", D(2021, 1, 1), institution=home)
    r = services.reintegration_start(actor=cast.case_manager, child=child)
    r = services.reintegration_record_readiness(actor=cast.case_manager, reintegration=r, on=moved_on - dt.timedelta(days=60))
    r = services.reintegration_record_preparation(actor=cast.case_manager, reintegration=r, on=moved_on - dt.timedelta(days=20))
    return services.reintegration_record_move(actor=cast.case_manager, reintegration=r, on=moved_on, kind="family",
                                              carer="Mother")


def test_move_opens_the_family_setting_and_closes_the_institution(cast, child, home):
    r = _reintegrate(cast, child, home, D(2024, 5, 10))
    assert r.sustain_on == D(2025, 5, 10)
    current = services.current_setting(child)
    assert (current.kind, current.start) == ("family", D(2024, 5, 10))
    r.from_setting.refresh_from_db()
    assert r.from_setting.end == D(2024, 5, 9)


def test_sustained_when_twelve_months_pass_in_family_care(cast, child, home):
    r = _reintegrate(cast, child, home, D(2024, 5, 10))
    r = Reintegration.objects.with_status().get(pk=r.pk)
    assert r.status_on(D(2025, 5, 9), broken=r.broken) == "moved"
    assert r.status_on(D(2025, 5, 10), broken=r.broken) == "sustained"
    assert r.status == "sustained"  # today is well after May 2025


def test_broken_down_when_the_child_returns_to_residential_care(cast, child, home):
    r = _reintegrate(cast, child, home, D(2024, 5, 10))
    change(cast, child, "residential", D(2025, 2, 1), institution=home)
    r = Reintegration.objects.with_status().get(pk=r.pk)
    assert r.broken is True
    assert r.status == "broken_down"


def test_a_return_after_twelve_months_does_not_break_a_sustained_reintegration(cast, child, home):
    r = _reintegrate(cast, child, home, D(2023, 5, 10))
    change(cast, child, "residential", D(2024, 6, 1), institution=home)
    assert Reintegration.objects.with_status().get(pk=r.pk).status == "sustained"


def test_in_progress_then_in_preparation(cast, child, home):
    recent = dt.date.today() - dt.timedelta(days=40)
    r = _reintegrate(cast, child, home, recent)
    assert Reintegration.objects.with_status().get(pk=r.pk).status == "moved"
    other = make_child(cast, given="Ana")
    change(cast, other, "residential", D(2022, 1, 1), institution=home)
    prep = services.reintegration_start(actor=cast.case_manager, child=other)
    assert Reintegration.objects.with_status().get(pk=prep.pk).status == "preparation"


def test_reintegration_starts_only_from_residential_care(cast, child):
    change(cast, child, "family", D(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.reintegration_start(actor=cast.case_manager, child=child)
    assert not Reintegration.objects.exists()


def test_visit_before_the_move_is_refused_with_a_clear_message(cast, child, home):
    r = _reintegrate(cast, child, home, D(2024, 5, 10))
    step = MonitoringStep.objects.get(months=1)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(actor=cast.case_manager, reintegration=r, visited_on=D(2024, 5, 9), step=step)
    assert "before the move" in exc.value.message_dict["visited_on"][0]
    assert not r.visits.exists()
    visit = services.visit_record(actor=cast.case_manager, reintegration=r, visited_on=D(2024, 6, 12), step=step)
    assert visit.step == step
    with pytest.raises(ValidationError):  # the one-month visit is already recorded
        services.visit_record(actor=cast.case_manager, reintegration=r, visited_on=D(2024, 6, 20), step=step)


def test_schedule_marks_done_and_overdue_visits(cast, child, home):
    r = _reintegrate(cast, child, home, D(2024, 5, 10))
    steps = list(MonitoringStep.objects.all())
    assert [s.months for s in steps] == [1, 3, 6, 12]
    services.visit_record(actor=cast.case_manager, reintegration=r, visited_on=D(2024, 6, 12), step=steps[0])
    rows = services.schedule(r, list(r.visits.all()), steps, D(2024, 9, 1))
    assert [(row["due"], row["state"]) for row in rows] == [
        (D(2024, 6, 10), "done"), (D(2024, 8, 10), "overdue"), (D(2024, 11, 10), "later"), (D(2025, 5, 10), "later"),
    ]
