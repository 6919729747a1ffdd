"""The services catalogue and referrals of a child or family to another organisation's service."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.cases.models import Action, Case
from careforce.core import access
from careforce.core.models import Area, Organisation


class ServiceType(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    MEDIATION = "mediation", _("Family mediation")
    PARENTING = "parenting", _("Parenting support")
    DAY_CARE = "day_care", _("Day care")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    HOUSING = "housing", _("Housing")
    MATERIAL = "material", _("Cash or in-kind support")
    FOSTER_CARE = "foster_care", _("Foster care")
    FAMILY_HOME = "family_home", _("Family-type home")
    RESIDENTIAL = "residential", _("Residential care")
    OTHER = "other", _("Other")


class Service(models.Model):
    """A service an organisation offers in an area. Holds no personal data: every signed-in user reads it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="services"
    )
    # Where the service is offered; the organisation's own area unless said otherwise.
    area = models.ForeignKey(Area, verbose_name=_("area served"), on_delete=models.PROTECT, related_name="+")
    service_type = models.CharField(_("type"), max_length=20, choices=ServiceType.choices)
    name = models.CharField(_("name"), max_length=200)
    eligibility = models.TextField(_("who may use it"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=250, blank=True)
    active = models.BooleanField(_("offered now"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["service_type", "active"]),
            models.Index(fields=["organisation", "active"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.organisation}"


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


# Calendar days the receiving organisation has to answer, by urgency. A settings entry
# CAREFORCE_REFERRAL_RESPONSE_DAYS (same keys) overrides them for a country's own rules.
RESPONSE_DAYS = {Urgency.EMERGENCY: 1, Urgency.URGENT: 3, Urgency.ROUTINE: 10}


def response_days(urgency: str) -> int:
    days = {**RESPONSE_DAYS, **getattr(settings, "CAREFORCE_REFERRAL_RESPONSE_DAYS", {})}
    return days[urgency]


def respond_by(sent_on: date, urgency: str) -> date:
    return sent_on + timedelta(days=response_days(urgency))


class ConsentBy(models.TextChoices):
    CHILD = "child", _("The child")
    PARENT = "parent", _("A parent")
    CAREGIVER = "caregiver", _("The caregiver")
    GUARDIAN = "guardian", _("The legal guardian")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Service delivered")
    CLOSED = "closed", _("Closed")


# The state machine: which status may follow which.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.DELIVERED, ReferralStatus.CLOSED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.DELIVERED: frozenset(),
    ReferralStatus.CLOSED: frozenset(),
}
OPEN_REFERRAL_STATUSES = [ReferralStatus.SENT, ReferralStatus.ACCEPTED]


class ReferralMode(models.TextChoices):
    # The receiving organisation answers in Careforce.
    SYSTEM = "system", _("In Careforce")
    # It has no users: a printed letter goes, and the case manager records the answer by hand.
    MANUAL = "manual", _("By letter")


class Referral(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals")
    # The plan action this referral carries out, when it was made from one ("the school gives learning
    # support"): the plan's work with other institutions and the referrals meet here.
    action = models.ForeignKey(
        Action, verbose_name=_("plan action"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="referrals",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    mode = models.CharField(_("answered"), max_length=8, choices=ReferralMode.choices, default=ReferralMode.SYSTEM)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    respond_by = models.DateField(_("answer due by"))

    # Consent (who, to what, when), or a supervisor's override with its reason.
    consent_by = models.CharField(_("consent given by"), max_length=10, choices=ConsentBy.choices, blank=True)
    consent_to = models.CharField(_("consent given to"), max_length=300, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent without consent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_reason = models.TextField(_("why without consent"), blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    feedback = models.TextField(_("feedback on the service delivered"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    # Who may see a referral is said by grants (grants.py): the referring side through the case, the
    # receiving organisation through the referral alone. The national administrator sees all.
    access_policy = access.Policy(kind=access.CASE)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "respond_by"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "respond_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display_name()} · {self.sent_on}"

    def get_service_display_name(self) -> str:
        return self.service.name if self.service_id else "—"

    @property
    def overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.respond_by < timezone.localdate()

    @property
    def consented(self) -> bool:
        return bool(self.consent_by and self.consent_on)

    def allowed_next(self) -> frozenset[str]:
        return TRANSITIONS[self.status]


class ReferralEvent(models.Model):
    """Each change of a referral's status: who, when, from which to which, with a note."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
