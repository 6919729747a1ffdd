from __future__ import annotations

from careforce.core.panels import register
from careforce.core.roles import Role

from . import selectors

HOME_ROLES = {
    Role.CASE_MANAGER,
    Role.COMMUNITY_ASSISTANT,
    Role.SUPERVISOR,
    Role.VOLUNTEER,
    Role.REGIONAL_MANAGER,
}


@register
def work_panel(request):
    """What a case worker sees first: her counts, the five most urgent cases, decisions waiting."""
    user = request.user
    if user.role not in HOME_ROLES:
        return None
    approvals = selectors.approvals_waiting(user)
    return "cases/_home_panel.html", {
        "counts": selectors.tray_counts(user),
        "urgent": list(selectors.tray(user)[:5]),
        "waiting": len(approvals["plans"]) + len(approvals["closures"]),
    }
