from django.urls import path

from .views import account, audit, directory, home, jobs

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("places/", directory.area_detail, name="area-list"),
    path("places/<int:pk>/", directory.area_detail, name="area-detail"),
    path("organisations/", directory.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation-detail"),
    path("staff/", directory.user_list, name="user-list"),
    path("staff/<int:pk>/", directory.user_detail, name="user-detail"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("account/", account.profile, name="profile"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token-revoke"),
]
