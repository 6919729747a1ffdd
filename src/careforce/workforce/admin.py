from __future__ import annotations

from django.contrib import admin

from .models import CaseloadStandard


@admin.register(CaseloadStandard)
class CaseloadStandardAdmin(admin.ModelAdmin):
    list_display = ["role", "max_open_cases", "note"]
    list_editable = ["max_open_cases"]
