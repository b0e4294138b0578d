"""Domain errors that every surface maps the same way.

Services raise Django's PermissionDenied (403), network.access.NotFound (404) and
ValidationError (400); Conflict is the 409: the request is understood and allowed,
but the state it meets does not permit it (already a member, archived…).
"""


class Conflict(Exception):
    """``details``: what the API adds to its 409 beside the message, for a client to
    act on (the revision an edit lost to, say)."""

    def __init__(self, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
