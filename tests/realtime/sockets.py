"""Talking to the live socket in-process, through Channels' communicator."""

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from activity.models import Delivery
from bridge.asgi import application
from network.models import User
from tests.fixtures.services import wait_for


def session_cookie(user: User) -> bytes:
    """A signed-in browser's cookie; one client each, as logging in flushes the session."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


def communicator(
    cookie: bytes | None = None, origin: bytes = b"http://127.0.0.1"
) -> WebsocketCommunicator:
    headers = [(b"origin", origin)]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, "/ws/", headers=headers)


async def open_socket(socket: WebsocketCommunicator, *topics: str) -> None:
    """Connect, read the greeting, and subscribe to the topics."""
    assert (await socket.connect(timeout=5))[0]
    assert (await socket.receive_json_from(timeout=5))["type"] == "hello"
    for topic in topics:
        await socket.send_json_to({"type": "subscribe", "topic": topic})
        answer = await socket.receive_json_from(timeout=5)
        assert answer == {"type": "subscribed", "topic": topic}, answer


async def receive_until(socket: WebsocketCommunicator, kind: str, timeout: float = 20) -> dict:
    """The next message of a type (or activity verb), skipping the others."""
    while True:
        message = await socket.receive_json_from(timeout=timeout)
        if kind in (message.get("type"), message.get("verb")):
            return message


async def everything_within(socket: WebsocketCommunicator, seconds: float) -> list[dict]:
    """Every message that arrives until the socket has been quiet for ``seconds``."""
    received = []
    while not await socket.receive_nothing(timeout=seconds):
        received.append(await socket.receive_json_from(timeout=1))
    return received


def drain_deliveries() -> None:
    """Setting up the personas recorded activities too: let the worker push them
    before the sockets listen."""
    wait_for(
        lambda: not Delivery.objects.filter(status="pending").exists(),
        message="the set-up activities to be delivered",
    )
