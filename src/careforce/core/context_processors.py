from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

# (url name, label, roles that see it; None = every signed-in role). Areas not built yet are absent.
NAVIGATION = [
    ("core:home", _("Home"), None),
    ("cases:tray", _("Cases"), set(Role) - {Role.TRAINER, Role.ANALYST}),
    ("people:person-list", _("Children and families"), {
        Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT,
        Role.VOLUNTEER,
    }),
    ("core:area-list", _("Places"), None),
    ("core:organisation-list", _("Organisations"), None),
    ("core:user-list", _("Staff"), set(Role) - {Role.ANALYST}),
    ("workforce:home", _("Workforce"), {
        Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT,
        Role.ANALYST,
    }),
    ("referrals:incoming", _("Referrals"), {
        Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT,
    }),
    # Care settings: the figures of care for managers and analysts; the reintegrations for the others.
    ("placements:institution-list", _("Care"), {Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.ANALYST}),
    ("placements:reintegration-list", _("Care"), {Role.SUPERVISOR, Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT}),
    ("training:session-list", _("Training"), {
        Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.TRAINER,
    }),
    ("training:my", _("My training"), {Role.CASE_MANAGER, Role.COMMUNITY_ASSISTANT, Role.VOLUNTEER}),
    ("training:needs", _("Training"), {Role.ANALYST}),
    ("evidence:dashboard", _("Dashboard"), {
        Role.NATIONAL_ADMIN, Role.REGIONAL_MANAGER, Role.SUPERVISOR, Role.ANALYST,
    }),
    ("core:audit-list", _("Audit log"), {Role.NATIONAL_ADMIN}),
]


def nav_items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"url": reverse(name), "label": label, "name": name}
        for name, label, roles in NAVIGATION
        if roles is None or user.role in roles
    ]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = nav_items_for(user)
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    for item in items:
        # An app's "home" entry (workforce:home) stays lit on every page of the app.
        app, _sep, view = item["name"].partition(":")
        item["current"] = item["name"] == current or (
            view == "home" and app != "core" and bool(current) and current.startswith(app + ":")
        )
    return {"nav_items": items}
