"""Writes for people: registration with the duplicate check, edits that never lose a change, merges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log, diff
from careforce.core.models import Area, AreaLevel, AuditAction, User
from careforce.core.roles import Role

from .matching import Candidate, find_candidates
from .models import Household, Person, Relationship

# Who may register a child: the people who receive concerns. Trainers and analysts never do.
REGISTERING_ROLES = frozenset(
    {
        Role.NATIONAL_ADMIN,
        Role.REGIONAL_MANAGER,
        Role.SUPERVISOR,
        Role.CASE_MANAGER,
        Role.COMMUNITY_ASSISTANT,
        Role.VOLUNTEER,
    }
)
MERGING_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR})
EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "sex",
    "personal_number",
    "area",
    "address",
    "phone",
    "health_notes",
)


class DuplicateSuspected(Exception):
    def __init__(self, candidates: list[Candidate]):
        super().__init__("likely duplicates")
        self.candidates = candidates


class EditConflict(Exception):
    """Somebody else saved the record since this edit began; their values are in `current`."""

    def __init__(self, current: Person, changed: dict[str, list[Any]]):
        super().__init__("edit conflict")
        self.current = current
        self.changed = changed  # {field: [what you entered, what is saved now]}


def _require_role(actor: User, roles: frozenset[str]) -> None:
    if not actor.is_authenticated or actor.role not in roles:
        raise PermissionDenied(_("Your role does not allow this."))


def _check_locality(area: Area | None) -> None:
    if area is not None and area.level != AreaLevel.LOCALITY:
        raise ValidationError({"area": _("Choose a locality (a town or village).")})


@transaction.atomic
def household_create(*, actor: User, area: Area, address: str = "", phone: str = "") -> Household:
    _require_role(actor, REGISTERING_ROLES)
    _check_locality(area)
    household = Household.objects.create(
        area=area, address=address, phone=phone, organisation=actor.organisation, registered_by=actor
    )
    audit_log(actor=actor, action=AuditAction.CREATE, obj=household)
    return household


@transaction.atomic
def person_register(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    birth_date: date,
    sex: str,
    force: bool = False,
    household: Household | None = None,
    new_household: bool = False,
    **details: Any,
) -> Person:
    """Register a person after the country-wide duplicate check.

    Likely or possible duplicates stop the registration (DuplicateSuspected) unless the user, having seen
    them, says this is somebody else (`force`).
    """
    _require_role(actor, REGISTERING_ROLES)
    if actor.organisation_id is None:
        raise ValidationError(_("Your account has no organisation; ask an administrator to set one."))
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        sex=sex,
        household=household,
        organisation_id=actor.organisation_id,
        registered_by=actor,
        **{k: v for k, v in details.items() if k in EDITABLE_FIELDS},
    )
    if household is not None and person.area_id is None:
        person.area_id = household.area_id
    _check_locality(person.area)
    person.full_clean(exclude=["given_key", "family_key", "organisation", "registered_by"])
    if not force:
        candidates = find_candidates(
            given_name=person.given_name,
            family_name=person.family_name,
            birth_date=birth_date,
            sex=sex,
            personal_number=person.personal_number,
        )
        if candidates:
            raise DuplicateSuspected(candidates)
    if household is None and new_household and person.area_id:
        # A child registered with an address starts a household her caregivers and siblings join.
        person.household = household_create(
            actor=actor, area=person.area, address=person.address, phone=person.phone
        )
    person.save()
    audit_log(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        summary="registered after duplicate warning" if force else "registered",
    )
    return person


@transaction.atomic
def relationship_add(
    *,
    actor: User,
    child: Person,
    relative: Person,
    kind: str,
    is_caregiver: bool = False,
    lives_with_child: bool = True,
) -> Relationship:
    _require_role(actor, REGISTERING_ROLES)
    if child.pk == relative.pk:
        raise ValidationError(_("A person cannot be her own relative."))
    if Relationship.objects.filter(child=child, relative=relative).exists():
        raise ValidationError(_("This relationship is already recorded."))
    rel = Relationship(
        child=child,
        relative=relative,
        kind=kind,
        is_caregiver=is_caregiver,
        lives_with_child=lives_with_child,
    )
    rel.full_clean()
    rel.save()
    audit_log(
        actor=actor, action=AuditAction.UPDATE, obj=child, summary=f"relative added: {relative.pk} ({kind})"
    )
    return rel


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict[str, Any], version: int) -> Person:
    """Save an edit begun at `version`. If someone saved in between, nothing is written (EditConflict)."""
    if not Person.objects.changeable_by(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You may not change this record."))
    current = Person.objects.select_for_update().get(pk=person.pk)
    before = {f: getattr(current, f) for f in EDITABLE_FIELDS}
    if current.version != version:
        entered = {f: v for f, v in data.items() if f in EDITABLE_FIELDS}
        raise EditConflict(current, diff(entered, {f: before[f] for f in entered}))
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(current, name, value)
    _check_locality(current.area)
    current.full_clean(exclude=["given_key", "family_key"])
    changes = diff(before, {f: getattr(current, f) for f in EDITABLE_FIELDS})
    if not changes:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    # The audit keeps which fields changed, not sensitive values themselves.
    safe = {k: (v if k != "health_notes" else ["…", "…"]) for k, v in changes.items()}
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=current, changes=safe)
    return current


@dataclass
class MergeResult:
    survivor: Person
    merged: Person


# Apps above people (cases, placements…) register a function that re-points their rows from the merged
# record to the survivor, so a merge keeps every record's history.
MERGE_HOOKS: list = []


@transaction.atomic
def person_merge(
    *,
    actor: User,
    survivor: Person,
    duplicate: Person,
    take_from_duplicate: tuple[str, ...] = (),
    not_twins_confirmed: bool = False,
) -> MergeResult:
    """Merge a confirmed duplicate into the survivor after a side-by-side review by a supervisor."""
    _require_role(actor, MERGING_ROLES)
    visible = Person.objects.visible_to(actor).filter(
        pk__in=[survivor.pk, duplicate.pk], merged_into__isnull=True
    )
    if visible.count() != 2 or survivor.pk == duplicate.pk:
        raise PermissionDenied(_("Both records must be within your scope and not merged already."))
    from .matching import score

    match = score(
        given_name=duplicate.given_name,
        family_name=duplicate.family_name,
        birth_date=duplicate.birth_date,
        sex=duplicate.sex,
        other=survivor,
    )
    if match is not None and "possible_twin" in match.matched_on and not not_twins_confirmed:
        raise ValidationError(
            _("These could be twins (same family and birthday, other given names). Confirm they are not.")
        )
    before = {f: getattr(survivor, f) for f in EDITABLE_FIELDS}
    for name in take_from_duplicate:
        if name in EDITABLE_FIELDS:
            setattr(survivor, name, getattr(duplicate, name))
    if survivor.household_id is None and duplicate.household_id:
        survivor.household_id = duplicate.household_id
    survivor.version = F("version") + 1
    survivor.save()
    survivor.refresh_from_db()
    for rel in Relationship.objects.filter(child=duplicate):
        if not Relationship.objects.filter(child=survivor, relative_id=rel.relative_id).exists():
            Relationship.objects.filter(pk=rel.pk).update(child=survivor)
    for rel in Relationship.objects.filter(relative=duplicate):
        if not Relationship.objects.filter(child_id=rel.child_id, relative=survivor).exists():
            Relationship.objects.filter(pk=rel.pk).update(relative=survivor)
    Relationship.objects.filter(child=survivor, relative=survivor).delete()
    for hook in MERGE_HOOKS:
        hook(survivor=survivor, duplicate=duplicate)
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor, version=F("version") + 1)
    duplicate.refresh_from_db()
    changes = diff(before, {f: getattr(survivor, f) for f in EDITABLE_FIELDS})
    changes.pop("health_notes", None)
    audit_log(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survivor,
        summary=f"merged {duplicate.pk} into this record",
        changes=changes,
    )
    audit_log(actor=actor, action=AuditAction.UPDATE, obj=duplicate, summary=f"merged into {survivor.pk}")
    return MergeResult(survivor=survivor, merged=duplicate)


def present_candidates(user: User, candidates: list[Candidate]) -> list[dict[str, Any]]:
    """What the user may learn of each candidate: everything within her scope; outside it only that a match
    exists and which organisation holds it (domain.md section 5: need-to-know)."""
    ids = [c.person.pk for c in candidates]
    in_scope = set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    out = []
    for c in candidates:
        row: dict[str, Any] = {
            "id": c.person.pk,
            "score": c.score,
            "level": c.level,
            "matched_on": list(c.matched_on),
            "reasons": c.reasons,
            "in_scope": c.person.pk in in_scope,
            "organisation": c.person.organisation.name,
        }
        if row["in_scope"]:
            row.update(
                person=c.person,
                given_name=c.person.given_name,
                family_name=c.person.family_name,
                birth_date=c.person.birth_date,
                sex=c.person.sex,
            )
        out.append(row)
    return out
