from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("register/", views.person_register, name="person-register"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/relatives/add/", views.relative_add, name="relative-add"),
    path("<int:pk>/merge/<int:other>/", views.person_merge, name="person-merge"),
]
