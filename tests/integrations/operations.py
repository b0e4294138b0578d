"""Every API operation, read from the URL configuration: (method, path, view class)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

METHODS = ("get", "post", "put", "patch", "delete")
# What a path parameter becomes in a request: an id that does not exist.
EXAMPLE_VALUES = {"int": "987654321", "str": "zzz"}


@dataclass(frozen=True)
class Operation:
    method: str
    route: str  # as written in urls.py, for reports
    path: str  # a path to request
    view: type

    def __str__(self) -> str:
        return f"{self.method.upper()} /{self.route}"


def _example_path(route: str) -> str:
    route = route.replace("^", "").replace("/?$", "/").replace("$", "")
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>", lambda match: EXAMPLE_VALUES[match.group(1) or "str"], route
    )


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def api_operations() -> list[Operation]:
    operations = []
    for route, callback in _walk(get_resolver()):
        view = getattr(callback, "cls", None)
        if not route.startswith("api/") or view is None:
            continue
        operations.extend(
            Operation(method, route, _example_path(route), view)
            for method in METHODS
            if hasattr(view, method)
        )
    return operations
