"""Pings, recorded in the database in batches.

Every open socket pings every 25 seconds to stay counted online (presence.py). One
UPDATE per ping cost a web process with 1,000 sockets 40 database round trips a
second, a tenth of daphne's CPU in bench/realtime.py's profile. Instead each process
gathers the pings of REALTIME_HEARTBEAT_FLUSH_SECONDS and records them in one UPDATE, well
within the 75 seconds a socket may stay silent.
"""

from channels.db import database_sync_to_async
from django.conf import settings

from realtime import presence
from realtime.batching import LoopBatch


async def _record(channel_names: set[str]) -> None:
    await database_sync_to_async(presence.connections_seen)(channel_names)


_pinged = LoopBatch("heartbeats", lambda: settings.REALTIME_HEARTBEAT_FLUSH_SECONDS, flush=_record)


def pinged(channel_name: str) -> None:
    _pinged.add(channel_name)
