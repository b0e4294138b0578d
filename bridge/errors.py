"""Domain errors that every surface maps the same way.

Services raise Django's PermissionDenied (403), network.access.NotFound (404) and
ValidationError (400); Conflict is the 409: the request is understood and allowed,
but the state it meets does not permit it (already a member, archived…).
"""


class Conflict(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
