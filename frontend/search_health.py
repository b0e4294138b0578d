"""The search health page, for platform admins."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.health import health


@login_required
def search_health(request: HttpRequest) -> HttpResponse:
    if not request.user.is_platform_admin:
        raise PermissionDenied("Search health is for platform admins.")
    return render(request, "frontend/search/health.html", {"health": health()})
