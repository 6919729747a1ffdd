from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("children/<int:pk>/change/", views.care_setting_change, name="care-setting-change"),
    path("children/<int:pk>/reintegration/", views.reintegration_start, name="reintegration-start"),
    path("institutions/", views.institution_list, name="institution-list"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("reintegrations/", views.reintegration_list, name="reintegration-list"),
    path("reintegrations/<int:pk>/", views.reintegration_detail, name="reintegration-detail"),
    path("reintegrations/<int:pk>/readiness/", views.reintegration_step, {"step": "readiness"},
         name="reintegration-readiness"),
    path("reintegrations/<int:pk>/preparation/", views.reintegration_step, {"step": "preparation"},
         name="reintegration-preparation"),
    path("reintegrations/<int:pk>/move/", views.reintegration_step, {"step": "move"}, name="reintegration-move"),
    path("reintegrations/<int:pk>/visits/", views.reintegration_step, {"step": "visit"}, name="reintegration-visit"),
]
