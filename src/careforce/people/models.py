from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.models import Area, Organisation

from .names import name_key


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Household(models.Model):
    """The family home: where a child lives and with whom (members are linked through relationships)."""

    area = models.ForeignKey(Area, verbose_name=_("locality"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = access.ScopedQuerySet.as_manager()
    access_policy = access.Policy(
        kind=access.CASE,
        area="area",
        organisation="organisation",
        assignee="registered_by",
        supervisor="registered_by__supervisor",
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.address or str(self.area)


class Person(models.Model):
    """A child or a member of a child's family. Children's records are the most protected data here."""

    given_name = models.CharField(_("given name"), max_length=80)
    family_name = models.CharField(_("family name"), max_length=80)
    patronymic = models.CharField(_("patronymic"), max_length=80, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    personal_number = models.CharField(
        _("personal identification number"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("IDNP or CNP, when known."),
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("locality"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    health_notes = access.sensitive(models.TextField(_("health and disability"), blank=True))

    # Keys for finding the same person written another way (see names.py); kept in step by save().
    given_key = models.CharField(max_length=80, editable=False)
    family_key = models.CharField(max_length=80, editable=False)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("registered by organisation"), on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking: an edit names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # A confirmed duplicate is not deleted: it points at the record it was merged into, history intact.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", editable=False
    )

    objects = access.ScopedQuerySet.as_manager()
    # Until a case links a worker to the child, the one who registered her (a volunteer too) keeps her.
    # The cases app grants the rest: everyone who may see a case sees its people.
    access_policy = access.Policy(
        kind=access.CASE,
        area="area",
        organisation="organisation",
        assignee="registered_by",
        supervisor="registered_by__supervisor",
        attached="registered_by",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["family_key", "birth_date"]),
            models.Index(fields=["given_key", "family_key"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["registered_by", "merged_into"]),
            models.Index(fields=["area", "merged_into"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args, **kwargs) -> None:
        self.given_key = name_key(self.given_name)[:80]
        self.family_key = name_key(self.family_name)[:80]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"given_name", "family_name"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "given_key", "family_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date and self.birth_date.year < 1900:
            raise ValidationError({"birth_date": _("Check the year of birth.")})

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))

    @property
    def is_child(self) -> bool:
        return self.age is not None and self.age < 18


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    STEPPARENT = "stepparent", _("Step-parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Brother or sister")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    GUARDIAN = "guardian", _("Guardian")
    FOSTER_CARER = "foster_carer", _("Foster carer")
    OTHER = "other", _("Other relative or carer")


class Relationship(models.Model):
    """How someone is related to a child, and whether they care for her."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_as_relative")
    kind = models.CharField(_("relationship"), max_length=20, choices=RelationshipKind.choices)
    is_caregiver = models.BooleanField(_("cares for the child"), default=False)
    lives_with_child = models.BooleanField(_("lives with the child"), default=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(fields=["child", "relative"], name="relationship_once_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} → {self.child}: {self.get_kind_display()}"
