from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .roles import Role


class CareforceAdminSite(admin.AdminSite):
    site_header = _("Careforce administration")
    site_title = _("Careforce administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and user.role == Role.NATIONAL_ADMIN)
