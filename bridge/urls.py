from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from activity.api import CatchUpView
from bridge.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/activity/", CatchUpView.as_view(), name="api-activity"),
    path("api/v1/", include("network.urls")),
    path("api/v1/", include("ideas.urls")),
    path("api/v1/", include("rewards.urls")),
    path("api/v1/", include("search.urls")),
    path("api/v1/", include("integrations.urls")),
    # Uploaded files, each behind an access check (never a public /media/ URL).
    path("files/", include("network.downloads")),
    path("files/", include("ideas.downloads")),
    path("files/", include("rewards.downloads")),
    path("", include("frontend.urls")),
]
