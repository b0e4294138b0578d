"""Who is online: the open sockets recorded in realtime.models.Connection."""

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from network.models import Membership, User
from realtime.events import ActorRef, PresenceSnapshot
from realtime.models import Connection

# A socket pings every 25 seconds, recorded within seconds
# (heartbeats.py); three missed pings and it no longer counts.
PRESENCE_TIMEOUT = timedelta(seconds=75)
# A community page lists this many of the members online, and counts the rest.
PRESENCE_LISTED = 50


def _live() -> QuerySet[Connection]:
    return Connection.objects.filter(seen_at__gte=timezone.now() - PRESENCE_TIMEOUT)


def connection_open(user: User, channel_name: str) -> bool:
    """Record a socket; True when it is the person's only live one (they came online)."""
    now = timezone.now()
    Connection.objects.filter(user=user, seen_at__lt=now - PRESENCE_TIMEOUT).delete()
    Connection.objects.update_or_create(
        channel_name=channel_name, defaults={"user": user, "seen_at": now}
    )
    return not _live().filter(user=user).exclude(channel_name=channel_name).exists()


def connections_seen(channel_names: Iterable[str]) -> None:
    Connection.objects.filter(channel_name__in=list(channel_names)).update(seen_at=timezone.now())


def connection_close(user: User, channel_name: str) -> bool:
    """Forget a socket; True when the person has no live socket left (went offline)."""
    Connection.objects.filter(channel_name=channel_name).delete()
    return not _live().filter(user=user).exists()


def online_members(community_id: int) -> list[ActorRef]:
    """The active members of a community with a live socket, by name."""
    member_ids = Membership.objects.filter(community_id=community_id).values("user_id")
    people = User.objects.filter(pk__in=member_ids, is_active=True).filter(
        pk__in=_live().values("user_id")
    )
    return sorted(
        ({"id": person.pk, "name": person.name} for person in people),
        key=lambda ref: (ref["name"].casefold(), ref["id"]),
    )


def snapshot(community_id: int, *, including: User | None = None) -> PresenceSnapshot:
    """Who is online, as the socket tells it. ``including``: a member known to be
    online whose socket may not be open yet (the reader of the page being drawn)."""
    online = online_members(community_id)
    if including is not None and all(person["id"] != including.pk for person in online):
        online.append({"id": including.pk, "name": including.name})
        online.sort(key=lambda ref: (ref["name"].casefold(), ref["id"]))
    return {
        "type": "presence",
        "community_id": community_id,
        "online": online[:PRESENCE_LISTED],
        "count": len(online),
    }


def forget_stale_connections() -> int:
    """Rows left behind by processes that died without closing their sockets."""
    deleted, _ = Connection.objects.filter(seen_at__lt=timezone.now() - PRESENCE_TIMEOUT).delete()
    return deleted
