"""Django's own error views (bridge/urls.py): the API's body under /api/, pages elsewhere.

DRF answers what reaches a view (bridge/api.py). What is left comes from Django: an
/api/ address that no route matches (404), input Django refuses before a view can
read it, such as more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters (400), and a
crash (500). Pages keep the templates in frontend/templates.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from bridge.api import error_response

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return error_response(400, "bad_request", "The request is too large.")
    # The exception's own text names settings and internals: not for callers.
    return error_response(400, "bad_request", "The request could not be read.")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return error_response(404, "not_found", "There is no API endpoint at this address.")


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        return defaults.server_error(request)
    return error_response(
        500,
        "server_error",
        "Something went wrong on our side; nothing you sent caused it. Try again in a moment.",
    )
