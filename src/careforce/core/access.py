"""The one access door: which rows of a person's data may this user see or change, and which fields.

Every model that holds a child's or a worker's data declares an `access_policy` and uses
`ScopedQuerySet`, so `Model.objects.visible_to(user)` is the single answer everywhere: pages, exports,
the API. A row outside the answer is treated as absent (views answer 404), so its existence is not
revealed.

Need-to-know (domain.md section 5): access is by role, organisation, area subtree and, for case data,
by assignment to the case and by the supervision line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from .roles import CASE_HOLDING_ROLES, ROLES_WITHOUT_SENSITIVE_ACCESS, Role

if TYPE_CHECKING:
    from .models import User

CASE = "case"  # a child's or family's record
STAFF = "staff"  # a worker's or user's record

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

# Later apps may add grants to a policy without touching it: e.g. a trainer sees the participants of
# her own sessions, a receiving organisation sees the referrals sent to it. Each grant maps a user to
# the extra rows (a Q) she may see.
Grant = Callable[["User"], Q]


@dataclass
class Policy:
    """How a model's rows relate to the people who may see them. Each value is a lookup path."""

    kind: str
    area: str | None = None  # to an Area: rows within a regional manager's subtree
    organisation: str | None = None  # to the Organisation that holds the row
    assignee: str | None = None  # to the User who carries the case (case manager / assistant)
    supervisor: str | None = None  # to the User who supervises the row's person or assignee
    attached: str | None = None  # to Users attached to the row (community volunteers on a case)
    person: str | None = None  # the row *is* a user: path to that user's pk
    grants: list[Grant] = field(default_factory=list)

    def add_grant(self, grant: Grant) -> None:
        self.grants.append(grant)


def _area_path(user: User) -> str | None:
    area = user.scope_area
    return area.path if area is not None else None


def _within_area(policy: Policy, user: User) -> Q:
    path = _area_path(user)
    if not policy.area or not path:
        return NOTHING
    return Q(**{f"{policy.area}__path__startswith": path})


def _eq(path: str | None, value: Any) -> Q:
    return Q(**{path: value}) if path and value is not None else NOTHING


def _attached(policy: Policy, model: type[models.Model] | None, user: User) -> Q:
    """Rows the user is attached to.

    A many-to-many path is looked up first and given as a list of ids: a person is attached to a handful
    of cases, and a literal list lets the database combine it with the assignee's index (an OR with a
    subquery would scan every case in the country).
    """
    if not policy.attached:
        return NOTHING
    first = policy.attached.split("__")[0]
    if model is not None and model._meta.get_field(first).many_to_many:
        ids = list(model._base_manager.filter(**{policy.attached: user.pk}).values_list("pk", flat=True))
        return Q(pk__in=ids) if ids else NOTHING
    return Q(**{policy.attached: user.pk})


def _supervised(policy: Policy, user: User) -> Q:
    """Rows of the people the user supervises: the supervision line.

    A path ending in "__supervisor" (the assignee's supervisor) becomes "assignee in [her supervisees]",
    a short list the assignee index serves, instead of a join through every user.
    """
    path = policy.supervisor
    if not path:
        return NOTHING
    if path.endswith("__supervisor"):
        from .models import User as UserModel

        ids = list(UserModel.objects.filter(supervisor=user.pk).values_list("pk", flat=True))
        return Q(**{f"{path.removesuffix('__supervisor')}__in": ids}) if ids else NOTHING
    return Q(**{path: user.pk})


def visible_q(user: User, policy: Policy, model: type[models.Model] | None = None) -> Q:
    """The rows `user` may see, as a filter on the policy's model."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    role = user.role
    if role == Role.NATIONAL_ADMIN:
        return EVERYTHING

    q = NOTHING
    if policy.kind == CASE:
        if role == Role.REGIONAL_MANAGER:
            q = _within_area(policy, user)
        elif role == Role.SUPERVISOR:
            # Her own cases and those of the workers she supervises (the supervision line).
            q = _eq(policy.assignee, user.pk) | _supervised(policy, user)
        elif role in CASE_HOLDING_ROLES:
            q = _eq(policy.assignee, user.pk) | _attached(policy, model, user)
        elif role == Role.VOLUNTEER:
            q = _attached(policy, model, user)
        # Trainers and analysts see no child's record: analysts work with aggregates only.
    elif policy.kind == STAFF:
        own = _eq(policy.person, user.pk)
        if role == Role.REGIONAL_MANAGER:
            q = _within_area(policy, user) | own
        elif role == Role.SUPERVISOR:
            q = _eq(policy.organisation, user.organisation_id) | _eq(policy.supervisor, user.pk) | own
        elif role in (CASE_HOLDING_ROLES | {Role.VOLUNTEER, Role.TRAINER}):
            # Colleagues of the same organisation: who to call, who supervises whom.
            q = _eq(policy.organisation, user.organisation_id) | own
        else:
            q = own
    for grant in policy.grants:
        q |= grant(user)
    return q


def changeable_q(user: User, policy: Policy) -> Q:
    """The rows `user` may change. Narrower than what she may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    role = user.role
    if role == Role.NATIONAL_ADMIN:
        return EVERYTHING
    if policy.kind == CASE:
        if role == Role.REGIONAL_MANAGER:
            return _within_area(policy, user)
        if role == Role.SUPERVISOR:
            return _eq(policy.assignee, user.pk) | _supervised(policy, user)
        if role in CASE_HOLDING_ROLES:
            return _eq(policy.assignee, user.pk)
        return NOTHING  # volunteers add visit notes through their own service, never edit a case
    if role == Role.REGIONAL_MANAGER:
        return _within_area(policy, user) | _eq(policy.person, user.pk)
    if role == Role.SUPERVISOR:
        return _eq(policy.supervisor, user.pk) | _eq(policy.person, user.pk)
    return _eq(policy.person, user.pk)


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ScopedQuerySet:
        return self.filter(visible_q(user, self.model.access_policy, self.model))

    def changeable_by(self, user: User) -> ScopedQuerySet:
        return self.filter(changeable_q(user, self.model.access_policy))


# --- Fields -------------------------------------------------------------------------------------------


def sensitive(model_field: models.Field) -> models.Field:
    """Mark a field as sensitive once, where it is declared (abuse details, health, assessment narratives).

    Roles without need-to-know (volunteers, trainers, analysts) never see it: pages, exports and the API
    all ask `visible_fields`/`may_see_field`.
    """
    model_field.careforce_sensitive = True
    return model_field


def sensitive_field_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.name for f in model._meta.get_fields() if getattr(f, "careforce_sensitive", False))


def sees_sensitive(user: User) -> bool:
    return bool(user and user.is_authenticated and user.role not in ROLES_WITHOUT_SENSITIVE_ACCESS)


def may_see_field(user: User, model: type[models.Model], name: str) -> bool:
    return sees_sensitive(user) or name not in sensitive_field_names(model)


def visible_fields(user: User, model: type[models.Model], names: Iterable[str]) -> list[str]:
    hidden = set() if sees_sensitive(user) else sensitive_field_names(model)
    return [n for n in names if n not in hidden]


def redact(user: User, model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` (a row as a dict) without the fields the user may not see."""
    if sees_sensitive(user):
        return dict(data)
    hidden = sensitive_field_names(model)
    return {k: v for k, v in data.items() if k not in hidden}


# --- Aggregates ---------------------------------------------------------------------------------------

# Who reads figures about many people (counts, rates, densities; never a row): the national administrator
# and the analyst for the whole country, a regional manager for her region. Everybody else is refused.
AGGREGATE_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ANALYST, Role.REGIONAL_MANAGER})


def aggregate_root(user: User):
    """The area whose subtree `user` may read aggregate figures for, or None if she may read none."""
    from .models import Area, AreaLevel  # the models import this module

    if user is None or not user.is_authenticated or not user.is_active or user.role not in AGGREGATE_ROLES:
        return None
    if user.role == Role.REGIONAL_MANAGER:
        return user.scope_area
    # Asked several times a page (menu tabs, the page itself): read once per request's user.
    if not hasattr(user, "_aggregate_country"):
        user._aggregate_country = Area.objects.filter(level=AreaLevel.COUNTRY).order_by("pk").first()
    return user._aggregate_country


def may_read_aggregates_of(user: User, area) -> bool:
    root = aggregate_root(user)
    return root is not None and area is not None and area.path.startswith(root.path)
