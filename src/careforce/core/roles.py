from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    REGIONAL_MANAGER = "regional_manager", _("Regional manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    CASE_MANAGER = "case_manager", _("Case manager")
    COMMUNITY_ASSISTANT = "community_assistant", _("Community social assistant")
    VOLUNTEER = "volunteer", _("Community volunteer")
    TRAINER = "trainer", _("Trainer")
    ANALYST = "analyst", _("Analyst")


# Roles that carry cases: they are assigned children and families.
CASE_HOLDING_ROLES = frozenset({Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT})
# Roles that never see sensitive fields (abuse details, health, assessment narratives): need-to-know,
# domain.md section 5. Volunteers see only what follow-up visits need; analysts see aggregates only.
ROLES_WITHOUT_SENSITIVE_ACCESS = frozenset({Role.VOLUNTEER, Role.ANALYST, Role.TRAINER})
