from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Organisation

from .case import Case

# Below this age a child's own view may be recorded as not obtainable, with the reason.
AGE_OF_VIEW = 4


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")
    SUPERSEDED = "superseded", _("Replaced by a newer plan")


class Plan(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    child_view = models.TextField(_("the child's view"), blank=True)
    child_view_not_obtained = models.CharField(
        _("why the child's view is not recorded"),
        max_length=250,
        blank=True,
        help_text=_("Only when the child is too young or unable to give a view."),
    )
    parents_view = models.TextField(_("the parents' or caregivers' view"), blank=True)
    safety_notes = access.sensitive(models.TextField(_("safety arrangements"), blank=True))
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor_comment = models.TextField(_("supervisor's comments"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_number_unique")]
        # Supervisors' approvals: the few plans awaiting a decision, found without reading every plan.
        indexes = [models.Index(fields=["status", "case"])]

    def __str__(self) -> str:
        return f"{self.case.number} / {self.number}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Action(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=300)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_other = models.CharField(
        _("responsible (other)"), max_length=120, blank=True, help_text=_("e.g. the mother, the grandmother")
    )
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def responsible(self) -> str:
        return str(self.responsible_user or self.responsible_organisation or self.responsible_other or "—")
