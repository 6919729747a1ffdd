from django.urls import path

from .views import dashboard, report, staffing

app_name = "evidence"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("indicators/<slug:code>/", dashboard.indicator_page, name="indicator"),
    path("staffing/", staffing.study_list, name="staffing-list"),
    path("staffing/new/", staffing.study_new, name="staffing-new"),
    path("staffing/<int:pk>/", staffing.study_detail, name="staffing-detail"),
    path("staffing/<int:pk>/edit/", staffing.study_edit, name="staffing-edit"),
    path("report/", report.report_page, name="report"),
    path("report/pdf/", report.report_pdf, name="report-pdf"),
    path("report/jobs/<int:pk>/", report.report_job, name="report-job"),
    path("report/jobs/<int:pk>/report.pdf", report.report_job_pdf, name="report-job-pdf"),
]
