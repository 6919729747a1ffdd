from django.urls import path

from . import views
from .views.certificates import certificate_pdf, certificate_revoke, certificate_verify, certificates_issue

app_name = "training"

urlpatterns = [
    path("competencies/", views.competencies, name="competencies"),
    path("courses/", views.course_list, name="course-list"),
    path("courses/new/", views.course_edit, name="course-new"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:pk>/impact/", views.course_impact, name="course-impact"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/new/", views.session_edit, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/participants/", views.participants_add, name="participants-add"),
    path("sessions/<int:pk>/scores/", views.session_scores, name="session-scores"),
    path("sessions/<int:pk>/cascade/", views.session_cascade, name="session-cascade"),
    path("my/", views.my_training, name="my"),
    path("my/development/", views.my_development, name="my-development"),
    path("workers/<int:pk>/", views.worker_development, name="worker-development"),
    path("workers/<int:pk>/cpd/", views.cpd_add, name="cpd-add"),
    path("workers/<int:pk>/assess/", views.assess, name="assess"),
    path("cpd/<int:pk>/delete/", views.cpd_delete, name="cpd-delete"),
    path("cpd/compliance/", views.cpd_compliance, name="cpd-compliance"),
    path("needs/", views.needs, name="needs"),
]

# Certificates of completion (views/certificates.py); the check of a code needs no sign-in.
urlpatterns += [
    path("sessions/<int:pk>/certificates/", certificates_issue, name="certificates-issue"),
    path("certificates/verify/", certificate_verify, name="certificate-verify"),
    path("certificates/<int:pk>/certificate.pdf", certificate_pdf, name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", certificate_revoke, name="certificate-revoke"),
]
