"""API-wide behaviour: errors from services become field-by-field 400s."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bridge.errors import Conflict


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    """Services raise Django's ValidationError; the API answers 400 with its fields."""
    if isinstance(error, Conflict):
        response = drf_exception_handler(ConflictError(detail=error.message), context)
        if response is not None:
            response.data.update(error.details)
        return response
    elif isinstance(error, DjangoValidationError):
        detail = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {"non_field_errors": error.messages}
        )
        error = ValidationError(detail=detail)
    return drf_exception_handler(error, context)
