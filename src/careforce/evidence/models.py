"""Staffing studies by WHO's WISN method (domain.md section 2): the inputs a planner sets for an area,
a cadre and a year. The workload itself is not stored: it is counted from the recorded case work each time
the study is shown (cases.workload), so the study follows the records."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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


# --- The DHIS2 exchange (evidence/dhis2.py) ------------------------------------------------------------------
# Which Careforce figure goes into which DHIS2 data element, and which area is which organisation unit: data
# the national administrator keeps in the administration, since each country's DHIS2 has its own identifiers.

DHIS2_UID = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9]{10}$",
    _("A DHIS2 identifier has 11 letters and digits and begins with a letter (e.g. fbfJHSPpUQD)."),
)


def _indicator_choices() -> list[tuple[str, str]]:
    from careforce.evidence.indicators import REGISTRY  # the definitions read every app's models

    return [(code, str(indicator.name)) for code, indicator in REGISTRY.items()]


def _dimension_choices() -> list[tuple[str, str]]:
    from careforce.evidence.dhis2 import dimension_choices

    return dimension_choices()


class Dhis2OrgUnit(models.Model):
    area = models.OneToOneField(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    org_unit = models.CharField(
        _("DHIS2 organisation unit"), max_length=11, unique=True, validators=[DHIS2_UID],
        help_text=_("The UID of the organisation unit in DHIS2."),
    )

    class Meta:
        verbose_name = _("DHIS2 organisation unit")
        verbose_name_plural = _("DHIS2 organisation units")
        ordering = ["area__path"]

    def __str__(self) -> str:
        return f"{self.area} → {self.org_unit}"


class Dhis2DataElement(models.Model):
    """One Careforce figure (an indicator's total, or one column of one of its disaggregations) sent as one
    DHIS2 data element and category option combination."""

    indicator = models.CharField(_("indicator"), max_length=64, choices=_indicator_choices)
    disaggregation = models.CharField(
        _("disaggregation"), max_length=32, blank=True, choices=_dimension_choices,
        help_text=_("Leave empty to send the indicator's total."),
    )
    column = models.CharField(
        _("value of the disaggregation"), max_length=32, blank=True,
        help_text=_("The key of the column sent, e.g. F for female (sex) or 0-2 (age group)."),
    )
    data_element = models.CharField(
        _("DHIS2 data element"), max_length=11, validators=[DHIS2_UID],
        help_text=_("The UID of the data element in DHIS2."),
    )
    category_option_combo = models.CharField(
        _("DHIS2 category option combination"), max_length=11, blank=True, validators=[DHIS2_UID],
        help_text=_("Leave empty for the data element's default combination."),
    )

    class Meta:
        verbose_name = _("DHIS2 data element")
        verbose_name_plural = _("DHIS2 data elements")
        ordering = ["indicator", "disaggregation", "column", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "disaggregation", "column"], name="dhis2_figure_once"),
            # Two figures sent into the same DHIS2 cell would overwrite each other there.
            models.UniqueConstraint(fields=["data_element", "category_option_combo"], name="dhis2_cell_once"),
            models.CheckConstraint(
                condition=Q(disaggregation="", column="") | (~Q(disaggregation="") & ~Q(column="")),
                name="dhis2_column_with_its_disaggregation",
            ),
        ]

    def __str__(self) -> str:
        figure = f"{self.indicator}[{self.disaggregation}={self.column}]" if self.disaggregation else self.indicator
        return f"{figure} → {self.data_element}{'.' + self.category_option_combo if self.category_option_combo else ''}"

    def clean(self) -> None:
        from careforce.evidence.dhis2 import mapping_errors

        errors = mapping_errors(indicator=self.indicator, disaggregation=self.disaggregation, column=self.column)
        if errors:
            raise ValidationError(errors)


class StoredFigure(models.Model):
    """One indicator table as last computed for a scope, a period and a disaggregation (`figures.py`): the
    dashboards, the report, the API and the DHIS2 export read it, so a national figure is computed once for
    everyone (and again in the background when it is older than `figures.FRESH_SECONDS`), never while a
    page waits. Holds aggregates only, the figures as computed before any suppression."""

    key = models.CharField(max_length=64, unique=True)  # figures.key(): a digest of what follows
    indicator = models.CharField(max_length=64)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    by = models.CharField(max_length=32, blank=True)
    organisation_id = models.IntegerField(null=True, blank=True)
    team = models.JSONField(null=True, blank=True)
    data = models.JSONField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long the computation took
    refreshing_since = models.DateTimeField(null=True, blank=True)  # a background refresh is queued

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="evidence_figure_computed")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_id} {self.period_start}–{self.period_end} {self.by}"
