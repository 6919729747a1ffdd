from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from careforce.api import api
from careforce.core.views import account, errors

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", account.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("people/", include("careforce.people.urls")),
    path("cases/", include("careforce.cases.urls")),
    path("referrals/", include("careforce.referrals.urls")),
    path("placements/", include("careforce.placements.urls")),
    path("workforce/", include("careforce.workforce.urls")),
    path("training/", include("careforce.training.urls")),
    path("evidence/", include("careforce.evidence.urls")),
    path("", include("careforce.core.urls")),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
