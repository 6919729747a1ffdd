from __future__ import annotations

from django.contrib import admin

from .models import (
    Competency,
    CompetencyRequirement,
    Course,
    CourseMaterial,
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
