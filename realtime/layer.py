"""The channel layer: Redis pub/sub, which ends this process's sockets when it may
have missed a message, so that their pages reconnect and catch up.

Why pub/sub (decision 0010): channels-redis's default layer keeps a list per socket
and copies every group message into each of them, so one post to a community of
1,000 sockets costs Redis 1,000 writes and daphne 1,000 blocking reads.
bench/realtime.py measured its p99 at 40 s. With pub/sub a web process subscribes to
a group once and fans the one message out to its sockets in memory.

Why a subclass: channels-redis's pub/sub layer (4.3.0) loses messages silently.
When the connection that holds the subscriptions drops, redis-py reconnects and
subscribes again, or the receive loop logs the error and tries again a second
later. Whatever was published meanwhile is lost, and the sockets cannot tell,
because the ids they see are not contiguous. The layer's `on_disconnect` and
`on_reconnect` options are never called.

The channel layer is at-most-once; Bridge is not. Here any failure of the
subscription connection, or any reconnection of it, sends every socket of the
process a `layer.lost` message. The consumer closes on it (consumers.py), the
browser reconnects, which checks its access again, and it catches up by activity
id (docs/realtime.md).

This reaches into channels-redis's private classes: `RedisPubSubChannelLayer._get_layer`
and `RedisSingleShardConnection`. channels-redis is pinned, and the behaviour is
tested end to end against a Redis that is killed (tests/realtime/test_live_stack.py).
"""

import asyncio
import logging
from typing import Any

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _close_redis, _wrap_close, create_pool, decode_hosts
from redis import asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.asyncio.connection import Connection

logger = logging.getLogger(__name__)

# The message every local socket receives when the layer may have missed something.
LAYER_LOST = {"type": "layer.lost"}


class WatchfulPubSubChannelLayer(RedisPubSubChannelLayer):
    """RedisPubSubChannelLayer whose per-event-loop layers report lost subscriptions."""

    def _get_layer(self) -> RedisPubSubLoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = _WatchfulLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)  # flushes the layer when its loop closes
        return layer


class _WatchfulLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts: list | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(hosts, *args, **kwargs)
        self._shards = [_WatchfulShard(host, self) for host in decode_hosts(hosts)]

    async def _subscribe_to_channel(self, channel: str) -> None:
        try:
            await super()._subscribe_to_channel(channel)
        except BaseException:
            # The base class leaves the channel's queue behind when Redis refuses.
            self.channels.pop(channel, None)
            raise

    def tell_every_channel(self, message: dict) -> None:
        data = self.channel_layer.serialize(message)
        for queue in self.channels.values():
            queue.put_nowait(data)


class _ReconnectNoticingPubSub(PubSub):
    """redis-py calls on_connect on reconnections only: the first connection is made
    before the callback is registered."""

    reconnected = False

    async def on_connect(self, connection: Connection) -> None:
        self.reconnected = True
        await super().on_connect(connection)


class _SubscriptionsLost(Exception):
    pass


class _WatchfulShard(RedisSingleShardConnection):
    def _ensure_redis(self) -> None:
        if self._redis is None:
            pool = create_pool(self.host)
            self._redis = aioredis.Redis(connection_pool=pool)
            self._pubsub = _ReconnectNoticingPubSub(connection_pool=pool)

    async def _do_receiving(self) -> None:
        while True:
            try:
                pubsub = self._pubsub
                if pubsub is not None and pubsub.subscribed:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    if pubsub.reconnected:
                        raise _SubscriptionsLost("redis-py reconnected and subscribed again")
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except Exception:
                # Not CancelledError (a BaseException): that is flush() or shutdown.
                logger.warning(
                    "Lost the channel layer's subscriptions; ending this process's sockets "
                    "so that they reconnect and catch up",
                    exc_info=True,
                )
                # Forget first: the sockets told unsubscribe as they close, and that
                # must not wait for a Redis that may be gone.
                await self._forget_connection()
                self.channel_layer.tell_every_channel(LAYER_LOST)
                # While Redis stays down, do not spin: new subscriptions fail anyway.
                await asyncio.sleep(0.1)

    async def _forget_connection(self) -> None:
        """Start afresh on the next subscription."""
        async with self._lock:
            redis, pubsub = self._redis, self._pubsub
            self._redis = self._pubsub = None
            self._subscribed_to = set()
        if pubsub is not None:
            try:
                await pubsub.aclose()
            except Exception:
                logger.debug("closing a lost pub/sub connection failed", exc_info=True)
        if redis is not None:
            await _close_redis(redis)
