"""The API's one way of windowing and ordering a list by time (docs/api.md).

Integrators syncing Bridge elsewhere ask every list the same two questions: what
was created in this window, and in which order. So every list that has a creation
time takes the same parameters, read by one serializer:

- ``created_after``: created at or after this time;
- ``created_before``: created before this time. The window is half-open, so that
  consecutive windows (``after=t0&before=t1``, then ``after=t1&before=t2``) hold
  every item exactly once;
- ``ordering=newest|oldest``, on the lists ordered by time (not on those ordered
  by name).

A list opts in with one line, as a DRF filter backend::

    filter_backends = [TimeOrdered]  # a time-ordered list
    filter_backends = [CreatedWindow]  # a list ordered by name: the window only

The backend narrows the list's own queryset, which is already only what the
caller may see: a filter never widens it. The cursor paginator
(bridge/pagination.py) asks it which way to run the list's sort key, as DRF's
CursorPagination asks an OrderingFilter, so ``ordering=oldest`` pages by the same
keyset, reversed. The OpenAPI parameters are read from the same serializer, so
they read the same on every list.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

NEWEST, OLDEST = "newest", "oldest"


class OffsetDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that says its offset: a time without one would be read in
    the server's zone, which a client elsewhere cannot know."""

    default_error_messages = {
        "naive": "Give the time with its offset: 2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00."
    }

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class CreatedWindowSerializer(serializers.Serializer):
    created_after = OffsetDateTimeField(
        required=False,
        help_text="Only items created at or after this time (ISO 8601 with an offset, "
        "`2026-11-24T09:00:00Z`; write `+` as `%2B` in a URL).",
    )
    created_before = OffsetDateTimeField(
        required=False,
        help_text="Only items created before this time (ISO 8601 with an offset). With "
        "`created_after`, a half-open window: consecutive windows hold each item once.",
    )

    def validate(self, data: dict) -> dict:
        after, before = data.get("created_after"), data.get("created_before")
        if after is not None and before is not None and after > before:
            raise serializers.ValidationError(
                {"created_before": ["The window's end must not come before its start."]}
            )
        return data


class TimeOrderedSerializer(CreatedWindowSerializer):
    ordering = serializers.ChoiceField(
        choices=[NEWEST, OLDEST],
        required=False,
        help_text="`newest` or `oldest` first; unless given, the list's own order "
        "(the default shown here). Pages by cursor either way.",
    )


class CreatedWindow(BaseFilterBackend):
    """``created_after`` / ``created_before`` on the list's creation time."""

    field = "created_at"
    serializer_class: type[serializers.Serializer] = CreatedWindowSerializer

    def params(self, request: Request) -> dict[str, Any]:
        """The request's parameters, or a 400 naming each refused one."""
        serializer = self.serializer_class(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def filter_queryset(self, request: Request, queryset: QuerySet, view: object) -> QuerySet:
        params = self.params(request)
        if "created_after" in params:
            queryset = queryset.filter(**{f"{self.field}__gte": params["created_after"]})
        if "created_before" in params:
            queryset = queryset.filter(**{f"{self.field}__lt": params["created_before"]})
        return queryset

    def get_schema_operation_parameters(self, view: object) -> list[dict[str, Any]]:
        parameters = []
        for name, field in self.serializer_class().fields.items():
            choices = isinstance(field, serializers.ChoiceField)
            parameters.append(
                build_parameter_type(
                    name,
                    build_basic_type(OpenApiTypes.STR if choices else OpenApiTypes.DATETIME),
                    "query",
                    description=str(field.help_text),
                    enum=list(field.choices) if choices else None,
                    default=self._default_order(view) if choices else None,
                )
            )
        return parameters

    def _default_order(self, view: object) -> str | None:
        return None


class TimeOrdered(CreatedWindow):
    """The window, and ``ordering=newest|oldest`` for a list ordered by time."""

    serializer_class = TimeOrderedSerializer

    def cursor_ordering(self, request: Request, ordering: Sequence[str]) -> tuple[str, ...]:
        """The list's sort key run the asked way: every part descending for newest
        first, ascending for oldest first (the unique ``id`` at its end included,
        so the key stays a keyset)."""
        wanted = self.params(request).get("ordering")
        if wanted is None:
            return tuple(ordering)
        sign = "-" if wanted == NEWEST else ""
        return tuple(sign + name.lstrip("-") for name in ordering)

    def _default_order(self, view: object) -> str | None:
        paginator = getattr(view, "pagination_class", None)
        ordering = getattr(paginator, "ordering", None)
        if not ordering:
            return None
        first = ordering if isinstance(ordering, str) else ordering[0]
        return NEWEST if first.startswith("-") else OLDEST
