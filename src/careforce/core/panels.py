"""Home-page panels contributed by apps above core (cases, workforce, training…).

Core may not import those apps, so each registers a panel here in its AppConfig.ready(): a function that
takes the request and returns (template, context) for the home page, or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[..., tuple[str, dict] | None]
HOME_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    HOME_PANELS.append(panel)
    return panel


def render_panels(request) -> list[dict]:
    from django.template.loader import render_to_string

    out = []
    for panel in HOME_PANELS:
        result = panel(request)
        if result is not None:
            template, context = result
            out.append({"html": render_to_string(template, context, request=request)})
    return out
