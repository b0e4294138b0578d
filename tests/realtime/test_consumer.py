"""The live socket: session authentication, origin check, who receives what."""

import asyncio
import time

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import transaction
from django.test import Client

from network.services.memberships import membership_add, membership_remove
from network.services.people import person_deactivate
from network.services.posts import post_create
from realtime.consumers import UNAUTHENTICATED
from tests.realtime.sockets import (
    communicator,
    drain_deliveries,
    open_socket,
    receive_until,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_socket_with_a_session_is_accepted_and_greeted(persona, redis_url):
    ada = persona("ada")
    socket = communicator(session_cookie(ada))

    async def scenario():
        connected, _ = await socket.connect(timeout=5)
        greeting = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return connected, greeting

    connected, greeting = async_to_sync(scenario)()
    assert connected
    assert greeting == {"type": "hello", "user_id": ada.pk}


def test_a_socket_without_a_session_is_refused(redis_url):
    async def scenario():
        return await communicator().connect(timeout=5)

    connected, code = async_to_sync(scenario)()
    assert not connected
    assert code == UNAUTHENTICATED


def test_a_socket_from_a_foreign_origin_is_refused(persona):
    cookie = session_cookie(persona("ada"))

    async def scenario():
        return await communicator(cookie, origin=b"https://evil.example").connect(timeout=5)

    connected, _ = async_to_sync(scenario)()
    assert not connected


def test_community_activity_reaches_members_only(persona, celery_worker):
    linus, carla, otto, grace = (persona(name) for name in ("linus", "carla", "otto", "grace"))
    council = carla.communities.get(slug="customer-council")
    sockets = {user.username: communicator(session_cookie(user)) for user in (linus, carla, otto)}
    drain_deliveries()

    def add_grace():
        with transaction.atomic():
            return membership_add(actor=linus, community=council, user=grace)

    async def scenario():
        # One event loop for the whole conversation: sockets are bound to it.
        try:
            for socket in sockets.values():
                await open_socket(socket, "feed")
            membership = await database_sync_to_async(add_grace)()
            received = {
                name: await sockets[name].receive_json_from(timeout=20)
                for name in ("linus", "carla")
            }
            otto_got_nothing = await sockets["otto"].receive_nothing(timeout=1)
            return membership, received, otto_got_nothing
        finally:
            for socket in sockets.values():
                await socket.disconnect()

    membership, received, otto_got_nothing = async_to_sync(scenario)()

    for event in received.values():
        assert event["type"] == "activity"
        assert event["verb"] == "membership.added"
        assert event["object_id"] == str(membership.pk)
        assert event["community_id"] == council.pk
    assert otto_got_nothing, "otto is not in the Customer Council"


def test_deactivating_a_person_closes_their_open_sockets_within_5_seconds(persona, celery_worker):
    margaret, carla = persona("margaret"), persona("carla")
    sockets = [communicator(session_cookie(carla)) for _ in range(2)]  # two tabs
    drain_deliveries()

    def deactivate_carla():
        person_deactivate(actor=margaret, person=carla)
        return time.monotonic()  # committed: the service runs its own transaction

    async def scenario():
        for socket in sockets:
            await open_socket(socket, "feed")
        committed_at = await database_sync_to_async(deactivate_carla)()
        outcomes = []
        for socket in sockets:
            ended = await receive_until(socket, "session.ended", timeout=5)
            closed = await socket.receive_output(timeout=5)
            outcomes.append((ended, closed, time.monotonic() - committed_at))
        return outcomes

    for ended, closed, seconds in async_to_sync(scenario)():
        assert ended == {"type": "session.ended"}
        assert closed == {"type": "websocket.close", "code": UNAUTHENTICATED}
        assert seconds < 5, f"closed {seconds:.2f} s after the deactivation"


def test_membership_changes_move_open_sockets_in_and_out(persona, celery_worker):
    linus, carla, ada, grace = (persona(name) for name in ("linus", "carla", "ada", "grace"))
    council = carla.communities.get(slug="customer-council")
    sockets = {user.username: communicator(session_cookie(user)) for user in (linus, carla, grace)}
    drain_deliveries()

    def remove_carla_and_add_grace():
        membership_remove(actor=linus, community=council, user=carla)
        membership_add(actor=linus, community=council, user=grace)

    def post_in_council():
        return post_create(actor=ada, community=council, body="After the changes")

    async def scenario():
        try:
            for socket in sockets.values():
                await open_socket(socket, "feed")
            await database_sync_to_async(remove_carla_and_add_grace)()
            told = await receive_until(sockets["carla"], "membership.removed")
            await receive_until(sockets["linus"], "membership.added")
            # The promise: nothing more for her one second after the removal. What
            # was already in flight within that second (grace joining) may arrive.
            await asyncio.sleep(1)
            while not await sockets["carla"].receive_nothing(timeout=0.1):
                await sockets["carla"].receive_json_from(timeout=1)
            post = await database_sync_to_async(post_in_council)()
            to_linus = await receive_until(sockets["linus"], "post.created")
            to_grace = await receive_until(sockets["grace"], "post.created")
            carla_got_nothing = await sockets["carla"].receive_nothing(timeout=1)
            return told, post, to_linus, to_grace, carla_got_nothing
        finally:
            for socket in sockets.values():
                await socket.disconnect()

    told, post, to_linus, to_grace, carla_got_nothing = async_to_sync(scenario)()

    assert told["community_id"] == council.pk, "she learns she was removed"
    assert to_linus["object_id"] == to_grace["object_id"] == str(post.pk)
    assert carla_got_nothing, "a removed member's open socket hears nothing more"


def test_signing_out_closes_the_sockets_of_that_session_only(persona, celery_worker):
    ada = persona("ada")
    signing_out, other_device = Client(), Client()
    for browser in (signing_out, other_device):
        browser.force_login(ada)
    name = settings.SESSION_COOKIE_NAME

    def cookie_of(browser: Client) -> bytes:
        return f"{name}={browser.cookies[name].value}".encode()

    tabs = [communicator(cookie_of(signing_out)) for _ in range(2)]
    elsewhere = communicator(cookie_of(other_device))
    drain_deliveries()

    async def scenario():
        for socket in (*tabs, elsewhere):
            await open_socket(socket, "feed")
        await database_sync_to_async(signing_out.post)("/logout/")
        outcomes = []
        for socket in tabs:
            ended = await receive_until(socket, "session.ended", timeout=10)
            outcomes.append((ended, await socket.receive_output(timeout=5)))
        still_open = await elsewhere.receive_nothing(timeout=1)
        await elsewhere.disconnect()
        return outcomes, still_open

    outcomes, still_open = async_to_sync(scenario)()

    for ended, closed in outcomes:
        assert ended == {"type": "session.ended"}
        assert closed == {"type": "websocket.close", "code": UNAUTHENTICATED}
    assert still_open, "her other device keeps its session and its socket"
