"""The minimum standards as data: which steps, their clocks by risk level, what closure requires.

The defaults (migration 0002) follow domain.md; each country edits them in the administration.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import Case, EventKind, RiskLevel
from .translated import Translated


class Anchor(models.TextChoices):
    OPENED = "opened", _("when the case is opened")
    INITIAL_ASSESSMENT = "initial_assessment", _("when the initial assessment is completed")
    COMPREHENSIVE_ASSESSMENT = "comprehensive_assessment", _("when the comprehensive assessment is completed")
    PLAN_APPROVED = "plan_approved", _("when the plan is approved")


class StandardStep(Translated):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    anchor = models.CharField(_("the clock starts"), max_length=32, choices=Anchor.choices)
    done_by = models.CharField(
        _("done when"),
        max_length=32,
        choices=EventKind.choices,
        help_text=_("The event that completes this step."),
    )
    days_high = models.PositiveSmallIntegerField(_("days allowed, high risk"))
    days_medium = models.PositiveSmallIntegerField(_("days allowed, medium risk"))
    days_low = models.PositiveSmallIntegerField(_("days allowed, low risk"))
    working_days = models.BooleanField(_("count working days only"), default=False)
    repeats = models.BooleanField(
        _("repeats"),
        default=False,
        help_text=_("Due again the same number of days after each time it is done."),
    )
    required_before_closure = models.BooleanField(_("required before closure"), default=False)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("standard step")
        verbose_name_plural = _("standards: steps and deadlines")
        ordering = ["order", "pk"]

    def days_for(self, risk: str) -> int:
        return {RiskLevel.HIGH: self.days_high, RiskLevel.MEDIUM: self.days_medium}.get(risk, self.days_low)

    def clean(self) -> None:
        if self.repeats and min(self.days_high or 0, self.days_medium or 0, self.days_low or 0) < 1:
            raise ValidationError(_("A repeating step needs at least one day between occurrences."))


class PublicHoliday(models.Model):
    """Days that do not count as working days for the standards clock."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CaseDeadline(models.Model):
    """One due step of one case, recomputed whenever the case changes; reports count them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    step = models.ForeignKey(StandardStep, on_delete=models.CASCADE, related_name="+")
    occurrence = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step", "occurrence"], name="deadline_once_per_occurrence"
            )
        ]
        indexes = [models.Index(fields=["due_on", "done_on"])]

    def __str__(self) -> str:
        return f"{self.step} {self.due_on}"

    @property
    def on_time(self) -> bool | None:
        if self.done_on is None:
            return None
        return self.done_on <= self.due_on
