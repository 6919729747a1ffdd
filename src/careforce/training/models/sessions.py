"""Training of the workforce (domain.md section 3): the competency framework, courses, sessions with their
participants and scores, and the training-of-trainers cascade (each session records the one it cascades from).

Who sees a session (`TrainingSession.objects.visible_to`): the national administrator, all; a regional
manager, those held in her region or with a participant working in it; a supervisor, those her supervisees
took part in; a trainer, those her organisation organised and those she trains; anyone, those she trains
or took part in. Participations (scores, feedback) follow the participant: herself, her supervisor, the
regional manager of her area, and the trainers and regional manager of the session.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, Organisation
from careforce.core.roles import Role
from careforce.workforce.models import Worker

from .framework import Course


def _participations(user) -> models.QuerySet:
    return Participation.objects.filter(worker__user=user.pk)


def _session_grant(user) -> models.Q:
    """Sessions she trains or took part in; a trainer's organisation's; a supervisor's supervisees';
    a regional manager's participants'. Subqueries: no extra round trip, no duplicate rows."""
    if user is None or not user.is_authenticated:
        return access.NOTHING
    q = models.Q(pk__in=_participations(user).values("session")) | models.Q(
        pk__in=TrainingSession.trainers.through.objects.filter(worker__user=user.pk).values("trainingsession")
    )
    if user.role == Role.TRAINER and user.organisation_id:
        # Her organisation's sessions and everything that cascades from them or from what she trained.
        mine = models.Q(organiser=user.organisation_id) | models.Q(
            pk__in=TrainingSession.trainers.through.objects.filter(worker__user=user.pk).values("trainingsession")
        )
        q |= mine | models.Q(cascade_root__in=TrainingSession.objects.filter(mine).values("pk"))
    elif user.role == Role.SUPERVISOR:
        q |= models.Q(pk__in=Participation.objects.filter(worker__user__supervisor=user.pk).values("session"))
    elif user.role == Role.REGIONAL_MANAGER and user.scope_area is not None:
        path = user.scope_area.path
        q |= models.Q(pk__in=Participation.objects.filter(worker__area__path__startswith=path).values("session"))
    return q


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="training_sessions"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("held in"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Left empty, the organiser's area applies."),
    )
    trainers = models.ManyToManyField(Worker, verbose_name=_("trainers"), related_name="sessions_trained")
    cascades_from = models.ForeignKey(
        "self", verbose_name=_("cascades from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cascades", help_text=_("The training-of-trainers session where its trainers were trained."),
    )
    # The top of the cascade this session belongs to (itself when it has none), kept by the services so a
    # whole tree loads in one query.
    cascade_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(kind=access.STAFF, area="area", grants=[_session_grant])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["starts_on"]),
            models.Index(fields=["organiser", "starts_on"]),
            models.Index(fields=["area", "starts_on"]),
            models.Index(fields=["cascade_root"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.starts_on}"

    def save(self, *args, **kwargs) -> None:
        if self.area_id is None and self.organiser_id is not None:
            self.area_id = self.organiser.area_id
        super().save(*args, **kwargs)

    @property
    def days(self) -> list:
        from datetime import timedelta

        return [self.starts_on + timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]


def _participation_grant(user) -> models.Q:
    """Those who read a session (trainer, regional manager, supervisor) read who took part in it and
    their scores: names, organisations, scores, never their cases."""
    if user is None or not user.is_authenticated:
        return access.NOTHING
    if user.role not in (Role.TRAINER, Role.REGIONAL_MANAGER, Role.SUPERVISOR):
        return access.NOTHING
    return models.Q(session__in=TrainingSession.objects.filter(_session_grant(user)).values("pk"))


def participant_worker_grant(user) -> models.Q:
    """Workers the user may see because they took part in a session she trains or her organisation ran."""
    if user is None or not user.is_authenticated or user.role != Role.TRAINER:
        return access.NOTHING
    return models.Q(pk__in=Participation.objects.filter(_participation_grant(user)).values("worker"))


class Participation(models.Model):
    """A worker taking part in a session: her test scores and feedback."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participations")
    worker = models.ForeignKey(
        Worker, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="training_participations"
    )
    pre_score = models.DecimalField(_("pre-test score"), max_digits=6, decimal_places=1, null=True, blank=True)
    post_score = models.DecimalField(_("post-test score"), max_digits=6, decimal_places=1, null=True, blank=True)
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How useful the participant found the session, 1 (not at all) to 5 (very)."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.STAFF, area="worker__area", person="worker__user", supervisor="worker__user__supervisor",
        grants=[_participation_grant],
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["worker__family_name", "worker__given_name", "pk"]
        indexes = [models.Index(fields=["worker", "session"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "worker"], name="participation_once_per_session"),
            models.CheckConstraint(
                condition=(models.Q(pre_score__isnull=True) | models.Q(pre_score__gte=0))
                & (models.Q(post_score__isnull=True) | models.Q(post_score__gte=0)),
                name="participation_scores_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.worker_id)

    @property
    def gain(self) -> Decimal | None:
        from ..gain import knowledge_gain

        return knowledge_gain(self.pre_score, self.post_score)

    @property
    def normalised_gain(self) -> float | None:
        from ..gain import normalised_gain

        return normalised_gain(self.pre_score, self.post_score, self.session.course.test_max)


class Attendance(models.Model):
    """A participant present on one day of the session."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["participation", "day"], name="attendance_once_per_day")]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.day}"

    def clean(self) -> None:
        s = self.participation.session
        if not s.starts_on <= self.day <= s.ends_on:
            raise ValidationError({"day": _("The day is outside the session's dates.")})
