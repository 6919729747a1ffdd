from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE = "office", _("Meeting at the office")
    PHONE = "phone", _("Phone call")
    SCHOOL = "school", _("Visit to the school")
    OTHER = "other", _("Other contact")


class Contact(models.Model):
    """A visit or other contact with the child or family, with what was seen and agreed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    on = models.DateField(_("date"))
    child_seen = models.BooleanField(_("the child was seen"), default=True)
    notes = models.TextField(_("notes"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("visits and contacts")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["case", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_on", "due_on", "pk"]
        indexes = [models.Index(fields=["assigned_to", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title
