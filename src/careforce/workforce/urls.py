from django.urls import path

from .views import registry

app_name = "workforce"

urlpatterns = [
    path("workers/", registry.worker_list, name="worker-list"),
    path("workers/<int:pk>/", registry.worker_detail, name="worker-detail"),
    path("posts/", registry.post_list, name="post-list"),
]
