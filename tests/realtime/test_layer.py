"""The channel layer ends a process's sockets when its subscriptions may have missed
something (realtime/layer.py). Redis dying outright is in test_live_stack.py; here
the one connection holding the subscriptions is cut while Redis stays up, which
redis-py repairs silently by reconnecting and subscribing again."""

import asyncio

import pytest
import redis
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime.consumers import LAYER_LOST
from realtime.events import community_group, push_message
from realtime.layer import WatchfulPubSubChannelLayer
from tests.realtime.sockets import communicator, open_socket, receive_until, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def cut_subscription_connection(redis_url: str) -> None:
    """Kill, from the server's side, the connection this event loop's layer
    subscribes on, and no other client of the shared Redis."""
    pubsub = get_channel_layer()._get_layer()._shards[0]._pubsub
    host, port = pubsub.connection._writer.get_extra_info("sockname")[:2]
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.client_kill(f"{host}:{port}") is True
    finally:
        client.close()


async def closed_with(socket) -> int:
    """The close code of a socket the server ends, skipping what it sent before."""
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return output["code"]


def test_the_layer_is_redis_pub_sub(redis_url):
    assert isinstance(get_channel_layer(), WatchfulPubSubChannelLayer)


def test_sockets_end_when_the_subscription_connection_is_cut_and_new_ones_hear(persona, redis_url):
    ada, carla = persona("ada"), persona("carla")
    council = ada.communities.get(slug="customer-council")
    event = {"type": "notifications.unread", "count": 3}  # any pushed message
    cookies = [session_cookie(user) for user in (ada, carla, carla)]

    async def scenario():
        sockets = [communicator(cookie) for cookie in cookies[:2]]
        for socket in sockets:
            await open_socket(socket, f"community:{council.pk}")
        cut_subscription_connection(redis_url)
        codes = await asyncio.gather(*(closed_with(socket) for socket in sockets))
        # A new socket subscribes on a fresh connection and hears what is published.
        again = communicator(cookies[2])
        await open_socket(again, f"community:{council.pk}")
        group = community_group(council.pk)
        await get_channel_layer().group_send(group, push_message(group, event))
        heard = await receive_until(again, event["type"], timeout=5)
        await again.disconnect()
        return codes, heard

    codes, heard = async_to_sync(scenario)()

    assert codes == [LAYER_LOST, LAYER_LOST], "each page reconnects and catches up"
    assert heard == event
