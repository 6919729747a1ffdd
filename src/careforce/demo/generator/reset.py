"""Removing the demo country again, children before parents, since the tree is held by PROTECT keys."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.db.models import Model, Q, QuerySet

from careforce.core.models import Area, AreaLevel, Organisation, User
from careforce.people.models import Household, Person, Relationship

from .context import COUNTRY_CODE

# Later apps delete their own demo rows first (cases point at users and organisations): each callable
# receives the country Area and returns nothing.
RESET_STEPS: list[Callable[[Area], None]] = []


def reset_country() -> Counter[str]:
    """Delete every area, organisation and user of the demo country. Raises ProtectedError, leaving
    everything as it was, if rows outside the demo country still point at it."""
    removed: Counter[str] = Counter()
    country = Area.objects.filter(code=COUNTRY_CODE).first()
    if country is None:
        return removed
    prefix = country.path
    with transaction.atomic():
        for step in RESET_STEPS:
            step(country)
        _delete_people(prefix, removed)
        users = User.objects.filter(organisation__area__path__startswith=prefix)
        removed["users"] = users.delete()[1].get(User._meta.label, 0)
        # Leaves first: an organisation is protected while it still has branches.
        orgs = Organisation.objects.filter(area__path__startswith=prefix)
        while True:
            leaves = list(orgs.filter(branches__isnull=True).values_list("pk", flat=True))
            if not leaves:
                break
            removed["organisations"] += Organisation.objects.filter(pk__in=leaves).delete()[1].get(
                Organisation._meta.label, 0
            )
        for level in sorted(AreaLevel.values, reverse=True):
            deleted = Area.objects.filter(path__startswith=prefix, level=level).delete()[1]
            removed["areas"] += deleted.get(Area._meta.label, 0)
            removed["populations"] += deleted.get("core.AreaPopulation", 0)
    return removed


def _delete_people(prefix: str, removed: Counter[str]) -> None:
    """The children and families registered by the demo country's offices (they point at its users)."""
    people = Person.objects.filter(organisation__area__path__startswith=prefix)
    ids = people.values("pk")
    removed["relationships"] = Relationship.objects.filter(Q(child__in=ids) | Q(relative__in=ids)).delete()[0]
    # Merged records point at the record they were merged into (PROTECT): unlink them among themselves.
    people.filter(merged_into__isnull=False).update(merged_into=None)
    removed["people"] = _delete(people, handled={(Relationship, "child"), (Relationship, "relative")})
    households = Household.objects.filter(organisation__area__path__startswith=prefix)
    removed["households"] = _delete(households, handled=set())


def _delete(rows: QuerySet, handled: set[tuple[type[Model], str]]) -> int:
    """Delete in one statement when nothing else refers to the rows (a million people take seconds, not
    minutes); otherwise through Django's collector, which cascades, nulls or refuses (ProtectedError)."""
    model = rows.model
    for rel in model._meta.related_objects:
        if (rel.related_model, rel.field.name) in handled:
            continue
        referring = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": rows.values("pk")})
        if referring.exists():
            return rows.delete()[1].get(model._meta.label, 0)
    return rows._raw_delete(rows.db)
