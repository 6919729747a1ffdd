"""Who sees a referral besides the national administrator.

- The referring side: whoever sees the case sees its referrals (the case's own door decides).
- The receiving side: the receiving organisation's supervisor, case managers and community assistants,
  and the regional manager of its area. They see the referral, never the case: the case's door is not
  widened, so the case page stays 404 for them.
"""

from __future__ import annotations

from django.db.models import Q

from careforce.cases.models import Case
from careforce.core.access import NOTHING
from careforce.core.roles import Role

from .models import Referral

RECEIVING_ROLES = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT})


def referring_q(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    return Q(case__in=Case.objects.visible_to(user).values("pk"))


def receiving_q(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    if user.role in RECEIVING_ROLES and user.organisation_id:
        return Q(to_organisation=user.organisation_id)
    if user.role == Role.REGIONAL_MANAGER and user.scope_area is not None:
        return Q(to_organisation__area__path__startswith=user.scope_area.path)
    return NOTHING


Referral.access_policy.add_grant(referring_q)
Referral.access_policy.add_grant(receiving_q)
