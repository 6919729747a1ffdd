from django.contrib import admin

from .models import InstitutionCapacity, MonitoringStep


@admin.register(MonitoringStep)
class MonitoringStepAdmin(admin.ModelAdmin):
    list_display = ["months", "name"]


@admin.register(InstitutionCapacity)
class InstitutionCapacityAdmin(admin.ModelAdmin):
    list_display = ["organisation", "places", "updated"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
