from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("competencies/", views.competencies, name="competencies"),
    path("courses/", views.course_list, name="course-list"),
    path("courses/new/", views.course_edit, name="course-new"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/new/", views.session_edit, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/participants/", views.participants_add, name="participants-add"),
    path("sessions/<int:pk>/scores/", views.session_scores, name="session-scores"),
    path("sessions/<int:pk>/cascade/", views.session_cascade, name="session-cascade"),
    path("my/", views.my_training, name="my"),
]
