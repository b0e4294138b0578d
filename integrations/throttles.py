"""Rate limits: per token, and per person over all their tokens and pages.

DRF's sliding-window throttles, kept in the cache (Redis in production). Their
limits come from settings.API_RATE_LIMITS when a request is checked, not when the
class is defined as DRF's own do, so that configuration and tests can change them.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from integrations.models import ApiToken

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views loads
    from rest_framework.views import APIView


class _PerMinute(SimpleRateThrottle):
    # DRF makes a throttle per request, so this is read per request.
    def get_rate(self) -> str:
        return f"{settings.API_RATE_LIMITS[self.scope]}/min"


class TokenRateThrottle(_PerMinute):
    scope = "token"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if isinstance(request.auth, ApiToken):
            return f"throttle:token:{request.auth.pk}"
        return None


class PersonRateThrottle(_PerMinute):
    scope = "person"

    def get_cache_key(self, request: Request, view: "APIView") -> str | None:
        if request.user and request.user.is_authenticated:
            return f"throttle:person:{request.user.pk}"
        return None
