from __future__ import annotations

from django.contrib import admin

from .models import (
    Certificate,
    Competency,
    CompetencyRequirement,
    Course,
    CourseMaterial,
    CpdRequirement,
    ProficiencyLevel,
    TrainingSession,
)


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "name", "name_ro", "name_ru"]


class RequirementInline(admin.TabularInline):
    model = CompetencyRequirement
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "order"]
    list_filter = ["parent"]
    inlines = [RequirementInline]


class MaterialInline(admin.TabularInline):
    model = CourseMaterial
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "hours", "cpd_credits", "trains_trainers", "active"]
    filter_horizontal = ["competencies"]
    inlines = [MaterialInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "starts_on", "ends_on", "organiser", "cascades_from"]
    raw_id_fields = ["course", "organiser", "area", "cascades_from", "created_by"]
    filter_horizontal = ["trainers"]


@admin.register(CpdRequirement)
class CpdRequirementAdmin(admin.ModelAdmin):
    list_display = ["cadre", "hours", "period_months", "note"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read only: certificates are issued and revoked from the session page, where it is audited."""

    list_display = ["code", "worker_name", "course_title", "starts_on", "issued_at", "revoked_at"]
    list_filter = ["issued_at", "revoked_at"]
    search_fields = ["code", "worker_name", "course_title"]
    raw_id_fields = ["participation", "issued_by", "revoked_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
