from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access

from .case import Case
from .translated import Translated


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", _("Initial assessment")
    COMPREHENSIVE = "comprehensive", _("Comprehensive assessment")
    REVIEW = "review", _("Review")


class Instrument(Translated):
    """An assessment instrument held as data: domains, questions and their scale."""

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(_("used for"), max_length=20, choices=AssessmentKind.choices)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_low_label = models.CharField(max_length=120, blank=True)
    scale_high_label = models.CharField(max_length=120, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")


class DomainKind(models.TextChoices):
    NEEDS = "needs", _("Strengths and needs")
    PROTECTIVE = "protective", _("Protective factors (scored)")


class Domain(Translated):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=DomainKind.choices, default=DomainKind.NEEDS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_unique")]


class Question(Translated):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="question_code_unique")]


class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    immediate_safety_concern = models.BooleanField(_("the child is not safe now"), default=False)
    needs_protection = models.BooleanField(_("the child needs protection or support"), default=True)
    strengths = models.TextField(_("strengths"), blank=True)
    needs = access.sensitive(models.TextField(_("needs and risks"), blank=True))
    narrative = access.sensitive(models.TextField(_("assessment narrative"), blank=True))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["case", "kind", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = access.sensitive(models.TextField(_("note"), blank=True))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"
