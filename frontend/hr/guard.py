"""The doors to the HR console: who may open its pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from network.models import User
from rewards.access import is_hr
from rewards.services.share import is_curator

View = Callable[..., HttpResponse]


def door(allowed: Callable[[User], bool], refusal: str) -> Callable[[View], View]:
    """Signed-in people `allowed` admits; anyone else signed in gets 403 before the
    view runs, and signed-out people go to sign in."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return guarded

    return decorate


hr_console = door(is_hr, "The HR console is for HR admins.")
# The share hub's tab is also open to communications staff, who curate it with HR.
curators_only = door(is_curator, "The share hub is curated by HR and communications.")
