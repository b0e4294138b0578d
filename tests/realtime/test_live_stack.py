"""The live socket end to end: real daphne, a real Celery worker and a private,
killable Redis, spoken to by the `websockets` client library as a browser would.

Each test reads as: who is connected and subscribed; what is written (over HTTP to
daphne, or through the services here, whose relay dispatch reaches the same
broker); what each socket receives, by activity id.
"""

import asyncio
import time
from functools import partial

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import transaction
from websockets.exceptions import ConnectionClosed, InvalidStatus

from activity.models import Activity
from network.services.conversations import comment_create
from network.services.memberships import membership_remove
from network.services.people import person_deactivate
from network.services.posts import post_create
from realtime.consumers import LAYER_LOST, UNAUTHENTICATED
from realtime.models import Connection
from tests.fixtures.live_socket import CatchingUpClient, Socket
from tests.fixtures.live_stack import (
    Browser,
    pending_deliveries,
    relay_settled,
    sweep_as_beat_would,
)
from tests.fixtures.personas import council

# The promises of the realtime issue.
REMOVAL_BOUND_SECONDS = 1
DEACTIVATION_BOUND_SECONDS = 5
# "Nothing arrives" is observed for this long after what should have arrived did.
QUIET_SECONDS = 1.5
# A write while Redis is down: the relay's enqueue fails fast and leaves it pending.
WRITE_BOUND_SECONDS = 3


def last_activity_id() -> int:
    return Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def activity_of(verb: str, object_id: object) -> Activity:
    return Activity.objects.get(verb=verb, object_id=str(object_id))


def posts_created_in(community, *, after: int) -> set[int]:
    """The ids of the post.created activities of a community after an id."""
    return set(
        Activity.objects.filter(verb="post.created", community=community, pk__gt=after).values_list(
            "pk", flat=True
        )
    )


def post_over_http(browser: Browser, community, body: str) -> int:
    """Post as the browser's person through daphne; the new post's id."""
    path = f"/api/v1/communities/{community.pk}/posts/"
    status, created, _ = browser.request("POST", path, {"body": body})
    assert status == 201, (status, created)
    return created["id"]


def timed_post_over_http(browser: Browser, community, body: str) -> tuple[int, float]:
    """Post through daphne; the post's id and the seconds the request took."""
    path = f"/api/v1/communities/{community.pk}/posts/"
    status, created, elapsed = browser.request("POST", path, {"body": body})
    assert status == 201, (status, created)
    return created["id"], elapsed


async def until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


def test_a_post_in_one_session_arrives_in_another_and_nowhere_else(live, persona):
    ada, carla, otto, grace = (persona(name) for name in ("ada", "carla", "otto", "grace"))
    the_council = council()
    topic = f"community:{the_council.pk}"
    relay_settled()
    posting_as_ada, carla_browser, otto_browser, grace_browser = (
        Browser(live, user) for user in (ada, carla, otto, grace)
    )

    async def scenario():
        carla_socket = await Socket.open(carla_browser, "feed", topic)
        otto_socket = await Socket.open(otto_browser, "feed")
        grace_socket = await Socket.open(grace_browser, "feed")
        try:
            otto_refused = await otto_socket.subscribe(topic)
            grace_refused = await grace_socket.subscribe(topic)
            post_id = await asyncio.to_thread(
                post_over_http, posting_as_ada, the_council, "Roadmap review on Thursday"
            )
            to_carla = await carla_socket.activity("post.created", post_id)
            carla_later, otto_heard, grace_heard = await asyncio.gather(
                carla_socket.listen(QUIET_SECONDS),
                otto_socket.listen(QUIET_SECONDS),
                grace_socket.listen(QUIET_SECONDS),
            )
            return (
                post_id,
                to_carla,
                carla_later,
                otto_refused,
                otto_heard,
                grace_refused,
                grace_heard,
            )
        finally:
            for socket in (carla_socket, otto_socket, grace_socket):
                await socket.close()

    post_id, to_carla, carla_later, otto_refused, otto_heard, grace_refused, grace_heard = (
        async_to_sync(scenario)()
    )

    assert to_carla["id"] == activity_of("post.created", post_id).pk
    assert to_carla["community_id"] == the_council.pk
    assert to_carla["actor"] == {"id": ada.pk, "name": ada.name}
    assert "body" not in to_carla, "events carry ids, never content"
    assert [m for m in carla_later if m["type"] == "activity"] == [], (
        "feed and community:<id> are one group: one copy, not two"
    )
    # Otto, a customer of another company, may not know the council exists.
    assert otto_refused["type"] == "error" and otto_refused["code"] == "not_found"
    # Grace, an employee outside it, sees it listed but may not follow it.
    assert grace_refused["type"] == "error" and grace_refused["code"] == "forbidden"
    assert otto_heard == [] and grace_heard == []


def test_a_removed_member_hears_nothing_more_of_the_community(live, persona):
    linus, ada, carla = (persona(name) for name in ("linus", "ada", "carla"))
    the_council = council()
    topic = f"community:{the_council.pk}"
    relay_settled()
    carla_browser, ada_browser = Browser(live, carla), Browser(live, ada)

    def remove_carla() -> float:
        with transaction.atomic():
            membership_remove(actor=linus, community=the_council, user=carla)
        return time.monotonic()  # committed

    def post_three() -> list[int]:
        return [
            post_create(actor=ada, community=the_council, body=f"After Carla left, {n}").pk
            for n in range(3)
        ]

    async def scenario():
        carla_socket = await Socket.open(carla_browser, "feed", topic)
        ada_socket = await Socket.open(ada_browser, "feed")
        try:
            committed_at = await sync_to_async(remove_carla)()
            told = await carla_socket.receive_until(
                lambda m: m["type"] == "activity" and m["verb"] == "membership.removed"
            )
            dropped = await carla_socket.receive_until(
                lambda m: m["type"] == "unsubscribed" and m["topic"] == topic
            )
            dropped_after = time.monotonic() - committed_at
            await asyncio.sleep(max(0, committed_at + REMOVAL_BOUND_SECONDS - time.monotonic()))
            silent_from = len(carla_socket.received)
            post_ids = await sync_to_async(post_three)()
            for post_id in post_ids:
                await ada_socket.activity("post.created", post_id)
            await carla_socket.listen(QUIET_SECONDS)
            return told, dropped, dropped_after, carla_socket.received[silent_from:]
        finally:
            await carla_socket.close()
            await ada_socket.close()

    told, dropped, dropped_after, carla_heard = async_to_sync(scenario)()

    removal = Activity.objects.get(verb="membership.removed", payload__user_id=carla.pk)
    assert told["id"] == removal.pk, "she learns she was removed"
    assert dropped == {"type": "unsubscribed", "topic": topic, "reason": "access_lost"}
    print(f"\nremoval: the topic was dropped {dropped_after:.3f}s after the commit")  # noqa: T201
    assert dropped_after < REMOVAL_BOUND_SECONDS, f"topic dropped {dropped_after:.2f}s after"
    assert carla_heard == [], "nothing of the council reaches her a second after removal"
    # Nor does the catch-up stream give her anything of it.
    status, page, _ = carla_browser.request("GET", f"/api/v1/activity/?after={removal.pk - 1}")
    assert status == 200
    assert [e for e in page["results"] if e["community_id"] == the_council.pk] == []


def test_deactivation_ends_every_open_socket_within_five_seconds(live, persona):
    margaret, carla = persona("margaret"), persona("carla")
    the_council = council()
    relay_settled()
    carla_browser = Browser(live, carla)

    def deactivate_carla() -> float:
        person_deactivate(actor=margaret, person=carla)  # its own transaction
        return time.monotonic()

    async def ended_and_closed(socket: Socket) -> tuple[list, int | None, float]:
        messages = []
        try:
            while True:
                messages.append(await socket.next(timeout=DEACTIVATION_BOUND_SECONDS + 10))
        except ConnectionClosed:
            pass
        return messages, socket.connection.close_code, time.monotonic()

    async def scenario():
        page_socket = await Socket.open(carla_browser, "feed")
        other_tab = await Socket.open(carla_browser, f"community:{the_council.pk}")
        await other_tab.receive_until(lambda m: m["type"] == "presence")  # she is a member
        committed_at = await sync_to_async(deactivate_carla)()
        outcomes = await asyncio.gather(ended_and_closed(page_socket), ended_and_closed(other_tab))
        try:
            again = await Socket.open(carla_browser)
        except InvalidStatus as refusal:
            again = refusal.response.status_code
        return committed_at, outcomes, again

    committed_at, outcomes, again = async_to_sync(scenario)()

    closed_after = [closed_at - committed_at for _, _, closed_at in outcomes]
    print(f"\ndeactivation: sockets closed {closed_after} s after the commit")  # noqa: T201
    for messages, code, _ in outcomes:
        # A settled presence snapshot may still be on its way: it says nothing new.
        assert [m for m in messages if m["type"] != "presence"] == [{"type": "session.ended"}]
        assert code == UNAUTHENTICATED
    assert max(closed_after) < DEACTIVATION_BOUND_SECONDS
    assert again == 403, "the same cookie no longer opens a socket"


def test_personal_events_reach_only_their_owner(live, persona):
    ada, carla, linus, otto = (persona(name) for name in ("ada", "carla", "linus", "otto"))
    the_council = council()
    carla_post = post_create(actor=carla, community=the_council, body="Our rollout plan")
    relay_settled()
    browsers = [Browser(live, user) for user in (carla, linus, otto)]

    def mention_carla() -> int:
        return post_create(actor=ada, community=the_council, body="@carla can you review?").pk

    def reply_to_carla() -> int:
        return comment_create(actor=ada, post=carla_post, body="Looks good to me").pk

    async def scenario():
        sockets = {
            browser.user.username: await Socket.open(browser, "feed") for browser in browsers
        }
        try:
            mention_id = await sync_to_async(mention_carla)()
            mention = await sockets["carla"].activity("post.created", mention_id)
            first_count = await sockets["carla"].receive_until(
                lambda m: m["type"] == "notifications.unread"
            )
            reply_id = await sync_to_async(reply_to_carla)()
            reply = await sockets["carla"].activity("comment.created", reply_id)
            second_count = await sockets["carla"].receive_until(
                lambda m: m["type"] == "notifications.unread" and m["count"] == 2
            )
            await sockets["linus"].activity("comment.created", reply_id)
            # Whatever else was on its way arrives meanwhile.
            await asyncio.gather(*(s.listen(QUIET_SECONDS) for s in sockets.values()))
            return mention, first_count, reply, second_count, sockets
        finally:
            for socket in sockets.values():
                await socket.close()

    mention, first_count, reply, second_count, sockets = async_to_sync(scenario)()

    assert mention["id"] == activity_of("post.created", mention["object_id"]).pk
    assert first_count == {"type": "notifications.unread", "count": 1}
    assert reply["post_id"] == carla_post.pk
    assert second_count == {"type": "notifications.unread", "count": 2}
    carla_counts = [m for m in sockets["carla"].received if m["type"] == "notifications.unread"]
    assert carla_counts == [first_count, second_count]
    # Linus is in the council: he hears its activity, but Carla's counts are hers.
    assert not [m for m in sockets["linus"].received if m["type"] == "notifications.unread"]
    assert {m["id"] for m in sockets["linus"].received if m["type"] == "activity"} == {
        mention["id"],
        reply["id"],
    }
    # Otto is in none of it.
    assert sockets["otto"].heard == []


def test_a_client_catches_up_on_everything_after_redis_is_killed_and_restarted(live, persona):
    ada, carla = persona("ada"), persona("carla")
    the_council = council()
    relay_settled()
    baseline = last_activity_id()
    ada_browser, carla_browser = Browser(live, ada), Browser(live, carla)
    post_created_ids = partial(posts_created_in, the_council, after=baseline)

    async def scenario():
        # Small pages, so that catching up pages through has_more.
        client = CatchingUpClient(carla_browser, ["feed"], last_seen=baseline, page_size=3)
        client.start()
        try:
            await until(client.online.is_set, "the client to be online")
            for n in range(3):
                post_id = await asyncio.to_thread(
                    post_over_http, ada_browser, the_council, f"Before, {n}"
                )
            first = await sync_to_async(post_created_ids)()
            await until(lambda: first <= client.applied.keys(), "the first posts, live")

            live.redis.kill()
            during = [
                await asyncio.to_thread(
                    timed_post_over_http, ada_browser, the_council, f"While Redis is down, {n}"
                )
                for n in range(5)
            ]
            # Signed-in HTTP itself works meanwhile: a comment, and the catch-up stream.
            over_http = (
                await asyncio.to_thread(
                    ada_browser.request,
                    "POST",
                    f"/api/v1/posts/{post_id}/comments/",
                    {"body": "+1"},
                ),
                await asyncio.to_thread(
                    carla_browser.request, "GET", f"/api/v1/activity/?after={baseline}"
                ),
            )
            pending = await sync_to_async(pending_deliveries)()
            await asyncio.sleep(1)  # the socket may notice the outage, or not
            noticed = not client.online.is_set()

            live.redis.start()
            resent = await sync_to_async(sweep_as_beat_would)()
            await sync_to_async(relay_settled)()
            missed = await sync_to_async(post_created_ids)()
            await until(lambda: missed <= client.applied.keys(), "every missed post")
            await until(client.online.is_set, "the client to be back online")

            for n in range(2):
                await asyncio.to_thread(post_over_http, ada_browser, the_council, f"After, {n}")
            everything = await sync_to_async(post_created_ids)()
            await until(lambda: everything <= client.applied.keys(), "the posts after")
            return client, first, during, over_http, pending, noticed, resent, missed
        finally:
            await client.stop()

    client, first, during, over_http, pending, noticed, resent, missed = async_to_sync(scenario)()

    expected = post_created_ids()
    assert len(expected) == 10
    received = {i for i, e in client.applied.items() if e["verb"] == "post.created"}
    assert received == expected, "every post, each applied once"
    live_ids = {i for i in expected if client.source[i] == "live"}
    slowest = max(elapsed for _, elapsed in during)
    print(  # noqa: T201 -- the figures of the outage, for whoever reads the log
        f"\noutage: {len(live_ids)} of {len(expected)} posts live, the rest caught up; "
        f"slowest write while down {slowest:.2f}s; {pending} deliveries pending, "
        f"{resent} re-sent; socket noticed: {noticed}; {client.summary()}"
    )
    assert slowest < WRITE_BOUND_SECONDS, f"a write took {slowest:.2f}s while Redis was down"
    (comment_status, comment, comment_took), (catch_up_status, catch_up, _) = over_http
    assert (comment_status, catch_up_status) == (201, 200), (comment, catch_up)
    assert comment_took < WRITE_BOUND_SECONDS
    assert pending >= len(during), "each write's deliveries waited for the broker"
    assert resent >= pending, "the sweep re-sent what the outage left pending"
    assert first <= live_ids, "before the outage, events came live"
    assert expected - missed <= live_ids, "after the outage, events flow live again"
    assert client.hellos >= 2 and max(client.catch_ups) > 1, "it reconnected, caught up by pages"
    assert live.serves() and live.worker.process.poll() is None, "both outlived the outage"


def test_the_first_socket_after_redis_returns_is_accepted_and_live(live, persona):
    ada, carla = persona("ada"), persona("carla")
    the_council = council()
    relay_settled()
    carla_browser = Browser(live, carla)

    async def scenario():
        before = await Socket.open(carla_browser, "feed")
        live.redis.kill()
        try:
            # Its channel layer fails and the server ends it: the page reconnects.
            await asyncio.wait_for(before.connection.wait_closed(), 10)
        finally:
            live.redis.start()
        # No retry here: the web process's pooled connections died with Redis.
        after = await Socket.open(carla_browser, "feed")
        try:
            post_id = await sync_to_async(
                lambda: post_create(actor=ada, community=the_council, body="Back").pk
            )()
            return before.connection.close_code, await after.activity("post.created", post_id)
        finally:
            await after.close()

    close_code, event = async_to_sync(scenario)()

    assert close_code == LAYER_LOST, "the server ended the socket whose channel layer failed"
    assert event["community_id"] == the_council.pk


def test_a_socket_that_died_with_redis_leaves_no_presence_behind(live, persona):
    carla = persona("carla")
    relay_settled()
    browser = Browser(live, carla)

    async def scenario() -> None:
        socket = await Socket.open(browser, "feed")
        live.redis.kill()
        try:
            # The server ends it (LAYER_LOST) as its channel layer fails; a timeout is a failure.
            await asyncio.wait_for(socket.connection.wait_closed(), 10)
        finally:
            live.redis.start()

    async_to_sync(scenario)()

    deadline = time.monotonic() + 3
    while Connection.objects.filter(user=carla).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Connection.objects.filter(user=carla).exists(), "she is still counted online"
