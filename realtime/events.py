"""Typed messages of the live socket, and the one entry point that publishes them.

The protocol is documented in docs/realtime.md. The channel layer is at-most-once:
every activity event carries its activity id so that a client which missed one
catches up over REST (`GET /api/v1/activity/?after=<id>`).
"""

import hashlib
from typing import Literal, NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from activity.models import Activity

# --- Server to browser -------------------------------------------------------------


class ActorRef(TypedDict):
    id: int
    name: str


class ActivityEvent(TypedDict):
    """Something happened. Ids, a verb and the actor's name; never content: the
    client reads the objects through the API or a page, which apply the access
    policy again."""

    type: Literal["activity"]
    id: int
    verb: str
    object_type: str
    object_id: str
    community_id: int | None
    post_id: int | None  # the post a comment, reaction or vote belongs to
    board_id: int | None  # the idea board an idea activity belongs to
    actor: ActorRef | None
    created_at: str


class Hello(TypedDict):
    type: Literal["hello"]
    user_id: int


class Subscribed(TypedDict):
    type: Literal["subscribed"]
    topic: str


class Unsubscribed(TypedDict):
    """Answer to an unsubscribe, or the server dropping a topic the person lost
    access to (reason "access_lost")."""

    type: Literal["unsubscribed"]
    topic: str
    reason: NotRequired[Literal["access_lost"]]


class Error(TypedDict):
    type: Literal["error"]
    code: Literal["invalid", "not_found", "forbidden", "too_many"]
    message: str
    topic: NotRequired[str]


class UnreadCount(TypedDict):
    """The person's unread notifications changed."""

    type: Literal["notifications.unread"]
    count: int


class PresenceSnapshot(TypedDict):
    """Members of a community online now (the first PRESENCE_LISTED by name, and how
    many in all): to a member who subscribes, then whenever it settles after a
    change."""

    type: Literal["presence"]
    community_id: int
    online: list[ActorRef]
    count: int


class SessionEnded(TypedDict):
    """The person was deactivated or signed out of this session: the socket closes
    and the page goes to the sign-in page."""

    type: Literal["session.ended"]


# --- Server to its own sockets (never forwarded to the browser) ----------------------


class AccessChanged(TypedDict):
    """Memberships, a community's visibility or a post's moderation state changed:
    sockets re-check every topic they hold and drop what is no longer allowed."""

    type: Literal["access.changed"]


PushedEvent = ActivityEvent | UnreadCount | PresenceSnapshot | SessionEnded | AccessChanged


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session (a hash: group names show up in Redis)."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def community_group(community_id: int) -> str:
    return f"community.{community_id}"


def presence_group(community_id: int) -> str:
    """Joined only by the sockets of a community's members (presence is members-only)."""
    return f"presence.{community_id}"


def post_group(post_id: int) -> str:
    return f"post.{post_id}"


def board_group(board_id: int) -> str:
    """Joined after ideas.access.access_board: the people viewing an idea board."""
    return f"board.{board_id}"


# Activities about an idea or a comment under one: both reach the board's viewers
# (the idea's page refetches its discussion on a comment's).
BOARD_OBJECT_TYPES = ("idea", "idea_comment")


def board_id_of(activity: Activity) -> int | None:
    if activity.object_type not in BOARD_OBJECT_TYPES:
        return None
    board_id = activity.payload.get("board_id")
    return int(board_id) if board_id is not None else None


def post_id_of(activity: Activity) -> int | None:
    if activity.object_type == "post":
        return int(activity.object_id)
    post_id = activity.payload.get("post_id")
    return int(post_id) if post_id is not None else None


def activity_event(activity: Activity) -> ActivityEvent:
    actor = activity.actor
    return {
        "type": "activity",
        "id": activity.pk,
        "verb": activity.verb,
        "object_type": activity.object_type,
        "object_id": activity.object_id,
        "community_id": activity.community_id,
        "post_id": post_id_of(activity),
        "board_id": board_id_of(activity),
        "actor": {"id": actor.pk, "name": actor.name} if actor else None,
        "created_at": activity.created_at.isoformat(),
    }


def push_message(group: str, event: PushedEvent) -> dict:
    """The channel-layer message for the consumer's `push` method. It names its group:
    a socket that has left the group since (access lost) drops it unsent."""
    return {"type": "push", "group": group, "event": event}


def publish(group: str, event: PushedEvent) -> None:
    """Send an event to every socket in a group."""
    async_to_sync(get_channel_layer().group_send)(group, push_message(group, event))
