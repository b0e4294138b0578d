"""Presence changes, told to a community's members once they settle.

Telling every member of a community each time one of them comes or goes costs
members times changes messages: 1,000 members reconnecting after a deploy made a
million, and one daphne process spent minutes on them (bench/realtime.py). Instead
each web process waits REALTIME_PRESENCE_SETTLE_SECONDS after the first change it saw in a
community, then sends one snapshot to the community's presence group. Presence is
a few seconds late at worst; the messages are bounded by processes times communities,
whatever the churn. The pending set is a debounce, not state: losing it (a restart)
loses nothing, as the next change or subscription sends a fresh snapshot.
"""

import asyncio
import logging
import weakref
from collections.abc import Iterable

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from realtime import presence
from realtime.events import presence_group

logger = logging.getLogger(__name__)

# Per event loop (daphne has one; tests open many): the communities with a snapshot
# on its way, and the tasks sending them (held, so none is collected mid-flight).
_pending: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set[int]]" = (
    weakref.WeakKeyDictionary()
)
_running: set[asyncio.Task] = set()


def presence_changed(community_ids: Iterable[int]) -> None:
    """Schedule one snapshot per community, unless one is already on its way."""
    loop = asyncio.get_running_loop()
    pending = _pending.setdefault(loop, set())
    for community_id in community_ids:
        if community_id in pending:
            continue
        pending.add(community_id)
        loop.call_later(settings.REALTIME_PRESENCE_SETTLE_SECONDS, _start, community_id)


def _start(community_id: int) -> None:
    loop = asyncio.get_running_loop()
    _pending.get(loop, set()).discard(community_id)
    task = loop.create_task(_tell(community_id))
    _running.add(task)
    task.add_done_callback(_running.discard)


async def _tell(community_id: int) -> None:
    try:
        event = await database_sync_to_async(presence.snapshot)(community_id)
        await get_channel_layer().group_send(
            presence_group(community_id), {"type": "push", "event": event}
        )
    except Exception:
        # Redis or the database is down: presence is told again at the next change.
        logger.exception("could not tell community %s who is online", community_id)
