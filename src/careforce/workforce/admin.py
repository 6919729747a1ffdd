from __future__ import annotations

from django.contrib import admin

from .models import Assignment, CaseloadStandard, Post, SupervisionStandard, Worker


@admin.register(CaseloadStandard)
class CaseloadStandardAdmin(admin.ModelAdmin):
    list_display = ["role", "max_open_cases", "note"]
    list_editable = ["max_open_cases"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "worker"
    extra = 0
    raw_id_fields = ["post", "organisation"]


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "cadre", "organisation", "area", "active"]
    list_filter = ["cadre", "active", "sex", "qualification"]
    search_fields = ["family_name", "given_name", "professional_registration"]
    raw_id_fields = ["organisation", "area", "user"]
    list_select_related = ["organisation", "area"]
    inlines = [AssignmentInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "cadre", "organisation", "area", "fte", "funded_from", "funded_until"]
    list_filter = ["cadre"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "area"]
    list_select_related = ["organisation", "area"]


@admin.register(SupervisionStandard)
class SupervisionStandardAdmin(admin.ModelAdmin):
    list_display = ["stage", "cadre", "every_days", "minimum_minutes", "note"]
    list_editable = ["every_days", "minimum_minutes"]
    list_filter = ["stage"]
