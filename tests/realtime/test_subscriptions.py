"""The socket protocol: topics are resolved through the access policy before any
group is joined, re-checked when access changes, and presence is members-only."""

import asyncio
import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.services.boards import board_create
from ideas.services.discussion import comment_create as idea_comment_create
from ideas.services.discussion import comment_hide as idea_comment_hide
from ideas.services.discussion import comment_unhide as idea_comment_unhide
from ideas.services.ideas import idea_submit
from ideas.services.votes import vote_cast
from network.models import User
from network.personas import COMMUNITIES, PERSONAS
from network.services.communities import community_update
from network.services.conversations import comment_create
from network.services.moderation import moderation_decide
from network.services.posts import post_create
from realtime.consumers import MAX_TOPICS
from realtime.models import Connection
from tests.fixtures.personas import community
from tests.realtime.sockets import (
    communicator,
    drain_deliveries,
    everything_within,
    open_socket,
    receive_until,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True)

S, F, N = "subscribed", "forbidden", "not_found"
# What each persona gets when subscribing to each demo community, written out by
# hand from network/personas.py (not computed from network.access, which is what
# is under test): members and platform admins follow; employees follow open
# communities and are refused private ones they may see; nobody learns that a
# secret community or another customer's community exists.
EXPECTED = {
    # engineering (open, internal), product-council (secret), partner-network
    # (private, partners), customer-council (private), early-access (private)
    "ada": dict(zip(COMMUNITIES, (S, S, F, S, F), strict=True)),
    "linus": dict(zip(COMMUNITIES, (S, N, S, S, S), strict=True)),
    "grace": dict(zip(COMMUNITIES, (S, N, F, F, F), strict=True)),
    "margaret": dict(zip(COMMUNITIES, (S, S, S, S, S), strict=True)),
    "pat": dict(zip(COMMUNITIES, (N, N, S, N, N), strict=True)),
    "carla": dict(zip(COMMUNITIES, (N, N, N, S, N), strict=True)),
    "otto": dict(zip(COMMUNITIES, (N, N, N, N, S), strict=True)),
}


def ask(socket, topic: str):
    async def exchange():
        await socket.send_json_to({"type": "subscribe", "topic": topic})
        return await socket.receive_json_from(timeout=5)

    return exchange()


def test_the_matrix_is_written_for_every_persona_and_community():
    assert set(EXPECTED) == set(PERSONAS)
    assert all(list(row) == list(COMMUNITIES) for row in EXPECTED.values())


@pytest.mark.parametrize("who", list(PERSONAS))
def test_every_persona_may_follow_exactly_what_they_may_read(demo, demo_content, who):
    socket = communicator(session_cookie(demo[who]))
    # An idea board in each community, opened by its owner.
    boards = {
        slug: board_create(actor=demo[COMMUNITIES[slug].owner], community=c.community, title="?")
        for slug, c in demo_content.items()
    }

    presence_of = set()  # the communities whose presence this socket was told

    async def answer_to(topic: str) -> dict:
        await socket.send_json_to({"type": "subscribe", "topic": topic})
        while (message := await socket.receive_json_from(timeout=5))["type"] == "presence":
            presence_of.add(message["community_id"])
        return message

    async def scenario():
        await open_socket(socket)
        answers = {}
        for slug, content in demo_content.items():
            to_community = await answer_to(f"community:{content.community.pk}")
            to_post = await answer_to(f"post:{content.post.pk}")
            to_board = await answer_to(f"board:{boards[slug].pk}")
            answers[slug] = (to_community.get("code", "subscribed"), to_post, to_board)
        for message in await everything_within(socket, 0.5):
            presence_of.add(message["community_id"])
        await socket.disconnect()
        return answers

    answers = async_to_sync(scenario)()

    for slug, content in demo_content.items():
        community_answer, post_answer, board_answer = answers[slug]
        assert community_answer == EXPECTED[who][slug], slug
        if community_answer == S:
            assert post_answer == {"type": "subscribed", "topic": f"post:{content.post.pk}"}
            assert board_answer == {"type": "subscribed", "topic": f"board:{boards[slug].pk}"}
        else:
            # The post or board of a community you may not read does not exist, for you.
            assert post_answer["code"] == N, slug
            assert board_answer["code"] == N, slug
    # A member also hears who is online; nobody else does.
    member_of = {demo_content[slug].community.pk for slug in PERSONAS[who].communities}
    assert presence_of == member_of


def test_bad_messages_get_a_clear_error_and_the_socket_stays_open(persona):
    socket = communicator(session_cookie(persona("ada")))
    bad = [
        ("not json at all", "invalid"),
        ("[1, 2]", "invalid"),
        ('{"type": "dance"}', "invalid"),
        ('{"type": "subscribe"}', "invalid"),
        ('{"type": "subscribe", "topic": 12}', "invalid"),
        ('{"type": "subscribe", "topic": "idea:1"}', "invalid"),
        ('{"type": "subscribe", "topic": "board:x1"}', "invalid"),
        ('{"type": "subscribe", "topic": "board:999999"}', "not_found"),
        ('{"type": "subscribe", "topic": "community:abc"}', "invalid"),
        ('{"type": "subscribe", "topic": "community:\u00b2"}', "invalid"),
        ('{"type": "subscribe", "topic": "community:99999999999999999999999"}', "invalid"),
        ('{"type": "subscribe", "topic": "community:999999"}', "not_found"),
        ('{"type": "subscribe", "topic": "post:999999"}', "not_found"),
    ]

    async def scenario():
        await open_socket(socket)
        answers = []
        for text, _ in bad:
            await socket.send_to(text_data=text)
            answers.append(await socket.receive_json_from(timeout=5))
        await socket.send_json_to({"type": "ping"})
        still_open = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return answers, still_open

    answers, still_open = async_to_sync(scenario)()

    for (text, code), answer in zip(bad, answers, strict=True):
        assert answer["type"] == "error", text
        assert answer["code"] == code, text
        assert answer["message"], text
    assert still_open == {"type": "pong"}


def test_a_socket_follows_a_bounded_number_of_topics(persona):
    ada = persona("ada")
    engineering = community("engineering")
    topics = [
        f"post:{post_create(actor=ada, community=engineering, body=f'Post {n}').pk}"
        for n in range(MAX_TOPICS + 1)
    ]
    socket = communicator(session_cookie(ada))

    async def scenario():
        await open_socket(socket, *topics[:MAX_TOPICS])
        one_too_many = await ask(socket, topics[-1])
        again = await ask(socket, topics[0])  # already held: still fine
        await socket.send_json_to({"type": "unsubscribe", "topic": topics[0]})
        left = await socket.receive_json_from(timeout=5)
        room_again = await ask(socket, topics[-1])
        await socket.disconnect()
        return one_too_many, again, left, room_again

    one_too_many, again, left, room_again = async_to_sync(scenario)()

    assert one_too_many["code"] == "too_many"
    assert again == {"type": "subscribed", "topic": topics[0]}
    assert left == {"type": "unsubscribed", "topic": topics[0]}
    assert room_again == {"type": "subscribed", "topic": topics[-1]}


def test_presence_is_told_to_members_only(persona):
    ada, linus, margaret = persona("ada"), persona("linus"), persona("margaret")
    engineering = community("engineering")
    topic = f"community:{engineering.pk}"
    watcher = communicator(session_cookie(linus))
    admin = communicator(session_cookie(margaret))  # reads it, is not a member
    ada_socket = communicator(session_cookie(ada))

    def online(*people) -> dict:
        listed = sorted(({"id": p.pk, "name": p.name} for p in people), key=lambda r: r["name"])
        return {
            "type": "presence",
            "community_id": engineering.pk,
            "online": listed,
            "count": len(listed),
        }

    async def scenario():
        await open_socket(watcher, topic)
        first = await watcher.receive_json_from(timeout=5)
        await open_socket(admin, topic)
        await open_socket(ada_socket)
        came = await receive_until(watcher, "presence", timeout=5)
        await ada_socket.disconnect()
        went = await receive_until(watcher, "presence", timeout=5)
        admin_heard_nothing = await admin.receive_nothing(timeout=1)
        for socket in (watcher, admin):
            await socket.disconnect()
        return first, came, went, admin_heard_nothing

    first, came, went, admin_heard_nothing = async_to_sync(scenario)()

    assert first == online(linus), "on subscribing: who is online now"
    assert came == online(ada, linus)
    assert went == online(linus)
    assert admin_heard_nothing, "presence is for members; Margaret only reads Engineering"


def test_a_second_tab_does_not_bring_a_person_online_twice(persona):
    ada, linus = persona("ada"), persona("linus")
    topic = f"community:{community('engineering').pk}"
    watcher = communicator(session_cookie(linus))
    tabs = [communicator(session_cookie(ada)) for _ in range(2)]

    async def scenario():
        await open_socket(watcher, topic)
        await watcher.receive_json_from(timeout=5)  # presence
        await open_socket(tabs[0])
        came = await receive_until(watcher, "presence", timeout=5)
        await open_socket(tabs[1])
        await tabs[0].disconnect()
        quiet = await watcher.receive_nothing(timeout=1)
        await tabs[1].disconnect()
        went = await receive_until(watcher, "presence", timeout=5)
        await watcher.disconnect()
        return came, quiet, went

    came, quiet, went = async_to_sync(scenario)()

    assert came["count"] == 2
    assert quiet, "ada is still online in her second tab: nothing changed"
    assert went["count"] == 1


def test_pings_keep_a_socket_counted_online_recorded_in_one_update(persona, settings):
    ada, grace = persona("ada"), persona("grace")
    sockets = [communicator(session_cookie(person)) for person in (ada, grace)]
    long_ago = timezone.now() - timedelta(minutes=10)

    async def scenario():
        for socket in sockets:
            await open_socket(socket)
        # Both were last seen long ago, as if their pings had stopped.
        await database_sync_to_async(Connection.objects.update)(seen_at=long_ago)
        for socket in sockets:
            await socket.send_json_to({"type": "ping"})
            assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
        await asyncio.sleep(settings.REALTIME_HEARTBEAT_FLUSH_SECONDS + 0.5)
        seen = await database_sync_to_async(
            lambda: set(Connection.objects.values_list("user_id", "seen_at"))
        )()
        for socket in sockets:
            await socket.disconnect()
        return seen

    # The database work of the sockets runs on this thread (database_sync_to_async).
    with CaptureQueriesContext(connections["default"]) as queries:
        seen = async_to_sync(scenario)()

    assert {user_id for user_id, _ in seen} == {ada.pk, grace.pk}
    assert all(seen_at > long_ago + timedelta(minutes=9) for _, seen_at in seen), seen
    pings_recorded = [q["sql"] for q in queries if '"channel_name" IN' in q["sql"]]
    assert len(pings_recorded) == 1, pings_recorded


def test_presence_settles_into_one_message_however_many_come_at_once(persona, demo):
    linus = demo["linus"]
    engineering = community("engineering")
    crowd = [demo["ada"], demo["grace"]]
    watcher = communicator(session_cookie(linus))
    arriving = [communicator(session_cookie(person)) for person in crowd]

    async def scenario():
        await open_socket(watcher, f"community:{engineering.pk}")
        await watcher.receive_json_from(timeout=5)  # presence
        for socket in arriving:
            await open_socket(socket)
        heard = await everything_within(watcher, 1)
        for socket in (watcher, *arriving):
            await socket.disconnect()
        return heard

    heard = async_to_sync(scenario)()

    assert [message["count"] for message in heard] == [3], heard


def test_a_community_turning_private_drops_the_readers_who_are_not_members(persona, celery_worker):
    linus, grace, margaret = persona("linus"), persona("grace"), persona("margaret")
    reader = User.objects.create_user("eve", "eve@bridge.example", first_name="Eve")
    engineering = community("engineering")
    topic = f"community:{engineering.pk}"
    sockets = {
        "eve": communicator(session_cookie(reader)),  # an employee reading an open community
        "grace": communicator(session_cookie(grace)),  # a member
        "margaret": communicator(session_cookie(margaret)),  # a platform admin
    }
    drain_deliveries()

    def make_private():
        community_update(actor=linus, community=engineering, changes={"visibility": "private"})

    async def scenario():
        for name, socket in sockets.items():
            await open_socket(socket, topic)
            if name == "grace":
                await socket.receive_json_from(timeout=5)  # presence
        await database_sync_to_async(make_private)()
        told = {name: await receive_until(s, "community.updated") for name, s in sockets.items()}
        dropped = await receive_until(sockets["eve"], "unsubscribed", timeout=5)
        kept = {
            name: all(
                m["type"] != "unsubscribed" for m in await everything_within(sockets[name], 1)
            )
            for name in ("grace", "margaret")
        }
        for socket in sockets.values():
            await socket.disconnect()
        return told, dropped, kept

    told, dropped, kept = async_to_sync(scenario)()

    assert {event["community_id"] for event in told.values()} == {engineering.pk}
    assert dropped == {"type": "unsubscribed", "topic": topic, "reason": "access_lost"}
    assert kept == {"grace": True, "margaret": True}


def test_hiding_a_post_drops_the_readers_of_its_thread(persona, celery_worker):
    linus, carla, ada = persona("linus"), persona("carla"), persona("ada")
    post = post_create(actor=carla, community=community("customer-council"), body="Our wishes")
    topic = f"post:{post.pk}"
    member, author = communicator(session_cookie(ada)), communicator(session_cookie(carla))
    drain_deliveries()

    def hide():
        moderation_decide(actor=linus, post=post, action="hide", reason="Off topic")

    def comment_under_it():
        return comment_create(actor=linus, post=post, body="Only for the author now")

    async def scenario():
        await open_socket(member, "feed", topic)
        await open_socket(author, topic)
        await database_sync_to_async(hide)()
        dropped = await receive_until(member, "unsubscribed")
        # The author still sees her hidden post (and is told it was hidden), so she
        # keeps following it.
        told = await receive_until(author, "post.hidden")
        author_kept_it = all(
            message["type"] != "unsubscribed" for message in await everything_within(author, 1)
        )
        comment = await database_sync_to_async(comment_under_it)()
        heard_by_author = await receive_until(author, "comment.created")
        heard_by_member = await everything_within(member, 1)
        for socket in (member, author):
            await socket.disconnect()
        return dropped, told, author_kept_it, comment, heard_by_author, heard_by_member

    dropped, told, author_kept_it, comment, heard_by_author, heard_by_member = async_to_sync(
        scenario
    )()

    assert dropped == {"type": "unsubscribed", "topic": topic, "reason": "access_lost"}
    assert told["object_id"] == str(post.pk)
    assert author_kept_it
    assert heard_by_author["object_id"] == str(comment.pk)
    assert heard_by_member == [], "not even through the feed: the community hears nothing of it"


def test_readers_of_a_thread_hear_a_comment_was_hidden_but_not_who_hid_it(persona, celery_worker):
    linus, carla, ada = persona("linus"), persona("carla"), persona("ada")
    post = post_create(actor=carla, community=community("customer-council"), body="Wishes")
    comment = comment_create(actor=ada, post=post, body="Something to hide")
    reader = communicator(session_cookie(carla))
    drain_deliveries()

    def hide_the_comment():
        moderation_decide(actor=linus, post=post, comment=comment, action="hide", reason="No")

    async def scenario():
        await open_socket(reader, f"post:{post.pk}")
        await database_sync_to_async(hide_the_comment)()
        told = await receive_until(reader, "comment.hidden")
        await reader.disconnect()
        return told

    told = async_to_sync(scenario)()

    assert told["object_id"] == str(comment.pk)
    assert told["post_id"] == post.pk
    assert told["actor"] is None


def test_a_boards_viewers_hear_an_idea_comment_was_hidden_and_restored_never_its_text(
    persona, celery_worker
):
    """The hiding is recorded as personal (the decision stays between the moderators
    and the author); the idea page's other readers still hear that the comment
    changed, without who did it, so that their page fetches its comments again."""
    linus, carla, ada = persona("linus"), persona("carla"), persona("ada")
    board = board_create(actor=linus, community=community("customer-council"), title="Next?")
    idea = idea_submit(actor=carla, board=board, title="Dark mode", body="At night")
    comment = idea_comment_create(actor=carla, idea=idea, body="Buy cheap watches")
    reader = communicator(session_cookie(ada))
    drain_deliveries()

    async def scenario():
        await open_socket(reader, f"board:{board.pk}")
        await database_sync_to_async(idea_comment_hide)(actor=linus, comment=comment)
        hidden = await receive_until(reader, "idea.comment_hidden")
        await database_sync_to_async(idea_comment_unhide)(actor=linus, comment=comment)
        restored = await receive_until(reader, "idea.comment_unhidden")
        rest = await everything_within(reader, 1)
        await reader.disconnect()
        return hidden, restored, rest

    hidden, restored, rest = async_to_sync(scenario)()

    for told in (hidden, restored):
        assert told["object_type"] == "idea_comment"
        assert told["object_id"] == str(comment.pk)
        assert told["board_id"] == board.pk
        assert told["actor"] is None
    assert "watches" not in json.dumps([hidden, restored, *rest])


def test_a_boards_viewers_hear_of_its_new_ideas_and_votes(persona, celery_worker):
    """An employee who is not a member of an open community follows its board: idea
    activities reach the board's group, not only the community's (members only)."""
    linus, ada = persona("linus"), persona("ada")
    engineering = community("engineering")
    board = board_create(actor=linus, community=engineering, title="Faster builds?")
    other = board_create(actor=linus, community=engineering, title="Another board")
    erin = User.objects.create(username="erin", first_name="Erin", last_name="Newcomer")
    viewer = communicator(session_cookie(erin))
    drain_deliveries()

    def submit_and_vote():
        idea_submit(actor=ada, board=other, title="Elsewhere", body="Not this board")
        idea = idea_submit(actor=ada, board=board, title="Cache the wheels", body="pip")
        vote_cast(actor=linus, idea=idea)
        return idea

    async def scenario():
        await open_socket(viewer, f"board:{board.pk}")
        idea = await database_sync_to_async(submit_and_vote)()
        submitted = await receive_until(viewer, "idea.submitted")
        voted = await receive_until(viewer, "idea.voted")
        await viewer.disconnect()
        return idea, submitted, voted

    idea, submitted, voted = async_to_sync(scenario)()

    # The other board's idea never arrived: the first idea activity is this board's.
    assert submitted["object_id"] == str(idea.pk)
    assert submitted["board_id"] == board.pk
    assert voted["object_id"] == str(idea.pk)
    assert voted["board_id"] == board.pk


def test_a_boards_viewers_hear_of_comments_under_its_ideas(persona, celery_worker):
    """A comment's activity names the comment, not the idea; it carries the board, so
    that the idea's page (subscribed to its board) fetches its discussion again."""
    linus, ada = persona("linus"), persona("ada")
    board = board_create(actor=linus, community=community("engineering"), title="Builds?")
    idea = idea_submit(actor=ada, board=board, title="Cache the wheels", body="pip")
    erin = User.objects.create(username="erin", first_name="Erin", last_name="Newcomer")
    viewer = communicator(session_cookie(erin))
    drain_deliveries()

    async def scenario():
        await open_socket(viewer, f"board:{board.pk}")
        comment = await database_sync_to_async(idea_comment_create)(
            actor=linus, idea=idea, body="Yes please"
        )
        commented = await receive_until(viewer, "idea.commented")
        await viewer.disconnect()
        return comment, commented

    comment, commented = async_to_sync(scenario)()
    assert commented["object_type"] == "idea_comment"
    assert commented["object_id"] == str(comment.pk)
    assert commented["board_id"] == board.pk
    assert "Yes please" not in str(commented)  # ids, never content
