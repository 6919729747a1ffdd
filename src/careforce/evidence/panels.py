from __future__ import annotations

from careforce.core.panels import register

from . import staffing


@register
def staffing_panel(request):
    """Planners and analysts find the staffing studies from the home page."""
    user = request.user
    if not staffing.may_view(user):
        return None
    return "evidence/staffing/_home_panel.html", {
        "count": staffing.studies(user).count(),
        "may_edit": staffing.may_edit(user),
    }
