"""How pages report the outcome of one service call."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from bridge.errors import Conflict


def attempt(request: HttpRequest, action: Callable[[], object], success: str = "") -> bool:
    """Run ``action``; a refused change (409 or 400 in the API) becomes an error
    message on the next page instead of an error page. Permission and visibility
    errors still propagate, to become the 403 and 404 pages."""
    try:
        action()
    except Conflict as error:
        messages.error(request, error.message)
        return False
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True


def add_form_errors(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's refusal next to the fields it names (``aliases`` maps a
    service's field to the form's), the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for service_field, errors in error.message_dict.items():
        name = (aliases or {}).get(service_field, service_field)
        form.add_error(name if name in form.fields else None, errors)
