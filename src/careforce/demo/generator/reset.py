"""Removing the demo country again, children before parents, since the tree is held by PROTECT keys."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction

from careforce.core.models import Area, AreaLevel, Organisation, User

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
