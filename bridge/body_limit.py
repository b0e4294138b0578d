"""API request bodies other than uploads are parsed in memory whole: refuse big ones.

DRF reads a JSON body straight from the request stream, so Django's
DATA_UPLOAD_MAX_MEMORY_SIZE, which guards form bodies, never applies to it. A
multi-gigabyte JSON body would be read and parsed by a web process. Uploads
(multipart) are streamed to disk by Django and have their own per-file limits.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from bridge.api import error_response


class ApiBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if (
            request.path.startswith("/api/")
            and limit is not None
            and not request.content_type.startswith("multipart/")
            and _length(request) > limit
        ):
            return error_response(
                413,
                "payload_too_large",
                f"A request body may be {limit:,} bytes at most; send files as multipart uploads.",
            )
        return self.get_response(request)


def _length(request: HttpRequest) -> int:
    try:
        return int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return 0
