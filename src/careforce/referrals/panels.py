from __future__ import annotations

from careforce.core.panels import register

from . import selectors


@register
def referrals_panel(request):
    """Overdue answers in the work tray: referrals sent without an answer past their date, and those
    waiting for the user's organisation to answer."""
    user = request.user
    if user.role not in selectors.INCOMING_ROLES or user.role == "national_admin":
        return None
    overdue = selectors.overdue_outgoing_count(user)
    waiting = selectors.waiting_incoming_count(user)
    if not overdue and not waiting:
        return None
    return "referrals/_home_panel.html", {"overdue": overdue, "waiting": waiting}
