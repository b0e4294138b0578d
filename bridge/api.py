"""API-wide behaviour: every error answers with one body shape.

``{"type": "validation_error", "detail": "…", "fields": {"body": ["…"]}}``:
``type`` is stable for programs to branch on, ``detail`` is a sentence for people,
``fields`` names each input that was refused (empty when the error is not about
one). Services raise Django's ValidationError, PermissionDenied, Http404 and
bridge.errors.Conflict; they are mapped here, so no view catches them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bridge.errors import Conflict

NON_FIELD = "non_field_errors"

# DRF's codes, renamed where a client would not guess them.
TYPES = {"invalid": "validation_error"}


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def error_body(type_: str, detail: str, fields: dict | None = None) -> dict[str, Any]:
    return {"type": type_, "detail": detail, "fields": fields or {}}


def error_response(status_code: int, type_: str, detail: str, **extra: Any) -> JsonResponse:
    """The same body from outside DRF (middleware, Django's error handlers)."""
    return JsonResponse({**error_body(type_, detail), **extra}, status=status_code)


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    extra: dict[str, Any] = {}
    if isinstance(error, Conflict):
        extra = error.details
        error = ConflictError(detail=error.message)
    elif isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD: error.messages}
        error = ValidationError(detail=detail)
    elif isinstance(error, Http404):
        error = exceptions.NotFound(*error.args)
    elif isinstance(error, DjangoPermissionDenied):
        error = exceptions.PermissionDenied(*error.args)
    response = drf_exception_handler(error, context)
    if response is None:
        return None  # not an API error: Django answers 500 and logs it
    if isinstance(error, ValidationError):
        response.data = _validation_body(response.data)
    else:
        code = getattr(error.detail, "code", None) or error.default_code
        response.data = {**error_body(TYPES.get(code, code), str(error.detail)), **extra}
    return response


def _validation_body(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):  # a list of messages about the whole input
        data = {NON_FIELD: data if isinstance(data, list) else [data]}
    fields = {name: messages for name, messages in data.items() if name != NON_FIELD}
    general = [str(message) for message in data.get(NON_FIELD, [])]
    if general:
        detail = " ".join(general)
    else:
        detail = "Some fields are not valid: " + ", ".join(_paths(fields)) + "."
    return error_body("validation_error", detail, fields)


def _paths(fields: dict[str, Any], prefix: str = "") -> list[str]:
    """``poll.options`` for nested errors, so the sentence names what to fix."""
    paths = []
    for name, value in fields.items():
        path = f"{prefix}{name}"
        if isinstance(value, dict):
            paths.extend(_paths(value, f"{path}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                if item:
                    paths.extend(_paths(item, f"{path}.{index}."))
        else:
            paths.append(path)
    return paths
