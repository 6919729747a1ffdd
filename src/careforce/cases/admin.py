from __future__ import annotations

from django.contrib import admin

from .models import Domain, Instrument, PublicHoliday, Question, StandardStep


@admin.register(StandardStep)
class StandardStepAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "order",
        "anchor",
        "days_high",
        "days_medium",
        "days_low",
        "working_days",
        "repeats",
        "required_before_closure",
        "active",
    ]
    list_editable = [
        "days_high",
        "days_medium",
        "days_low",
        "working_days",
        "repeats",
        "required_before_closure",
        "active",
    ]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "kind", "order"]
    inlines = [QuestionInline]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "active"]
    inlines = [DomainInline]
