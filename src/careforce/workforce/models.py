"""Workforce reference data. Nothing here knows of cases: cases import workforce, never the reverse."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
