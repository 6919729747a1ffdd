"""People and households are seen through their cases: whoever may see a case sees its children."""

from __future__ import annotations

from django.db.models import Q

from careforce.core.access import NOTHING
from careforce.people.models import Household, Person

from .models import Case


def _people_of_visible_cases(user) -> Q:
    cases = Case.objects.visible_to(user)
    if not user.is_authenticated:
        return NOTHING
    return Q(pk__in=cases.values("child")) | Q(pk__in=cases.values("siblings"))


def _households_of_visible_cases(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    return Q(pk__in=Case.objects.visible_to(user).values("child__household"))


Person.access_policy.add_grant(_people_of_visible_cases)
Household.access_policy.add_grant(_households_of_visible_cases)
