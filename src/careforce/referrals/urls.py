from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("services/", views.service_list, name="services"),
    path("services/new/", views.service_edit, name="service-new"),
    path("services/<int:pk>/edit/", views.service_edit, name="service-edit"),
    path("incoming/", views.incoming, name="incoming"),
    path("outgoing/", views.outgoing, name="outgoing"),
    path("new/", views.referral_new, name="referral-new"),
    path("<int:pk>/", views.referral_detail, name="referral-detail"),
    path("<int:pk>/answer/", views.referral_answer, name="referral-answer"),
    path("<int:pk>/letter.pdf", views.referral_letter, name="referral-letter"),
]
