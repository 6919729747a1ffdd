from __future__ import annotations

from decimal import Decimal

import factory

from careforce.cases.workload import Activity
from careforce.evidence.models import (
    StaffingStudy,
    StudyActivity,
    StudyCategoryAllowance,
    StudyIndividualAllowance,
)
from careforce.workforce.models import Cadre


class StaffingStudyFactory(factory.django.DjangoModelFactory):
    """A small study worked by hand: AWT = (20 − 2 − 4 − 1 − 1) × 5 = 12 × 5 = 60 hours."""

    class Meta:
        model = StaffingStudy

    name = factory.Sequence(lambda n: f"Study {n}")
    cadre = Cadre.CASE_MANAGER
    year = 2025
    working_days = Decimal("20")
    public_holidays = Decimal("2")
    annual_leave_days = Decimal("4")
    sick_leave_days = Decimal("1")
    other_leave_days = Decimal("1")
    hours_per_day = Decimal("5")


class StudyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyActivity

    study = factory.SubFactory(StaffingStudyFactory)
    activity = Activity.HOME_VISIT
    standard_hours = Decimal("2")


class CategoryAllowanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyCategoryAllowance

    study = factory.SubFactory(StaffingStudyFactory)
    name = "Recording"
    percent = Decimal("20")


class IndividualAllowanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyIndividualAllowance

    study = factory.SubFactory(StaffingStudyFactory)
    name = "Supervising"
    hours_per_year = Decimal("6")


def hand_worked_study(area, **kw) -> StaffingStudy:
    """Home visit 2 h (30 a year per worker), initial assessment 3 h (20 a year), recording 20%
    (CAF = 1 / 0.8 = 1.25), supervising 6 h a year (IAF = 6 / 60 = 0.1)."""
    study = StaffingStudyFactory(area=area, **kw)
    StudyActivityFactory(study=study, activity=Activity.HOME_VISIT, standard_hours=Decimal("2"))
    StudyActivityFactory(study=study, activity=Activity.INITIAL_ASSESSMENT, standard_hours=Decimal("3"))
    CategoryAllowanceFactory(study=study)
    IndividualAllowanceFactory(study=study)
    return study
