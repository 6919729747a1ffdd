"""Workforce reference data. Nothing here knows of cases: cases import workforce, never the reverse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, Organisation, User
from careforce.core.roles import CASE_HOLDING_ROLES, Role

# The roles that carry cases, in the order Role declares them (a stable order for forms and migrations).
CASE_HOLDING_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in CASE_HOLDING_ROLES]


class CaseloadStandard(models.Model):
    """The most open cases one worker of a role should carry: set by the national administrator.

    Caseloads are compared with it (domain.md section 2: open cases per case manager against the standard).
    The defaults are loaded by a data migration; each country sets its own.
    """

    role = models.CharField(_("role"), max_length=32, choices=CASE_HOLDING_ROLE_CHOICES, unique=True)
    max_open_cases = models.PositiveIntegerField(
        _("most open cases per worker"), validators=[MinValueValidator(1)]
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Where the figure comes from."))

    class Meta:
        verbose_name = _("caseload standard")
        verbose_name_plural = _("caseload standards")
        ordering = ["role"]
        constraints = [
            # A standard of zero would make every worker with one case "over the standard" (and divide by 0).
            models.CheckConstraint(
                condition=models.Q(max_open_cases__gte=1), name="caseload_standard_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.max_open_cases}"


# --- The registry: workers, posts, assignments (domain.md section 2) ----------------------------------


class Cadre(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    COMMUNITY_ASSISTANT = "community_assistant", _("Community social assistant")
    CASE_MANAGER = "case_manager", _("Case manager")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SUPERVISOR = "supervisor", _("Supervisor")
    PARA_PROFESSIONAL = "para_professional", _("Para-professional")
    VOLUNTEER = "volunteer", _("Community volunteer")


class Qualification(models.TextChoices):
    SECONDARY = "secondary", _("None or secondary")
    POST_SECONDARY = "post_secondary", _("Post-secondary")
    BACHELOR_SOCIAL_WORK = "bachelor_sw", _("Bachelor in social work")
    BACHELOR_OTHER = "bachelor_other", _("Bachelor in another field")
    MASTER_SOCIAL_WORK = "master_sw", _("Master in social work")
    MASTER_OTHER = "master_other", _("Master in another field")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class LeavingReason(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary")
    INVOLUNTARY = "involuntary", _("Involuntary")


FTE_VALIDATORS = [MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.0"))]


def current_q(on: date, prefix: str = "") -> models.Q:
    """Assignments running on `on`: started on or before it and not ended before it."""
    return models.Q(**{f"{prefix}start__lte": on}) & (
        models.Q(**{f"{prefix}end__isnull": True}) | models.Q(**{f"{prefix}end__gte": on})
    )


class Worker(models.Model):
    """A person of the social service workforce, with or without a Careforce account."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1930), MaxValueValidator(2015)]
    )
    cadre = models.CharField(_("cadre"), max_length=32, choices=Cadre.choices)
    qualification = models.CharField(
        _("qualification"), max_length=32, choices=Qualification.choices, default=Qualification.SECONDARY
    )
    professional_registration = models.CharField(_("professional registration"), max_length=60, blank=True)
    # The employer; its sector tells government from NGO staff.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="workers"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Where the worker works. Left empty, the organisation's area applies."),
    )
    # A user account can be linked to a worker; community volunteers often have none.
    user = models.OneToOneField(
        User, verbose_name=_("user account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="worker",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking of edits

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.STAFF, area="area", organisation="organisation", person="user",
        supervisor="user__supervisor",
    )

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "cadre"]),
            models.Index(fields=["area", "cadre"]),
            models.Index(fields=["cadre", "active"]),
            models.Index(fields=["active", "family_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args, **kwargs) -> None:
        if self.area_id is None and self.organisation_id is not None:
            self.area_id = self.organisation.area_id
        super().save(*args, **kwargs)


class Post(models.Model):
    """A funded position. A post nobody holds on a date is a vacancy on that date."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="posts"
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    cadre = models.CharField(_("cadre"), max_length=32, choices=Cadre.choices)
    fte = models.DecimalField(
        _("full-time equivalent"), max_digits=3, decimal_places=2, default=Decimal("1.0"),
        validators=FTE_VALIDATORS,
    )
    funded_from = models.DateField(_("funded from"))
    funded_until = models.DateField(_("funded until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking of edits

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["organisation", "cadre", "title", "pk"]
        indexes = [models.Index(fields=["organisation", "cadre"]), models.Index(fields=["area", "cadre"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gte=Decimal("0.1")) & models.Q(fte__lte=Decimal("1.0")),
                name="post_fte_range",
            ),
            models.CheckConstraint(
                condition=models.Q(funded_until__isnull=True) | models.Q(funded_until__gte=models.F("funded_from")),
                name="post_funded_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.area_id is None and self.organisation_id is not None:
            self.area_id = self.organisation.area_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.funded_from and self.funded_until and self.funded_until < self.funded_from:
            raise ValidationError({"funded_until": _("Funding cannot end before it starts.")})


class Assignment(models.Model):
    """A worker in a post (or, for volunteers, with an organisation) from a start to an end."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.CASCADE, related_name="assignments"
    )
    # Volunteers have no funded post.
    post = models.ForeignKey(
        Post, verbose_name=_("post"), null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    fte = models.DecimalField(
        _("full-time equivalent"), max_digits=3, decimal_places=2, default=Decimal("1.0"),
        validators=FTE_VALIDATORS,
    )
    reason_for_leaving = models.CharField(
        _("reason for leaving"), max_length=16, choices=LeavingReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start", "-pk"]
        indexes = [
            models.Index(fields=["post", "start", "end"]),
            models.Index(fields=["worker", "start"]),
            models.Index(fields=["organisation", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.post or self.organisation}"

    def is_current(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The assignment cannot end before it starts.")
        if self.end and not self.reason_for_leaving:
            errors["reason_for_leaving"] = _("Give the reason for leaving when the assignment ends.")
        if not errors and self.post_id and self.start:
            # One holder per post at a time: two assignments overlapping on one post double-count it.
            overlapping = Assignment.objects.filter(post_id=self.post_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(models.Q(end__isnull=True) | models.Q(end__gte=self.start))
            if self.end:
                overlapping = overlapping.filter(start__lte=self.end)
            if overlapping.exists():
                errors["post"] = _("This post already has a holder for part of these dates.")
        if errors:
            raise ValidationError(errors)


# --- Supervision (domain.md section 2) ----------------------------------------------------------------


class CareerStage(models.TextChoices):
    NEWLY_QUALIFIED = "newly_qualified", _("Newly qualified (first year)")
    ESTABLISHED = "established", _("Established")


# A worker is newly qualified during her first year in the workforce: her earliest assignment, with any
# organisation, started less than this many days before.
NEWLY_QUALIFIED_DAYS = 365

# The cadres held to a supervision standard: those who carry or support case work. Supervisors lead the
# sessions; community volunteers are mentored by their community assistant, not formally supervised.
SUPERVISED_CADRES = (
    Cadre.CASE_MANAGER, Cadre.COMMUNITY_ASSISTANT, Cadre.SOCIAL_WORKER, Cadre.PSYCHOLOGIST,
    Cadre.PARA_PROFESSIONAL,
)
SUPERVISED_CADRE_CHOICES = [(c.value, c.label) for c in SUPERVISED_CADRES]

MAX_SESSION_MINUTES = 8 * 60


def career_stage(first_start: date | None, on: date) -> str:
    """The worker's career stage on `on`, from the start of her earliest assignment.

    A worker with no assignment recorded counts as established: the registry does not say when she
    began, and her first assignment is what would tell. Her row shows that no assignment is recorded.
    """
    if first_start is None:
        return CareerStage.ESTABLISHED
    if (on - first_start).days < NEWLY_QUALIFIED_DAYS:
        return CareerStage.NEWLY_QUALIFIED
    return CareerStage.ESTABLISHED


class SupervisionStandard(models.Model):
    """How often a worker must be supervised, and for how long at least, by career stage.

    Set by the national administrator; the defaults (weekly for newly qualified workers, then monthly,
    1.5 hours each: domain.md section 2) are loaded by a data migration. A standard for one cadre wins
    over the standard for all cadres of the same stage.
    """

    stage = models.CharField(_("career stage"), max_length=16, choices=CareerStage.choices)
    cadre = models.CharField(
        _("cadre"), max_length=32, choices=SUPERVISED_CADRE_CHOICES, blank=True,
        help_text=_("Leave empty for a standard that applies to every cadre."),
    )
    every_days = models.PositiveSmallIntegerField(
        _("at least every (days)"), validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("The longest time allowed between two supervision sessions."),
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        _("shortest session (minutes)"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)],
        help_text=_("A shorter session does not count towards the standard."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Where the standard comes from."))

    class Meta:
        verbose_name = _("supervision standard")
        verbose_name_plural = _("supervision standards")
        ordering = ["stage", "cadre"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "cadre"], name="supervision_standard_once"),
            models.CheckConstraint(condition=models.Q(every_days__gte=1), name="supervision_standard_interval"),
            models.CheckConstraint(
                condition=models.Q(minimum_minutes__gte=1), name="supervision_standard_minutes"
            ),
        ]

    def __str__(self) -> str:
        who = self.get_cadre_display() if self.cadre else _("all cadres")
        return f"{self.get_stage_display()} ({who}): {self.every_days} / {self.minimum_minutes}"


class SupervisionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


def _supervisee_grant(user) -> models.Q:
    """A worker reads the sessions in which she was supervised (a subquery: no extra round trip)."""
    if user is None or not user.is_authenticated:
        return access.NOTHING
    return models.Q(pk__in=SupervisionSupervisee.objects.filter(worker__user=user.pk).values("session"))


def _organisation_grant(user) -> models.Q:
    """A supervisor reads the sessions led by anyone of her organisation: she covers for colleagues."""
    if user is None or not user.is_authenticated or user.role != Role.SUPERVISOR or not user.organisation_id:
        return access.NOTHING
    return models.Q(supervisor__organisation=user.organisation_id)


class SupervisionSession(models.Model):
    """One supervision session: a supervisor with one worker (individual) or several (group).

    Who reads it: the national administrator; a regional manager within her region (by the supervisor's
    area); a supervisor, the sessions led in her organisation; the supervisor who led it and every
    supervisee, their own. Colleagues of the same office do not read each other's supervision. The
    wellbeing note is narrower still: see `may_see_wellbeing`.
    """

    supervisor = models.ForeignKey(
        Worker, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="supervision_sessions_led"
    )
    supervisees = models.ManyToManyField(
        Worker, verbose_name=_("supervisees"), through="SupervisionSupervisee", related_name="supervision_sessions"
    )
    kind = models.CharField(_("type"), max_length=16, choices=SupervisionKind.choices)
    on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)]
    )
    # A count only: workforce knows nothing of cases, and the cases themselves are in the case files.
    cases_discussed = models.PositiveSmallIntegerField(
        _("cases discussed"), default=0, validators=[MaxValueValidator(500)]
    )
    decisions = models.TextField(_("decisions"), blank=True)
    wellbeing = access.sensitive(models.TextField(_("wellbeing"), blank=True))
    learning_needs = models.TextField(_("learning needs"), blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.STAFF, area="supervisor__area", person="supervisor__user",
        grants=[_organisation_grant, _supervisee_grant],
    )

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["supervisor", "on"]), models.Index(fields=["on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1) & models.Q(duration_minutes__lte=MAX_SESSION_MINUTES),
                name="supervision_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return _("Supervision by %(supervisor)s on %(on)s") % {"supervisor": self.supervisor, "on": self.on}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.on and self.on > timezone.localdate():
            errors["on"] = _("A session cannot take place in the future.")
        if self.duration_minutes is not None and not 1 <= self.duration_minutes <= MAX_SESSION_MINUTES:
            errors["duration_minutes"] = _("A session lasts between 1 minute and 8 hours.")
        if errors:
            raise ValidationError(errors)


class SupervisionSupervisee(models.Model):
    """A worker supervised in a session. Indexed by worker: coverage asks for each worker's last session."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="attendance")
    worker = models.ForeignKey(Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervisee")
        verbose_name_plural = _("supervisees")
        constraints = [models.UniqueConstraint(fields=["session", "worker"], name="supervisee_once_per_session")]
        indexes = [models.Index(fields=["worker", "session"])]

    def __str__(self) -> str:
        return str(self.worker_id)


def may_see_wellbeing(user, session: SupervisionSession, supervisee_user_ids: set[int] | None = None) -> bool:
    """The wellbeing note is between the supervisor and her supervisees: they and the national administrator
    read it; managers of the line and colleagues do not (nor the roles without sensitive access).

    In a group session the note is the group's, read by everyone in the group.
    """
    if not access.may_see_field(user, SupervisionSession, "wellbeing"):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if session.supervisor.user_id == user.pk:
        return True
    if supervisee_user_ids is None:
        supervisee_user_ids = set(session.supervisees.values_list("user", flat=True))
    return user.pk in supervisee_user_ids
