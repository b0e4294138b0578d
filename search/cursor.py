"""The opaque "more results" cursor: the sort values of the last hit a page
consumed, with the sort and the backend they belong to, as URL-safe base64 JSON.

A cursor is only meaningful to the backend and sort that made it; anything else
(edited, truncated, from another sort) is refused with `InvalidCursor`, which the
API answers with a 400 and the page with a message.
"""

import base64
import binascii
import json
from dataclasses import dataclass

MAX_LENGTH = 1000


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    backend: str
    sort: str
    after: tuple


def encode(cursor: Cursor) -> str:
    data = {"b": cursor.backend, "s": cursor.sort, "a": list(cursor.after)}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str) -> Cursor:
    """The cursor, or InvalidCursor when it is not one of ours."""
    if not text or len(text) > MAX_LENGTH:
        raise InvalidCursor("This is not a valid cursor.")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("This is not a valid cursor.") from None
    if not isinstance(data, dict):
        raise InvalidCursor("This is not a valid cursor.")
    backend, sort, after = data.get("b"), data.get("s"), data.get("a")
    scalars = (str, int, float)
    if not (
        isinstance(backend, str)
        and isinstance(sort, str)
        and isinstance(after, list)
        and after
        and all(isinstance(value, scalars) and not isinstance(value, bool) for value in after)
    ):
        raise InvalidCursor("This is not a valid cursor.")
    return Cursor(backend, sort, tuple(after))


def decode_for(text: str, *, backend: str, sort: str, length: int) -> Cursor:
    """The cursor, checked to belong to this backend and sort."""
    cursor = decode(text)
    if cursor.sort != sort:
        raise InvalidCursor("This cursor belongs to another sort order; start the search again.")
    if cursor.backend != backend or len(cursor.after) != length:
        raise InvalidCursor("This cursor belongs to another search; start the search again.")
    return cursor
