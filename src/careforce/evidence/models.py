"""Staffing studies by WHO's WISN method (domain.md section 2): the inputs a planner sets for an area,
a cadre and a year. The workload itself is not stored: it is counted from the recorded case work each time
the study is shown (cases.workload), so the study follows the records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.cases.workload import Activity
from careforce.core import access
from careforce.core.models import Area
from careforce.core.roles import Role
from careforce.workforce.models import Cadre


def _analysts_read_every_study(user) -> Q:
    # Analysts work with aggregates: a study holds counts per area, nobody's record.
    return Q(pk__isnull=False) if user.role == Role.ANALYST else access.NOTHING


class StaffingStudy(models.Model):
    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The study shows one row for each area one level below this one."),
    )
    cadre = models.CharField(_("cadre"), max_length=32, choices=Cadre.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # Available working time (WISN): the year's working days less what is not worked, times the hours.
    working_days = models.DecimalField(_("working days in the year"), max_digits=4, decimal_places=1)
    public_holidays = models.DecimalField(_("public holidays"), max_digits=4, decimal_places=1)
    annual_leave_days = models.DecimalField(_("annual leave (days)"), max_digits=4, decimal_places=1)
    sick_leave_days = models.DecimalField(_("sick leave (days)"), max_digits=4, decimal_places=1)
    other_leave_days = models.DecimalField(_("other leave (days)"), max_digits=4, decimal_places=1)
    hours_per_day = models.DecimalField(_("working hours per day"), max_digits=4, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = access.ScopedQuerySet.as_manager()
    # National administrators see every study, a regional manager those of areas in her region, analysts
    # all of them (to read, never to change); other roles none.
    access_policy = access.Policy(kind=access.STAFF, area="area", grants=[_analysts_read_every_study])

    class Meta:
        verbose_name = _("staffing study")
        verbose_name_plural = _("staffing studies")
        ordering = ["-year", "name", "pk"]
        indexes = [models.Index(fields=["area", "year"])]
        constraints = [
            # The same checks as workforce.wisn, kept by the database too: a row that breaks them could
            # not be calculated.
            models.CheckConstraint(
                condition=Q(working_days__gt=0, working_days__lte=366), name="study_working_days_range"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gt=0, hours_per_day__lte=24), name="study_hours_per_day_range"
            ),
            models.CheckConstraint(
                condition=Q(public_holidays__gte=0, annual_leave_days__gte=0, sick_leave_days__gte=0,
                            other_leave_days__gte=0),
                name="study_leave_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StudyActivity(models.Model):
    study = models.ForeignKey(StaffingStudy, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices)
    standard_hours = models.DecimalField(
        _("activity standard (hours)"), max_digits=6, decimal_places=2,
        help_text=_("The time one unit of the activity takes, travel included."),
    )
    annual_volume_override = models.DecimalField(
        _("annual volume, entered"), max_digits=10, decimal_places=1, null=True, blank=True,
        help_text=_("Leave empty to use the activities recorded in Careforce."),
    )

    class Meta:
        verbose_name = _("activity standard")
        verbose_name_plural = _("activity standards")
        ordering = ["study", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "activity"], name="study_activity_once"),
            models.CheckConstraint(condition=Q(standard_hours__gt=0), name="study_activity_standard_positive"),
            models.CheckConstraint(
                condition=Q(annual_volume_override__isnull=True) | Q(annual_volume_override__gte=0),
                name="study_activity_volume_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.standard_hours} h"


class StudyCategoryAllowance(models.Model):
    """Support work everyone in the cadre does (recording, team meetings), as a share of working time."""

    study = models.ForeignKey(StaffingStudy, on_delete=models.CASCADE, related_name="category_allowances")
    name = models.CharField(_("name"), max_length=200)
    percent = models.DecimalField(_("percent of working time"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("category allowance")
        verbose_name_plural = _("category allowances")
        ordering = ["study", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lt=100), name="study_category_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.percent}%"


class StudyIndividualAllowance(models.Model):
    """Work only some staff do (supervising, training others), in hours per year for each area's team."""

    study = models.ForeignKey(StaffingStudy, on_delete=models.CASCADE, related_name="individual_allowances")
    name = models.CharField(_("name"), max_length=200)
    hours_per_year = models.DecimalField(_("hours per year"), max_digits=8, decimal_places=1)

    class Meta:
        verbose_name = _("individual allowance")
        verbose_name_plural = _("individual allowances")
        ordering = ["study", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_year__gte=0), name="study_individual_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.hours_per_year} h"
