"""The API's one way of paging a list: a cursor over the list's own order.

DRF's CursorPagination keeps its place by the first ordering field alone and an
offset among equal values, so it needs a unique, unchanging first field (``-id``).
Lists ordered by name or by time are not, so ``CursorPage`` keeps the whole sort
key of the last item it showed (``("Lovelace", "Ada", 17)``) and asks for the
rows after that key: a keyset. The page after never repeats or skips an item,
whatever is added or removed meanwhile, and costs the same query on any page.

A view names its order by subclassing, as the older paginators do::

    class ByName(CursorPage):
        ordering = ("name", "id")

The ordering must end in a unique field (``id``) so that two rows never share a
key. A view whose order depends on the request (the moderation queue) returns it
from ``get_cursor_ordering()``. A list that takes ``ordering=newest|oldest``
(bridge/list_params.py) has its filter backend run that key the asked way, as DRF's
CursorPagination lets an OrderingFilter choose. Lists ranked by a score that moves
while one reads (ideas by votes, the feed's top posts) do not page here: see
docs/api.md.
"""

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

MAX_KEY_LENGTH = 2000  # an encoded sort key; names are short, a forged one is not


class CursorPage(CursorPagination):
    ordering: Sequence[str] = ("-id",)
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_ordering(self, request: Request, queryset: QuerySet, view: object) -> tuple[str, ...]:
        ordering = getattr(view, "get_cursor_ordering", lambda: self.ordering)()
        ordering = (ordering,) if isinstance(ordering, str) else tuple(ordering)
        for backend in getattr(view, "filter_backends", ()):
            if hasattr(backend, "cursor_ordering"):
                ordering = backend().cursor_ordering(request, ordering)
        return ordering

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: object = None
    ) -> list | None:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        backwards = bool(self.cursor and self.cursor.reverse)
        key = self._key_from_cursor(queryset) if self.cursor else None

        order = [_flipped(name) for name in self.ordering] if backwards else self.ordering
        rows = queryset.order_by(*order)
        if key is not None:
            rows = _after(rows, order, key)
        found = list(rows[: self.page_size + 1])
        more = len(found) > self.page_size
        self.page = found[: self.page_size]
        if backwards:
            self.page.reverse()

        # Coming from a page means there is one to go back to; DRF assumes the same.
        self.has_next = more if not backwards else key is not None
        self.has_previous = more if backwards else key is not None
        self._first = self._key_of(self.page[0]) if self.page else key
        self._last = self._key_of(self.page[-1]) if self.page else key
        return self.page

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=_dump(self._last)))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if self._first is None:  # back from an empty first page: the start
            return self.encode_cursor(Cursor(offset=0, reverse=False, position=None))
        return self.encode_cursor(Cursor(offset=0, reverse=True, position=_dump(self._first)))

    def get_schema_operation_parameters(self, view: object) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Items per page: {self.page_size} unless given, at most "
                    f"{self.max_page_size} (a larger number gets {self.max_page_size})."
                )
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = "Where a page starts: from `next` or `previous`."
        return parameters

    # --- Sort keys -------------------------------------------------------------------

    def _key_of(self, row: Model | dict) -> list:
        return [_value(row, name.lstrip("-")) for name in self.ordering]

    def _key_from_cursor(self, queryset: QuerySet) -> list | None:
        """The cursor's sort key, each value as its field reads it; a cursor that is
        not one of ours is a 404, like DRF's."""
        raw = self.cursor.position
        if raw is None:
            return None
        invalid = NotFound(self.invalid_cursor_message)
        try:
            values = json.loads(raw) if len(raw) <= MAX_KEY_LENGTH else None
        except ValueError:
            raise invalid from None
        if not isinstance(values, list) or len(values) != len(self.ordering):
            raise invalid
        key = []
        for name, value in zip(self.ordering, values, strict=True):
            if value is None:
                key.append(None)
                continue
            if isinstance(value, (list, dict)):
                raise invalid
            try:
                key.append(_field(queryset, name.lstrip("-")).to_python(value))
            except (ValidationError, TypeError, ValueError, OverflowError):
                raise invalid from None
        return key


def _flipped(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _dump(key: list | None) -> str | None:
    return None if key is None else json.dumps(key, default=_text)


def _text(value: object) -> str:
    """Times keep their microseconds (DjangoJSONEncoder cuts them to milliseconds,
    and a key must be exact); dates, decimals and UUIDs as text."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    raise TypeError(f"A sort key cannot hold {type(value).__name__}.")


def _value(row: Model | dict, path: str) -> object:
    if isinstance(row, dict):
        return row[path]
    for part in path.split("__"):
        row = getattr(row, part)
    return row


def _field(queryset: QuerySet, path: str) -> Field:
    """The model field (or annotation) a sort key's part is read with."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        return annotation.output_field
    model = queryset.model
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    name = parts[-1]
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        if name == "pk":
            return model._meta.pk
        raise


def _after(rows: QuerySet, order: Sequence[str], key: list) -> QuerySet:
    """The rows that come after ``key`` in ``order``: for (a, b, c), a beyond the
    key's a, or a equal and b beyond, or a and b equal and c beyond. PostgreSQL puts
    NULL last going up and first going down, and so does this."""
    beyond = Q()
    same = Q()
    for name, value in zip(order, key, strict=True):
        field = name.lstrip("-")
        down = name.startswith("-")
        if value is None:
            step = Q(**{f"{field}__isnull": False}) if down else None
            equal = Q(**{f"{field}__isnull": True})
        else:
            step = Q(**{f"{field}__{'lt' if down else 'gt'}": value})
            if not down and _nullable(rows, field):
                step |= Q(**{f"{field}__isnull": True})
            equal = Q(**{field: value})
        if step is not None:
            beyond |= same & step
        same &= equal
    return rows.filter(beyond) if beyond else rows.none()


def _nullable(rows: QuerySet, path: str) -> bool:
    if path in rows.query.annotations:
        return True
    return bool(getattr(_field(rows, path), "null", False))


class Newest(CursorPage):
    """Newest first, by id: streams that grow at the top (posts, notifications)."""

    ordering = ("-id",)
