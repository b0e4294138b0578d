"""Presence changes, told to a community's members once they settle.

Telling every member of a community each time one of them comes or goes costs
members times changes messages: 1,000 members reconnecting after a deploy made a
million, and one daphne process spent minutes on them (bench/realtime.py). Instead
each web process waits REALTIME_PRESENCE_SETTLE_SECONDS after the first change it saw,
then sends one snapshot to the presence group of each community that changed. Presence is
a few seconds late at worst; the messages are bounded by processes times communities,
whatever the churn. The pending set is a debounce, not state: losing it (a restart)
loses nothing, as the next change or subscription sends a fresh snapshot.
"""

import logging
from collections.abc import Iterable

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from realtime import presence
from realtime.batching import LoopBatch
from realtime.events import presence_group, push_message

logger = logging.getLogger(__name__)


async def _tell(community_ids: set[int]) -> None:
    layer = get_channel_layer()
    for community_id in sorted(community_ids):
        try:
            event = await database_sync_to_async(presence.snapshot)(community_id)
            group = presence_group(community_id)
            await layer.group_send(group, push_message(group, event))
        except Exception:
            # Redis or the database is down: told again at the next change.
            logger.exception("could not tell community %s who is online", community_id)


_changed = LoopBatch("presence", lambda: settings.REALTIME_PRESENCE_SETTLE_SECONDS, flush=_tell)


def presence_changed(community_ids: Iterable[int]) -> None:
    """One snapshot per community once the changes have settled."""
    _changed.add(*community_ids)
