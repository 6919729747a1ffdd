"""Continuing professional development (domain.md section 3): what each worker did to keep learning, and
what her cadre must do in a period.

Who reads a worker's CPD records (`CpdRecord.objects.visible_to`): herself, her supervisor and the
supervisors of her organisation, the regional manager of her area and the national administrator.
Colleagues do not: what a worker learnt and how it changed her practice is between her and those who
support her.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.roles import Role
from careforce.workforce.models import Cadre, Worker

from .sessions import Participation


class CpdKind(models.TextChoices):
    COURSE = "course", _("Course or training session")
    WORKSHOP = "workshop", _("Workshop, seminar or conference")
    E_LEARNING = "e_learning", _("E-learning")
    PEER_LEARNING = "peer_learning", _("Peer learning or case discussion")
    MENTORING = "mentoring", _("Mentoring or coaching")
    SELF_STUDY = "self_study", _("Reading and self-study")
    OTHER = "other", _("Other")


def _organisation_supervisor_grant(user) -> models.Q:
    """A supervisor reads the CPD of her organisation's workers, whom she supports as a team."""
    if user is None or not user.is_authenticated or user.role != Role.SUPERVISOR or not user.organisation_id:
        return access.NOTHING
    return models.Q(worker__organisation=user.organisation_id)


class CpdRecord(models.Model):
    worker = models.ForeignKey(Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="cpd_records")
    kind = models.CharField(_("kind of activity"), max_length=20, choices=CpdKind.choices)
    title = models.CharField(_("activity"), max_length=200)
    done_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    credits = models.DecimalField(
        _("CPD credits"), max_digits=5, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
    )
    learnt = models.TextField(_("what was learnt"), blank=True)
    impact = models.TextField(_("impact on practice"), blank=True)
    # Set when the record was added by attending a course to the end: the session keeps it in step.
    participation = models.OneToOneField(
        Participation, null=True, blank=True, on_delete=models.CASCADE, related_name="cpd_record", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.STAFF, area="worker__area", person="worker__user", supervisor="worker__user__supervisor",
        grants=[_organisation_supervisor_grant],
    )

    class Meta:
        verbose_name = _("CPD record")
        verbose_name_plural = _("CPD records")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["worker", "done_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="cpd_hours_positive"),
            models.CheckConstraint(condition=models.Q(credits__gte=0), name="cpd_credits_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.done_on}"

    @property
    def from_course(self) -> bool:
        return self.participation_id is not None


class CpdRequirement(models.Model):
    """The hours of CPD a worker of a cadre must do within a period: data the national administrator
    keeps, since each country sets its own."""

    cadre = models.CharField(_("cadre"), max_length=32, choices=Cadre.choices, unique=True)
    hours = models.DecimalField(
        _("hours required"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The hours are counted over this many months up to the day the figures are for."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Where the requirement comes from."))

    class Meta:
        verbose_name = _("CPD requirement")
        verbose_name_plural = _("CPD requirements")
        ordering = ["cadre"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="cpd_requirement_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(period_months__gte=1) & models.Q(period_months__lte=60),
                name="cpd_requirement_period_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cadre_display()}: {self.hours} h / {self.period_months}"
