"""A WISN staffing study of the case managers of each region of the demo country.

The studies start from the default standards and allowances (evidence/defaults.py); their workload is
whatever the case step recorded, counted when a study is shown, so nothing but the inputs is stored here.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careforce.core.roles import Role
from careforce.evidence.models import (
    StaffingStudy,
    StudyActivity,
    StudyCategoryAllowance,
    StudyIndividualAllowance,
)
from careforce.evidence.staffing import STUDY_FIELDS, StudyIn
from careforce.workforce.models import Cadre

from .context import Context


def build_staffing(ctx: Context) -> None:
    today = timezone.localdate()
    # The demo's cases are mostly recent: from July on, this year holds the most recorded work.
    year = today.year if today.month >= 7 else today.year - 1
    admin = ctx.logins.get("admin")
    managers = {u.area_id: u for u in ctx.users if u.role == Role.REGIONAL_MANAGER and u.area_id}
    activities, category, individual = [], [], []
    # The study's names are data in the country's official language, whatever language runs the seed.
    with translation.override("ro"):
        for region in ctx.regions:
            data = StudyIn.starting(
                name=_("Case managers of %(area)s, %(year)s") % {"area": region.name, "year": year},
                area=region, cadre=Cadre.CASE_MANAGER, year=year,
            )
            study = StaffingStudy.objects.create(
                created_by=managers.get(region.pk, admin), **{name: getattr(data, name) for name in STUDY_FIELDS}
            )
            activities += [StudyActivity(study=study, activity=a.activity, standard_hours=a.standard_hours)
                           for a in data.activities]
            category += [StudyCategoryAllowance(study=study, name=c.name, percent=c.amount)
                         for c in data.category_allowances]
            individual += [StudyIndividualAllowance(study=study, name=i.name, hours_per_year=i.amount)
                           for i in data.individual_allowances]
    StudyActivity.objects.bulk_create(activities)
    StudyCategoryAllowance.objects.bulk_create(category)
    StudyIndividualAllowance.objects.bulk_create(individual)
    ctx.counts["staffing studies"] = len(ctx.regions)


def reset_staffing(country) -> None:
    """The studies go before the areas they study (an area is protected while a study points at it)."""
    StaffingStudy.objects.filter(area__path__startswith=country.path).delete()
