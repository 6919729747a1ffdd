from django.contrib import admin

from .models import Service

# Referrals hold a child's data: they are read through the access door on the pages and the API, never
# in the admin (as cases are not).


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "service_type", "organisation", "area", "capacity", "active"]
    list_filter = ["service_type", "active"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "area"]
