"""The administration site: reference data and accounts, for national administrators only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Area, AreaPopulation, AuditEntry, Organisation, User


class PopulationInline(admin.TabularInline):
    model = AreaPopulation
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "name_ru", "code"]
    raw_id_fields = ["parent"]
    inlines = [PopulationInline]
    list_select_related = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "area", "parent", "active"]
    list_filter = ["kind", "sector", "active"]
    search_fields = ["name"]
    raw_id_fields = ["area", "parent"]
    list_select_related = ["area", "parent"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "area", "supervisor"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("role", "organisation", "area", "supervisor", "phone", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Work"),
            {"fields": ("first_name", "last_name", "email", "role", "organisation", "area", "supervisor")},
        ),
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "action", "object_type", "object_id", "summary"]
    list_filter = ["action"]
    search_fields = ["actor_username", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "hint", "key_hash", "created_at", "last_used_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False
