"""The competency framework and the courses (domain.md section 3)."""


from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from careforce.cases.models.translated import Translated
from careforce.workforce.models import Cadre

MAX_LEVEL = 4


class ProficiencyLevel(Translated):
    level = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )

    class Meta:
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        ordering = ["level"]


class Competency(Translated):
    """A competency, or a group of them (a competency whose parent is empty)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["order", "pk"]


class CompetencyRequirement(models.Model):
    """The level a cadre must reach in a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="requirements")
    cadre = models.CharField(_("cadre"), max_length=32, choices=Cadre.choices)
    level = models.PositiveSmallIntegerField(
        _("required level"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]
    )

    class Meta:
        verbose_name = _("required level")
        verbose_name_plural = _("required levels")
        constraints = [
            models.UniqueConstraint(fields=["competency", "cadre"], name="requirement_once_per_cadre"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=MAX_LEVEL), name="requirement_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} {self.cadre}: {self.level}"


class CourseKind(models.TextChoices):
    INITIAL = "initial", _("Initial training")
    CONTINUING = "continuing", _("Continuing training")


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.CONTINUING)
    description = models.TextField(_("description"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    cpd_credits = models.DecimalField(
        _("CPD credits"), max_digits=5, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    trains_trainers = models.BooleanField(
        _("trains trainers"), default=False, help_text=_("Participants go on to deliver the course themselves.")
    )
    test_max = models.PositiveSmallIntegerField(
        _("highest test score"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The most points the pre- and post-test can give."),
    )
    active = models.BooleanField(_("offered"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["trains_trainers", "active"])]
        constraints = [models.CheckConstraint(condition=models.Q(test_max__gte=1), name="course_test_max_positive")]

    def __str__(self) -> str:
        return self.title


class CourseMaterial(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="training/materials/", blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("An address, or the path of a file on the local network.")
    )

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
