from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, Organisation
from careforce.people.models import Person


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


class CaseType(models.TextChoices):
    PROTECTION = "protection", _("Child protection")
    PREVENTION = "prevention", _("Prevention of separation (family support)")
    REINTEGRATION = "reintegration", _("Reintegration into a family")


class CaseStatus(models.TextChoices):
    SCREENING = "screening", _("Registered, awaiting initial assessment")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Planning")
    IMPLEMENTATION = "implementation", _("Implementation")
    CLOSURE_REQUESTED = "closure_requested", _("Closure awaiting approval")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


class ReporterKind(models.TextChoices):
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Doctor or health centre")
    POLICE = "police", _("Police")
    NEIGHBOUR = "neighbour", _("Neighbour or community member")
    VOLUNTEER = "volunteer", _("Community volunteer")
    FAMILY = "family", _("Family member")
    CHILD = "child", _("The child")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Plan goals met")
    REINTEGRATED = "reintegrated", _("Child reintegrated in the family")
    ADULTHOOD = "adulthood", _("Child reached adulthood")
    MOVED = "moved", _("Family moved away (transferred)")
    NO_LONGER_NEEDED = "not_needed", _("Support no longer needed")
    REFUSED = "refused", _("Family refused services")
    DEATH = "death", _("Death of the child")


class ClosureOutcome(models.TextChoices):
    AT_HOME = "at_home", _("Child living at home with the family")
    KINSHIP = "kinship", _("Child in kinship care or guardianship")
    FOSTER = "foster", _("Child in foster care")
    FAMILY_HOME = "family_home", _("Child in a family-type home")
    RESIDENTIAL = "residential", _("Child in residential care")
    INDEPENDENT = "independent", _("Young person living independently")
    OTHER = "other", _("Other")


class Case(models.Model):
    """One child's case, worked by one case manager to the minimum standards."""

    child = models.ForeignKey(Person, verbose_name=_("child"), on_delete=models.PROTECT, related_name="cases")
    siblings = models.ManyToManyField(
        Person, verbose_name=_("siblings in the same case"), blank=True, related_name="sibling_cases"
    )
    case_type = models.CharField(
        _("type"), max_length=20, choices=CaseType.choices, default=CaseType.PROTECTION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.SCREENING
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    # The child's locality, copied so that area scopes and figures need no join through the person.
    area = models.ForeignKey(Area, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+")
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("community volunteers"),
        blank=True,
        related_name="volunteer_cases",
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_outcome = models.CharField(
        _("outcome"), max_length=20, choices=ClosureOutcome.choices, blank=True
    )
    closure_note = models.TextField(_("closure summary"), blank=True)

    # The standards clock, kept in step by services (clock.refresh) so work trays sort by an index.
    next_due_on = models.DateField(_("next deadline"), null=True, blank=True)
    next_due_step = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.CASE,
        area="area",
        organisation="organisation",
        assignee="case_manager",
        supervisor="case_manager__supervisor",
        attached="volunteers",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["case_manager", "status", "next_due_on"]),
            models.Index(fields=["status", "next_due_on"]),
            models.Index(fields=["area", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["opened_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.child}"

    @property
    def number(self) -> str:
        return f"{self.opened_on:%Y}-{self.pk:06d}" if self.pk else "—"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def overdue(self) -> bool:
        return bool(self.next_due_on and self.is_open and self.next_due_on < timezone.localdate())


class Concern(models.Model):
    """What was reported, by whom and when: how a case begins."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="concerns")
    reported_on = models.DateField(_("reported on"))
    reporter_kind = models.CharField(_("reported by"), max_length=20, choices=ReporterKind.choices)
    reporter_name = models.CharField(_("reporter's name"), max_length=120, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=120, blank=True)
    description = access.sensitive(models.TextField(_("what was reported")))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_reporter_kind_display()} {self.reported_on}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    RISK_CHANGED = "risk_changed", _("Risk level changed")
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial assessment completed")
    COMPREHENSIVE_ASSESSMENT = "comprehensive_assessment", _("Comprehensive assessment completed")
    PLAN_SUBMITTED = "plan_submitted", _("Plan submitted for approval")
    PLAN_APPROVED = "plan_approved", _("Plan approved")
    PLAN_RETURNED = "plan_returned", _("Plan returned with comments")
    HOME_VISIT = "home_visit", _("Home visit")
    CONTACT = "contact", _("Other contact")
    REVIEW = "review", _("Review completed")
    TRANSFERRED = "transferred", _("Case transferred")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_RETURNED = "closure_returned", _("Closure not approved")
    CLOSED = "closed", _("Case closed")
    REOPENED = "reopened", _("Case reopened")


class CaseEvent(models.Model):
    """The case's timeline. The standards clock reads it: a step is done when its event happens."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)
    # Copied when the event is written (the case's area then, the actor's role then): the recorded
    # workload of a WISN study is counted from the events alone, at national scale (cases.workload).
    area = models.ForeignKey(Area, null=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["on", "at", "pk"]
        indexes = [
            models.Index(fields=["case", "kind", "on"]),
            # The recorded workload of a WISN study (cases.workload): a year's events of some kinds by
            # role and area, read from the index alone.
            models.Index(fields=["on", "kind", "actor_role", "area"], name="caseevent_workload_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Transfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"
