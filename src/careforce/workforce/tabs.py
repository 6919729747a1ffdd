"""Tabs between the pages of one area of work, in groups: "workforce" (workers, posts, caseloads,
supervision, indicators, staffing need, import) and "care" (institutions, reintegrations, outcomes, family
support). Apps above workforce add theirs with `add_tab` in their AppConfig.ready(), so workforce never
imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careforce.core import access
from careforce.core.roles import Role

from .selectors import POST_ROLES
from .services import REGISTRY_EDITORS
from .supervision import SESSION_ROLES


@dataclass(frozen=True)
class Tab:
    key: str
    url_name: str
    label: str | Promise
    allowed: Callable[[object], bool]
    order: int


TABS: dict[str, list[Tab]] = {}


def add_tab(
    key: str, url_name: str, label: str | Promise, allowed: Callable[[object], bool], order: int,
    group: str = "workforce",
) -> None:
    tabs = TABS.setdefault(group, [])
    if not any(t.key == key for t in tabs):
        tabs.append(Tab(key, url_name, label, allowed, order))
        tabs.sort(key=lambda t: t.order)


def tabs_for(user, current: str = "", group: str = "workforce") -> list[dict]:
    out = []
    for tab in TABS.get(group, ()):
        if not tab.allowed(user):
            continue
        try:
            url = reverse(tab.url_name)
        except NoReverseMatch:  # pragma: no cover - a tab whose app is not installed
            continue
        out.append({"url": url, "label": tab.label, "current": tab.key == current})
    return out


add_tab("workers", "workforce:worker-list", _("Workers"), lambda u: u.role != Role.ANALYST, 10)
add_tab("posts", "workforce:post-list", _("Posts and vacancies"), lambda u: u.role in POST_ROLES, 20)
add_tab("supervision", "workforce:supervision-list", _("Supervision"), lambda u: u.role in SESSION_ROLES, 35)
add_tab("import", "workforce:import", _("Import"), lambda u: u.role in REGISTRY_EDITORS, 50)
add_tab("indicators", "workforce:indicators", _("Indicators"), lambda u: access.aggregate_root(u) is not None, 40)
