"""bridge.urls with two routes that crash, one under /api/ and one page: what a bug
in any view would do, for tests/bridge/test_api_errors.py to see the 500s."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridge.urls import handler400, handler404, handler500
from bridge.urls import urlpatterns as bridge_urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]


class CrashView(APIView):
    def get(self, request: Request) -> Response:
        raise RuntimeError("a bug in an API view")


def crash_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a page")


urlpatterns = [
    path("api/v1/crash/", CrashView.as_view()),
    path("crash/", crash_page),
    *bridge_urlpatterns,
]
