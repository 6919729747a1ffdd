from __future__ import annotations

from django import template

from ..tabs import tabs_for

register = template.Library()


@register.inclusion_tag("workforce/_tabs.html", takes_context=True)
def workforce_tabs(context, current: str = "") -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    items = tabs_for(user, current) if user is not None and user.is_authenticated else []
    return {"tabs": items if len(items) > 1 else []}
