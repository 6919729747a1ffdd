from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import access
from .roles import Role


class AreaLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country")
    REGION = 1, _("Region")
    DISTRICT = 2, _("District")
    LOCALITY = 3, _("Locality")


class Area(models.Model):
    """A place in the tree country → region → district → locality.

    `path` is the chain of codes from the root ("MD/MD-N/MD-N-03/"), so a whole subtree is one indexed
    prefix match: the access door and every figure by area rely on it.
    """

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9._-]+$", _("Use letters, digits, dots, dashes and underscores."))
        ],
    )
    name = models.CharField(_("name"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "path"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.name_ru and (get_language() or "").startswith("ru"):
            return self.name_ru
        return self.name

    def clean(self) -> None:
        if self.parent_id is None and self.level != AreaLevel.COUNTRY:
            raise ValidationError({"parent": _("Only a country has no parent area.")})
        if self.parent is not None and self.level != self.parent.level + 1:
            raise ValidationError({"level": _("An area sits one level below its parent.")})

    def compute_path(self) -> str:
        return f"{self.parent.path if self.parent_id else ''}{self.code}/"

    def subtree(self) -> models.QuerySet[Area]:
        return Area.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list[Area]:
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {a.code: a for a in Area.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class AreaPopulation(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950)])
    total = models.PositiveIntegerField(_("total population"))
    children = models.PositiveIntegerField(_("children (0–17)"))

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["area", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="population_one_per_area_year"),
            models.CheckConstraint(
                condition=models.Q(children__lte=models.F("total")), name="population_children_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"

    def clean(self) -> None:
        if self.children is not None and self.total is not None and self.children > self.total:
            raise ValidationError({"children": _("Children cannot outnumber the total population.")})


class OrganisationKind(models.TextChoices):
    NATIONAL_AUTHORITY = "national_authority", _("National child-protection authority")
    CHILD_PROTECTION_DIRECTORATE = "directorate", _("Child-protection directorate")
    MUNICIPAL_SOCIAL_ASSISTANCE = "municipal", _("Municipal social assistance")
    NGO = "ngo", _("Non-governmental organisation")
    SCHOOL = "school", _("School")
    HEALTH_CENTRE = "health", _("Health centre")
    POLICE = "police", _("Police")
    RESIDENTIAL_INSTITUTION = "residential", _("Residential institution")
    FAMILY_TYPE_HOME = "family_home", _("Family-type home")
    TRAINING_CENTRE = "training", _("Training centre")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("Non-governmental")
    PRIVATE = "private", _("Private")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, default=Sector.GOVERNMENT)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["area", "kind"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})


class CareforceUserManager(UserManager.from_queryset(access.ScopedQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.NATIONAL_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area of responsibility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Regional managers: their region. Others: left empty, the organisation's area applies."),
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("ro", "Română"), ("ru", "Русский")],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    objects = CareforceUserManager()

    # The access door: a user's own record is staff data, seen by those who manage the user.
    access_policy = access.Policy(
        kind=access.STAFF,
        area="organisation__area",
        organisation="organisation",
        person="pk",
        supervisor="supervisor",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def scope_area(self) -> Area | None:
        if self.area_id:
            return self.area
        return self.organisation.area if self.organisation_id else None

    def clean(self) -> None:
        super().clean()
        if self.role and self.role != Role.NATIONAL_ADMIN and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Every user except a national administrator belongs to an organisation.")}
            )
        if self.role == Role.REGIONAL_MANAGER and not (self.area_id or self.organisation_id):
            raise ValidationError({"area": _("A regional manager needs the region she is responsible for.")})
        if self.supervisor_id and self.pk and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("Nobody supervises themselves.")})


class AuditQuerySet(models.QuerySet):
    # Append-only: bulk changes are refused as well as single ones.
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_OUT = "sign_out", _("Signed out")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    TOKEN_CREATE = "token_create", _("Created an API token")
    TOKEN_REVOKE = "token_revoke", _("Revoked an API token")


class AuditEntry(models.Model):
    """Who read or changed what, and when. Never updated, never deleted."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database constraint and nothing done on delete: removing an account must never rewrite the
    # append-only log (the username column keeps who it was).
    actor = models.ForeignKey(
        User, verbose_name=_("who"), null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    # The username is kept as written so the entry still says who after an account is removed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    summary = models.CharField(_("what"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class ApiToken(models.Model):
    """A personal token for scripts. Only its SHA-256 is stored; the secret is shown once."""

    PREFIX = "cf_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("starts with"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# --- Background jobs ------------------------------------------------------------------------------------


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class JobManager(models.Manager.from_queryset(access.ScopedQuerySet)):
    # The uploaded file is read only by the work that needs it, never by the pages that poll progress.
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer("upload")


class Job(models.Model):
    """Long work run in the background (imports, report builds, exports) and its progress.

    The page that started it polls the row: progress is written in short transactions of its own, so other
    requests see it while the work runs. Only its creator and the national administrator see a job (the
    access door's staff rule with `person` = the creator gives exactly that).
    """

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    # Written in the creator's language when the job is created: she is the one who reads it.
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("to do"), default=0)  # 0: not known yet
    # A step code (see core/jobs.py STEPS), translated when the page is shown.
    message = models.CharField(_("step"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("started by"), on_delete=models.CASCADE, related_name="jobs"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last sign of life of the running work (each progress report): a worker killed mid-task (a crash,
    # a forced restart) leaves its job "running" for ever; without news for STALL_AFTER it is shown stalled.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    # The language the work speaks in (messages it stores for its creator to read).
    language = models.CharField(_("language"), max_length=8, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # An uploaded file kept in the database: the task worker may run in another process or on another
    # machine, and uploads are small (size-limited by the form). Loaded only by the work that needs it.
    upload = models.BinaryField(null=True, blank=True, editable=False)
    upload_name = models.CharField(_("file"), max_length=200, blank=True)
    # A file the work made (a report's PDF), kept as bytes beside the result: `jobs.OUTPUT` in what the
    # work returns.
    output = models.BinaryField(null=True, blank=True, editable=False)
    # Work that follows on from another (an import written after its check was confirmed).
    parent = models.ForeignKey(
        "self", verbose_name=_("follows"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="followups",
    )
    # Where the outcome is shown (a path inside the site).
    url = models.CharField(_("page"), max_length=200, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = JobManager()
    access_policy = access.Policy(kind=access.STAFF, person="created_by")

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "kind", "created_at"])]

    def __str__(self) -> str:
        return self.title

    STALL_AFTER = timedelta(minutes=15)

    @property
    def stalled(self) -> bool:
        if self.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
            return False
        return timezone.now() - (self.heartbeat_at or self.created_at) > self.STALL_AFTER

    @property
    def running(self) -> bool:
        """Waiting or working, and not stalled: the page keeps following it."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not self.stalled

    @property
    def step_display(self) -> str:
        from .jobs import step_label

        return step_label(self.message)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
