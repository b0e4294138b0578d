from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from activity.api import CatchUpView
from bridge.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The OpenAPI schema, with Swagger UI to try calls out and Redoc to read.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Where they were first published.
    path("api/v1/schema/", SpectacularAPIView.as_view()),
    path("api/v1/docs/", RedirectView.as_view(pattern_name="api-docs", permanent=True)),
    path("api/v1/activity/", CatchUpView.as_view(), name="api-activity"),
    path("api/v1/", include("network.urls")),
    path("api/v1/", include("ideas.urls")),
    path("api/v1/", include("rewards.urls")),
    path("api/v1/", include("search.urls")),
    path("api/v1/", include("integrations.urls")),
    path("api/v1/webhooks/", include("integrations.webhooks.urls")),
    # Uploaded files, each behind an access check (never a public /media/ URL).
    path("files/", include("network.downloads")),
    path("files/", include("ideas.downloads")),
    path("files/", include("rewards.downloads")),
    path("", include("frontend.urls")),
]

# Under /api/ the API's error body, elsewhere the pages' templates (bridge/error_views.py).
handler400 = "bridge.error_views.bad_request"
handler404 = "bridge.error_views.not_found"
handler500 = "bridge.error_views.server_error"
