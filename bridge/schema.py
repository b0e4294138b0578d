"""OpenAPI: every operation lists the errors it can answer, all with one ``Error`` body.

The body is bridge/api.py's. Which statuses an operation lists is read from what the
view is, so that no view repeats it (docs/api-errors.md):

- 400 where there is input to refuse: a body, a query parameter, or a write, whose
  service may refuse it (Django's ValidationError); 415 where there is a body;
- 401 when the first authenticator names a challenge (DRF answers 403 otherwise),
  403 wherever a caller must be signed in;
- 404 where the path names something, and on lists DRF pages (a page or cursor it
  cannot read is its 404);
- 409 on every POST (a reused Idempotency-Key, and the services' Conflict), and on
  the other writes to something the path names, whose state may not permit them;
- 429 where the view throttles.

A status a view declares itself (``@extend_schema(responses={404: None})``, for a
community named by a query parameter) gets the same body.
"""

from typing import Any

from drf_spectacular import openapi
from rest_framework import permissions, serializers
from rest_framework.pagination import CursorPagination, PageNumberPagination

DESCRIPTIONS = {
    "400": "The input is refused (`validation_error`: `fields` names each refused input, "
    "nested like the input), the body is not JSON (`parse_error`), or the request cannot "
    "be read at all, such as one with too many parameters (`bad_request`).",
    "401": "No credentials, or credentials that are not valid (`not_authenticated`, "
    "`authentication_failed`).",
    "403": "Not allowed to do this (`permission_denied`); where no 401 is listed, also not "
    "signed in (`not_authenticated`).",
    "404": "Nothing here that the caller may see: missing and hidden look the same (`not_found`).",
    "409": "The request is understood and allowed, but the state it meets does not permit "
    "it: already done, closed, archived, edited meanwhile (`conflict`); or its "
    "Idempotency-Key was used for another request, or is still running "
    "(`idempotency_key_reused`, `idempotency_key_in_use`). Some conflicts add keys beside "
    "`type`, `detail` and `fields` for a client to act on.",
    "415": "A body of a media type the operation does not take (`unsupported_media_type`).",
    "429": "Too many requests (`throttled`); `Retry-After` says when to try again.",
}


class ErrorSerializer(serializers.Serializer):
    """The one body of every error the API answers (bridge/api.py)."""

    type = serializers.CharField(
        help_text="Stable, for programs to branch on: `validation_error`, `parse_error`, "
        "`bad_request`, `not_authenticated`, `authentication_failed`, `permission_denied`, "
        "`not_found`, `method_not_allowed`, `unsupported_media_type`, `conflict`, "
        "`idempotency_key_reused`, `idempotency_key_in_use`, `throttled`, `server_error`."
    )
    detail = serializers.CharField(help_text="A sentence for people.")
    fields = serializers.DictField(
        help_text="Each refused input and why, nested like the input; empty unless the "
        "error is about the input."
    )


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        error = self.resolve_serializer(ErrorSerializer(), "response").ref
        for status in self._error_statuses(operation):
            declared = responses.get(status)
            if declared is not None and "content" in declared:
                # The view's own body names what a client may act on (a stale edit's
                # revision): those keys come beside the three, as bridge/api.py puts them.
                for media in declared["content"].values():
                    if media.get("schema") not in (None, error):
                        media["schema"] = {"allOf": [error, media["schema"]]}
                declared["description"] = declared["description"] or DESCRIPTIONS.get(status, "")
                continue
            responses[status] = {
                **self._get_response_for_code(ErrorSerializer, status),
                "description": DESCRIPTIONS.get(status, ""),
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_statuses(self, operation: dict[str, Any]) -> set[str]:
        # Declared by the view itself (``{403: None}``): documented with the body too.
        statuses = {code for code in operation["responses"] if code.isdigit() and code >= "400"}
        parameters = operation.get("parameters", [])
        names_something = any(p["in"] == "path" for p in parameters)
        has_body = "requestBody" in operation
        queried = any(p["in"] == "query" for p in parameters)
        if has_body or queried or self.method in {"POST", "PUT", "PATCH"}:
            statuses.add("400")
        if has_body:
            statuses.add("415")
        if self._requires_sign_in():
            statuses.add("403")
            if self._challenge():
                statuses.add("401")
        if names_something or self._paged(parameters):
            statuses.add("404")
        if self.method == "POST" or (self.method in {"PUT", "PATCH", "DELETE"} and names_something):
            statuses.add("409")
        if self.view.get_throttles():
            statuses.add("429")
        return statuses

    def _requires_sign_in(self) -> bool:
        return not any(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )

    def _challenge(self) -> bool:
        """DRF answers 401 only when its first authenticator names a challenge."""
        authenticators = self.view.get_authenticators()
        return bool(authenticators and authenticators[0].authenticate_header(self.view.request))

    def _paged(self, parameters: list[dict[str, Any]]) -> bool:
        """DRF's paginators answer 404 to a page or cursor they cannot read."""
        paginator = self._get_paginator()
        if isinstance(paginator, CursorPagination):
            name = paginator.cursor_query_param
        elif isinstance(paginator, PageNumberPagination):
            name = paginator.page_query_param
        else:
            return False
        return any(p["in"] == "query" and p["name"] == name for p in parameters)
