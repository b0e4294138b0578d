"""How API responses may be cached: by the caller only, and revalidated each time.

Django's ConditionalGetMiddleware gives every GET an ETag and answers 304 to a
matching If-None-Match; this makes clients ask every time (``no-cache``), keeps
shared caches out (``private``: what a person may see is theirs), and tells caches
that the answer depends on the token (``Vary: Authorization``).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


class ApiCachingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Authorization"])
        return response
