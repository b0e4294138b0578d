"""Signing out closes the sockets opened with that session, in every tab."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from activity import services as activity
from network.models import User
from realtime.events import session_group


def close_sockets_of_the_session(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    session_key = request.session.session_key if request is not None else None
    if user is None or not session_key:
        return
    # Through the activity stream like every push, so a dead Redis never breaks a
    # sign-out; the group name is a hash, never the session key itself.
    with transaction.atomic():
        activity.activity_record(
            actor=user,
            verb="person.signed_out",
            object_type="person",
            object_id=user.pk,
            audience="staff",
            payload={"session_group": session_group(session_key)},
        )
