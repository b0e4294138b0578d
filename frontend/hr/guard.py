"""The one door to the HR console."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from rewards.access import is_hr


def hr_console(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in HR admins only: others are refused with 403 before the view runs."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_hr(request.user):
            raise PermissionDenied("The HR console is for HR admins.")
        return view(request, *args, **kwargs)

    return guarded
