"""Where and with whom a child lives over time, residential institutions, and reintegration into a family."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Organisation
from careforce.people.models import Person


class SettingKind(models.TextChoices):
    FAMILY = "family", _("Biological family")
    KINSHIP = "kinship", _("Kinship care")
    GUARDIANSHIP = "guardianship", _("Guardianship")
    FOSTER = "foster", _("Foster care")
    FAMILY_HOME = "family_home", _("Family-type home")
    GROUP_HOME = "group_home", _("Small group home")
    RESIDENTIAL = "residential", _("Residential institution")
    INDEPENDENT = "independent", _("Independent living")


# Settings run by an institution: the organisation is required.
INSTITUTION_KINDS = frozenset({SettingKind.RESIDENTIAL, SettingKind.GROUP_HOME, SettingKind.FAMILY_HOME})
# Residential care: a child leaves it when reintegrated, and re-entering it breaks a reintegration down.
RESIDENTIAL_KINDS = frozenset({SettingKind.RESIDENTIAL, SettingKind.GROUP_HOME})
# "Still at home" for the prevention outcome: the child's own family or relatives.
AT_HOME_KINDS = frozenset({SettingKind.FAMILY, SettingKind.KINSHIP})
# A family a child may be reintegrated into.
FAMILY_KINDS = frozenset({SettingKind.FAMILY, SettingKind.KINSHIP, SettingKind.GUARDIANSHIP, SettingKind.FOSTER})

# Organisations that may hold children in a setting: residential institutions and family-type homes.
INSTITUTION_ORG_KINDS = ("residential", "family_home")


def takes_children(organisation: Organisation) -> bool:
    """A child may be placed there today: an institution or home that is still open. (A new setting is always
    the current one, so an institution closed by the reform takes no new placement.)"""
    return organisation.kind in INSTITUTION_ORG_KINDS and organisation.active


# "Sustained" when the child is still in family care this many months after the move (domain.md 1).
SUSTAINED_AFTER_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _through_child(user) -> Q:
    """A child's care history is visible to whoever may see the child (people's access door)."""
    if not user.is_authenticated:
        return access.NOTHING
    return Q(child__in=Person.objects.visible_to(user).values("pk"))


def _child_policy() -> access.Policy:
    policy = access.Policy(kind=access.CASE)
    policy.add_grant(_through_child)
    return policy


class CareSetting(models.Model):
    """One period of a child's care: where and with whom she lived, from `start` to `end` (empty: today)."""

    child = models.ForeignKey(
        Person, verbose_name=_("child"), on_delete=models.PROTECT, related_name="care_settings"
    )
    kind = models.CharField(_("care setting"), max_length=20, choices=SettingKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    carer = models.CharField(
        _("with whom"), max_length=200, blank=True, help_text=_("The carers or family the child lives with.")
    )
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    reason = models.TextField(_("reason for the change"), blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("Who decided, and the decision number (e.g. guardianship authority decision no. 12/2025)."),
    )
    planned_end = models.DateField(
        _("planned end of stay"), null=True, blank=True, help_text=_("For institutions: the planned stay.")
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_settings",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = _child_policy()

    class Meta:
        verbose_name = _("care setting")
        verbose_name_plural = _("care settings")
        ordering = ["child", "-start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(end__isnull=True), name="one_current_setting"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="setting_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["child", "start"]),
            models.Index(fields=["institution", "end"]),
            models.Index(fields=["kind", "start"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.start}"

    @property
    def is_current(self) -> bool:
        return self.end is None

    @property
    def past_planned_stay(self) -> bool:
        return bool(self.end is None and self.planned_end and self.planned_end < timezone.localdate())


class InstitutionCapacity(models.Model):
    """How many children an institution may hold (organisations carry no capacity of their own)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="placement_capacity"
    )
    places = models.PositiveIntegerField(_("places"))
    updated = models.DateField(_("updated"), default=timezone.localdate)

    class Meta:
        verbose_name = _("institution capacity")
        verbose_name_plural = _("institution capacities")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.places}"


class MonitoringStep(models.Model):
    """The standard monitoring schedule after a reintegration: a visit this many months after the move."""

    months = models.PositiveSmallIntegerField(_("months after the move"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("monitoring step")
        verbose_name_plural = _("monitoring steps")
        ordering = ["months"]

    def __str__(self) -> str:
        return self.name or str(_("%(months)s months after the move") % {"months": self.months})


class ReintegrationStatus(models.TextChoices):
    PREPARATION = "preparation", _("In preparation")
    MOVED = "moved", _("Moved, monitoring")
    SUSTAINED = "sustained", _("Sustained")
    BROKEN_DOWN = "broken_down", _("Broken down")


class ReintegrationQuerySet(access.ScopedQuerySet):
    def with_status(self) -> ReintegrationQuerySet:
        """Annotate `broken` (a residential setting started after the move, before the 12-month point)."""
        return self.annotate(
            broken=models.Exists(
                CareSetting.objects.filter(
                    child=models.OuterRef("child"),
                    kind__in=RESIDENTIAL_KINDS,
                    start__gt=models.OuterRef("moved_on"),
                    start__lte=models.OuterRef("sustain_on"),
                )
            )
        )

    def status_q(self, status: str, today: datetime.date) -> Q:
        if status == ReintegrationStatus.PREPARATION:
            return Q(moved_on__isnull=True)
        if status == ReintegrationStatus.BROKEN_DOWN:
            return Q(moved_on__isnull=False, broken=True)
        if status == ReintegrationStatus.SUSTAINED:
            return Q(moved_on__isnull=False, broken=False, sustain_on__lte=today)
        return Q(moved_on__isnull=False, broken=False, sustain_on__gt=today)


class Reintegration(models.Model):
    """A child leaving residential care for a family: readiness, preparation, the move, and monitoring."""

    child = models.ForeignKey(
        Person, verbose_name=_("child"), on_delete=models.PROTECT, related_name="reintegrations"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_setting = models.ForeignKey(
        CareSetting, verbose_name=_("leaving"), on_delete=models.PROTECT, related_name="reintegrations_from"
    )
    readiness_on = models.DateField(_("readiness assessed on"), null=True, blank=True)
    readiness_note = access.sensitive(models.TextField(_("readiness assessment"), blank=True))
    preparation_on = models.DateField(_("family prepared on"), null=True, blank=True)
    preparation_note = access.sensitive(models.TextField(_("preparation of the family"), blank=True))
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    # The 12-month point, kept with the move so that statuses are one indexed query.
    sustain_on = models.DateField(null=True, blank=True, editable=False)
    family_setting = models.ForeignKey(
        CareSetting,
        verbose_name=_("family care"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reintegrations_to",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReintegrationQuerySet.as_manager()
    access_policy = _child_policy()

    class Meta:
        verbose_name = _("reintegration")
        verbose_name_plural = _("reintegrations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["moved_on"]), models.Index(fields=["child", "moved_on"])]

    def __str__(self) -> str:
        return str(_("Reintegration of %(child)s") % {"child": self.child})

    def status_on(self, today: datetime.date, *, broken: bool) -> str:
        if self.moved_on is None:
            return ReintegrationStatus.PREPARATION
        if broken:
            return ReintegrationStatus.BROKEN_DOWN
        if self.sustain_on and self.sustain_on <= today:
            return ReintegrationStatus.SUSTAINED
        return ReintegrationStatus.MOVED

    @property
    def status(self) -> str:
        broken = getattr(self, "broken", None)
        if broken is None:
            broken = bool(
                self.moved_on
                and CareSetting.objects.filter(
                    child_id=self.child_id,
                    kind__in=RESIDENTIAL_KINDS,
                    start__gt=self.moved_on,
                    start__lte=self.sustain_on,
                ).exists()
            )
        return self.status_on(timezone.localdate(), broken=broken)

    def get_status_display(self) -> str:
        return str(ReintegrationStatus(self.status).label)


class MonitoringVisit(models.Model):
    reintegration = models.ForeignKey(Reintegration, on_delete=models.CASCADE, related_name="visits")
    step = models.ForeignKey(
        MonitoringStep, verbose_name=_("scheduled visit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    visited_on = models.DateField(_("date of the visit"))
    notes = access.sensitive(models.TextField(_("notes"), blank=True))
    child_in_family = models.BooleanField(_("the child still lives in the family"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.CASE,
        grants=[lambda user: Q(reintegration__child__in=Person.objects.visible_to(user).values("pk"))
                if user.is_authenticated else access.NOTHING],
    )

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.reintegration_id} · {self.visited_on}"
