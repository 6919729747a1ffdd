from django.urls import path

from .views import imports, indicators, manage, registry, supervision

app_name = "workforce"

urlpatterns = [
    path("", registry.workforce_home, name="home"),
    path("workers/", registry.worker_list, name="worker-list"),
    path("workers/new/", manage.worker_new, name="worker-new"),
    path("workers/<int:pk>/", registry.worker_detail, name="worker-detail"),
    path("workers/<int:pk>/edit/", manage.worker_edit, name="worker-edit"),
    path("workers/<int:pk>/assignments/new/", manage.assignment_new, name="assignment-new"),
    path("assignments/<int:pk>/end/", manage.assignment_end, name="assignment-end"),
    path("posts/", registry.post_list, name="post-list"),
    path("posts/new/", manage.post_new, name="post-new"),
    path("posts/<int:pk>/edit/", manage.post_edit, name="post-edit"),
    path("supervision/", supervision.session_list, name="supervision-list"),
    path("supervision/new/", supervision.session_new, name="supervision-new"),
    path("supervision/coverage/", supervision.coverage, name="supervision-coverage"),
    path("supervision/<int:pk>/", supervision.session_detail, name="supervision-detail"),
    path("indicators/", indicators.indicator_page, name="indicators"),
    path("import/", imports.import_start, name="import"),
    path("import/template/<slug:kind>.<slug:fmt>", imports.import_template, name="import-template"),
    path("import/<int:pk>/", imports.import_detail, name="import-detail"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
]
