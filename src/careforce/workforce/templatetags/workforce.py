from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from ..tabs import tabs_for

register = template.Library()


@register.inclusion_tag("workforce/_tabs.html", takes_context=True)
def workforce_tabs(context, current: str = "", group: str = "workforce") -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    items = tabs_for(user, current, group) if user is not None and user.is_authenticated else []
    labels = {"workforce": _("Workforce"), "care": _("Care and family support")}
    return {"tabs": items if len(items) > 1 else [], "label": labels.get(group, "")}
