"""The socket a signed-in browser keeps open for live updates (protocol:
docs/realtime.md)."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer

from network import access
from realtime import announcer, heartbeats, presence
from realtime.events import Error, session_group, user_group
from realtime.topics import Resolved, TopicRefused, resolve

logger = logging.getLogger(__name__)

# Close code for a handshake refused because the socket has no signed-in session.
UNAUTHENTICATED = 4401
# Close code when the channel layer may have missed messages (realtime/layer.py): the
# browser reconnects and catches up. Like HTTP's 503, in the application's range.
LAYER_LOST = 4503
# Enough for any page (a feed, a community, a thread, a board); a bound on the work
# one socket can ask of the server.
MAX_TOPICS = 20


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=UNAUTHENTICATED)
            return
        self.user = user
        self.topics: dict[str, Resolved] = {}
        self.joined: set[str] = set()
        await self._sync_groups()
        await self.accept()
        await self.send_json({"type": "hello", "user_id": user.pk})
        came_online = await database_sync_to_async(presence.connection_open)(
            user, self.channel_name
        )
        self.connection_recorded = True
        if came_online:
            await self._announce_presence()

    async def disconnect(self, code: int) -> None:
        if not hasattr(self, "user"):
            return
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined = set()
        await self._forget_connection()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """channels' AsyncConsumer.__call__, with one long-lived reader per source
        instead of channels' await_many_dispatch. That creates a task and an
        asyncio.wait for every message, a sixth of daphne's CPU per event in
        bench/realtime.py's profile. Dispatch stays one message at a time, and each
        source stays in order."""
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        self.base_send = send
        one_at_a_time = asyncio.Lock()

        async def read(source: Callable[[], Awaitable[dict]]) -> None:
            while True:
                message = await source()
                async with one_at_a_time:
                    await self.dispatch(message)

        readers = [
            asyncio.ensure_future(read(receive)),
            asyncio.ensure_future(read(partial(self.channel_layer.receive, self.channel_name))),
        ]
        try:
            done, _ = await asyncio.wait(readers, return_when=asyncio.FIRST_EXCEPTION)
            for reader in done:
                reader.result()  # StopConsumer, or what went wrong
        except StopConsumer:
            pass
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
            # When the channel layer fails (Redis died) the consumer ends without
            # disconnect(): its presence row must not outlive it.
            if getattr(self, "connection_recorded", False):
                try:
                    await self._forget_connection()
                except Exception:
                    logger.exception("could not announce %s going offline", self.channel_name)

    async def _forget_connection(self) -> None:
        if not getattr(self, "connection_recorded", False):
            return
        self.connection_recorded = False
        went_offline = await database_sync_to_async(presence.connection_close)(
            self.user, self.channel_name
        )
        if went_offline:
            await self._announce_presence()

    # --- From the browser ----------------------------------------------------------

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return json.loads(text_data)
        except ValueError:
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            heartbeats.pinged(self.channel_name)
            await self.send_json({"type": "pong"})
        elif kind == "subscribe":
            await self._subscribe(content.get("topic"))
        elif kind == "unsubscribe":
            topic = content.get("topic")
            if self.topics.pop(topic, None) is not None:
                await self._sync_groups()
            await self.send_json({"type": "unsubscribed", "topic": str(topic)[:100]})
        else:
            await self._error(
                "invalid", "Send a JSON object whose type is subscribe, unsubscribe or ping."
            )

    async def _subscribe(self, topic: Any) -> None:
        if topic not in self.topics and len(self.topics) >= MAX_TOPICS:
            await self._error("too_many", f"A socket follows at most {MAX_TOPICS} topics.", topic)
            return
        try:
            resolved = await database_sync_to_async(resolve)(self.user, topic)
        except TopicRefused as refused:
            await self._error(refused.code, refused.message, topic)
            return
        self.topics[topic] = resolved
        await self._sync_groups()
        await self.send_json({"type": "subscribed", "topic": topic})
        if resolved.presence_of is not None:
            await self.send_json(
                await database_sync_to_async(presence.snapshot)(resolved.presence_of)
            )

    async def _error(self, code: str, message: str, topic: Any = None) -> None:
        error: Error = {"type": "error", "code": code, "message": message}  # type: ignore[typeddict-item]
        if isinstance(topic, str):
            error["topic"] = topic[:100]
        await self.send_json(error)

    # --- From the server -------------------------------------------------------------

    async def dispatch(self, message: dict[str, Any]) -> None:
        # A push touches no database: skip channels' per-message hop to the sync
        # thread (aclose_old_connections), which bench/realtime measured at half of
        # daphne's CPU per event sent. What does touch it (the access re-check, every
        # message from the browser) still goes through channels' dispatch or
        # database_sync_to_async, which close stale connections themselves.
        if message["type"] == "push" and message["event"]["type"] != "access.changed":
            await self.push(message)
            return
        await super().dispatch(message)

    async def push(self, message: dict[str, Any]) -> None:
        if message["group"] not in self.joined:
            # Sent before this socket left the group (its access was re-checked while
            # the message waited): the person may no longer see it.
            return
        event = message["event"]
        if event["type"] == "access.changed":
            await self._recheck_topics()
            return
        await self.send_json(event)
        if event["type"] == "session.ended":
            await self.close(code=UNAUTHENTICATED)

    async def layer_lost(self, message: dict[str, Any]) -> None:
        await self.close(code=LAYER_LOST)

    async def _recheck_topics(self) -> None:
        """Resolve every topic again; drop, and say so, the ones no longer allowed."""
        for topic in list(self.topics):
            try:
                self.topics[topic] = await database_sync_to_async(resolve)(self.user, topic)
            except TopicRefused:
                del self.topics[topic]
                await self.send_json(
                    {"type": "unsubscribed", "topic": topic, "reason": "access_lost"}
                )
        await self._sync_groups()

    async def _sync_groups(self) -> None:
        """Be in exactly the groups of the person, their session and their topics."""
        wanted = {user_group(self.user.pk)}.union(*(r.groups for r in self.topics.values()))
        session = self.scope.get("session")
        if session is not None and session.session_key:
            wanted.add(session_group(session.session_key))
        for group in self.joined - wanted:
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in wanted - self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined = wanted

    async def _announce_presence(self) -> None:
        """The person came or went: their communities' members are told (announcer.py)."""
        community_ids = await database_sync_to_async(access.community_ids_of_member)(self.user)
        announcer.presence_changed(community_ids)
