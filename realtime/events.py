"""Typed events pushed to sockets, and the one entry point that publishes them.

The channel layer is at-most-once: every event carries its activity id so that a
client which missed one catches up over REST.
"""

from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from activity.models import Activity


class ActorRef(TypedDict):
    id: int
    name: str


class ActivityEvent(TypedDict):
    type: Literal["activity"]
    id: int
    verb: str
    object_type: str
    object_id: str
    community_id: int | None
    actor: ActorRef | None
    created_at: str


class SessionEnded(TypedDict):
    """The person was deactivated: the socket closes and the page signs out."""

    type: Literal["session.ended"]


class SubscriptionsChanged(TypedDict):
    """The person joined or left a community: their sockets re-read which community
    groups they belong in. Consumed by the socket, never sent to the browser."""

    type: Literal["subscriptions.changed"]


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def community_group(community_id: int) -> str:
    return f"community.{community_id}"


def activity_event(activity: Activity) -> ActivityEvent:
    actor = activity.actor
    return {
        "type": "activity",
        "id": activity.pk,
        "verb": activity.verb,
        "object_type": activity.object_type,
        "object_id": activity.object_id,
        "community_id": activity.community_id,
        "actor": {"id": actor.pk, "name": actor.name} if actor else None,
        "created_at": activity.created_at.isoformat(),
    }


def publish(group: str, event: ActivityEvent | SessionEnded | SubscriptionsChanged) -> None:
    """Send an event to every socket in a group (the consumer's `push` method)."""
    async_to_sync(get_channel_layer().group_send)(group, {"type": "push", "event": event})
