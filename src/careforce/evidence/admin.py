"""The DHIS2 mapping in the administration (the national administrator: core.admin_site)."""

from __future__ import annotations

from django.contrib import admin

from .models import Dhis2DataElement, Dhis2OrgUnit


@admin.register(Dhis2DataElement)
class Dhis2DataElementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "disaggregation", "column", "data_element", "category_option_combo"]
    list_filter = ["indicator", "disaggregation"]
    search_fields = ["indicator", "data_element", "category_option_combo"]


@admin.register(Dhis2OrgUnit)
class Dhis2OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["area", "org_unit"]
    list_filter = ["area__level"]
    search_fields = ["area__name", "area__code", "org_unit"]
    raw_id_fields = ["area"]
    list_select_related = ["area"]
