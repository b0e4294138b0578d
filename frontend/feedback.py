"""How pages report the outcome of one service call."""

from collections.abc import Callable

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
