"""Certificates of completion (domain.md section 3; issue 6).

A certificate belongs to one participation and keeps a snapshot of what it certifies (the worker's name,
the course, its hours and CPD credits, the dates, the organiser) so that it stays true when the registry,
the course or the session change later. It is never deleted: a certificate issued in error is revoked
with a reason, and the verification page then says so.

Who sees a certificate (`Certificate.objects.visible_to`): exactly those who read its participation.
What each of them may do with it (download, revoke) is decided in `training/certificates.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access

from .sessions import Participation


def _certificate_grant(user) -> models.Q:
    """The certificates of the participations the user reads: one answer, the participation's door."""
    if user is None or not user.is_authenticated:
        return access.NOTHING
    return models.Q(participation__in=Participation.objects.visible_to(user).values("pk"))


class Certificate(models.Model):
    participation = models.OneToOneField(
        Participation, verbose_name=_("participation"), on_delete=models.PROTECT, related_name="certificate"
    )
    # Codes like CF-7K4Q-MX2P, from Crockford's base32 (no I, L, O, U): read aloud, typed from paper, checked online.
    code = models.CharField(_("code"), max_length=12, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    # The snapshot: what the paper says, as it was on the day it was issued.
    worker_name = models.CharField(_("name"), max_length=201)
    course_title = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    cpd_credits = models.DecimalField(_("CPD credits"), max_digits=5, decimal_places=1)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    organiser_name = models.CharField(_("organiser"), max_length=200)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(kind=access.STAFF, grants=[_certificate_grant])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # A revoked certificate always says why (to those who may read the reason).
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="certificate_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="certificate_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
