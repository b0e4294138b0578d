"""The socket a signed-in browser keeps open for live updates."""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from network import access
from realtime.events import community_group, user_group

# Close code for a handshake refused because the socket has no signed-in session.
UNAUTHENTICATED = 4401


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=UNAUTHENTICATED)
            return
        self.user = user
        self.groups_joined = [user_group(user.pk)]
        await self.channel_layer.group_add(self.groups_joined[0], self.channel_name)
        await self._follow_memberships()
        await self.accept()
        await self.send_json({"type": "hello", "user_id": user.pk})

    async def _follow_memberships(self) -> None:
        """Be in the group of exactly the communities the person is a member of now."""
        community_ids = await database_sync_to_async(access.community_ids_of_member)(self.user)
        wanted = {community_group(cid) for cid in community_ids}
        current = {group for group in self.groups_joined if group.startswith("community.")}
        for group in current - wanted:
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in wanted - current:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = [self.groups_joined[0], *sorted(wanted)]

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def push(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if event["type"] == "subscriptions.changed":
            await self._follow_memberships()
            return
        await self.send_json(event)
        if event["type"] == "session.ended":
            await self.close(code=UNAUTHENTICATED)
