"""The Family Support Service inside a case (domain.md section 1): primary support (counselling, mediation,
referrals…) and secondary support (cash or in kind), each payment resting on a recorded decision.

Records are append-only: a mistake is corrected by cancelling the record with a reason (audited) and
recording it again. Cancelled records stay visible on the case and count in no total.

The case's household, organisation and locality are copied on each record when it is made, so that totals
per family, organisation and area need no join through cases and people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, Organisation
from careforce.people.models import Household

from .case import Case


class PrimaryKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    MEDIATION = "mediation", _("Family mediation")
    REFERRAL = "referral", _("Referral to another service")
    PARENTING = "parenting", _("Parenting education")
    INFORMATION = "information", _("Information and advice")
    OTHER = "other", _("Other support")


class SupportForm(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class Currency(models.TextChoices):
    MDL = "MDL", _("MDL (Moldovan leu)")
    RON = "RON", _("RON (Romanian leu)")
    EUR = "EUR", _("EUR (euro)")
    USD = "USD", _("USD (US dollar)")
    UAH = "UAH", _("UAH (Ukrainian hryvnia)")


# Need-to-know: support records are read by those who see the case, except community volunteers (amounts
# and counselling notes are not what follow-up visits need). No `attached` path, so volunteers see none.
SUPPORT_POLICY = dict(
    kind=access.CASE,
    area="area",
    organisation="organisation",
    assignee="case__case_manager",
    supervisor="case__case_manager__supervisor",
)


class SupportRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class PrimarySupport(SupportRecord):
    """Support given in person: counselling, mediation, a referral… with when, how long and by whom."""

    kind = models.CharField(_("kind of support"), max_length=20, choices=PrimaryKind.choices)
    on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    given_by = models.CharField(
        _("given by"), max_length=150, blank=True,
        help_text=_("Leave empty if you gave it yourself; otherwise the person or service that gave it."),
    )
    notes = access.sensitive(models.TextField(_("notes"), blank=True))

    access_policy = access.Policy(**SUPPORT_POLICY)

    class Meta:
        verbose_name = _("primary support")
        verbose_name_plural = _("primary support")
        ordering = ["-on", "-pk"]
        indexes = [
            models.Index(fields=["case", "on"]),
            models.Index(fields=["area", "on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class SupportDecision(SupportRecord):
    """The decision that grants secondary support (e.g. of the commission for children in difficulty)."""

    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    decided_by = models.CharField(
        _("decided by"), max_length=150, help_text=_("The person or body that took the decision.")
    )
    notes = models.CharField(_("what was granted"), max_length=300, blank=True)

    access_policy = access.Policy(**SUPPORT_POLICY)

    class Meta:
        verbose_name = _("support decision")
        verbose_name_plural = _("support decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["case", "decided_on"])]

    def __str__(self) -> str:
        return _("Decision %(number)s of %(date)s") % {"number": self.number, "date": self.decided_on}


class SupportPayment(SupportRecord):
    """Secondary support: cash, or goods in kind valued in money, granted by a decision."""

    decision = models.ForeignKey(
        SupportDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="payments"
    )
    form = models.CharField(_("form of support"), max_length=10, choices=SupportForm.choices)
    # In kind: the value of the goods, so that totals add up what the family received.
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    paid_on = models.DateField(_("date given"))
    purpose = models.CharField(_("purpose"), max_length=200)
    in_kind_description = models.CharField(_("what was given in kind"), max_length=300, blank=True)

    access_policy = access.Policy(**SUPPORT_POLICY)

    class Meta:
        verbose_name = _("support payment")
        verbose_name_plural = _("support payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="support_payment_amount_positive")]
        indexes = [
            models.Index(fields=["case", "paid_on"]),
            models.Index(fields=["area", "paid_on"]),
            models.Index(fields=["organisation", "paid_on"]),
            models.Index(fields=["household", "paid_on"]),
            models.Index(fields=["paid_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} {self.paid_on}"
