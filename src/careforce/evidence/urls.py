from django.urls import path

from .views import dashboard, staffing

app_name = "evidence"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("indicators/<slug:code>/", dashboard.indicator_page, name="indicator"),
    path("staffing/", staffing.study_list, name="staffing-list"),
    path("staffing/new/", staffing.study_new, name="staffing-new"),
    path("staffing/<int:pk>/", staffing.study_detail, name="staffing-detail"),
    path("staffing/<int:pk>/edit/", staffing.study_edit, name="staffing-edit"),
]
