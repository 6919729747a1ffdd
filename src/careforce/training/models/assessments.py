"""Competency assessments (domain.md section 3): a worker rates herself, her supervisor rates her, on the
competencies of the framework. They feed the training needs analysis (required level minus assessed).

Who reads them: the worker herself, her supervisor and her organisation's supervisors, the regional
manager of her area and the national administrator (the same door as CPD records).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.workforce.models import Worker

from .cpd import _organisation_supervisor_grant
from .framework import MAX_LEVEL, Competency


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    SUPERVISOR = "supervisor", _("Supervisor's assessment")


class CompetencyAssessment(models.Model):
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="competency_assessments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.STAFF, area="worker__area", person="worker__user", supervisor="worker__user__supervisor",
        grants=[_organisation_supervisor_grant],
    )

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["worker", "kind", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.kind} {self.assessed_on}"


class CompetencyRating(models.Model):
    assessment = models.ForeignKey(CompetencyAssessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="rating_once_per_assessment"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=MAX_LEVEL), name="rating_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.level}"
