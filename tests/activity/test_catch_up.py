"""The catch-up stream: what a person missed, and nothing they may not see."""

from datetime import timedelta

import pytest

from activity.models import Activity
from network.models import Membership
from network.services.conversations import comment_create
from network.services.invitations import invitation_create
from network.services.memberships import (
    join_request_create,
    join_request_decide,
    membership_remove,
)
from network.services.moderation import moderation_decide, report_create
from network.services.posts import post_create
from tests.fixtures.personas import EVERYONE, client_for, community, signed_in
from tests.network.notify import deliver_notifications


def catch_up(user, after: int = 0, **params) -> dict:
    response = signed_in(user).get("/api/v1/activity/", {"after": after, **params})
    assert response.status_code == 200, response.content
    return response.json()


def verbs(user, after: int = 0) -> list[tuple[str, int | None]]:
    return [(event["verb"], event["community_id"]) for event in catch_up(user, after)["results"]]


@pytest.fixture
def start(demo) -> int:
    """The last activity id before the test's own (seeding records some too)."""
    return Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_customer_catches_up_on_her_community_only(demo, start):
    council, engineering = community("customer-council"), community("engineering")
    post_create(actor=demo["ada"], community=engineering, body="Internal numbers")
    post = post_create(actor=demo["ada"], community=council, body="Hello customers")
    invitation_create(
        actor=demo["linus"], community=council, email="new@acme.example", organisation="Acme"
    )

    events = catch_up(demo["carla"], start)["results"]

    assert [(e["verb"], e["object_id"]) for e in events] == [("post.created", str(post.pk))]
    assert events[0]["actor"] == {"id": demo["ada"].pk, "name": "Ada Lovelace"}
    assert events[0]["type"] == "activity", "the same shape as the socket's events"
    assert ("post.created", engineering.pk) in verbs(demo["linus"], start)


def test_personal_activities_reach_only_the_people_they_concern(demo, start):
    council = community("customer-council")
    request = join_request_create(actor=demo["grace"], community=council)
    join_request_decide(actor=demo["linus"], request=request, approve=False)
    deliver_notifications()

    assert ("join_request.declined", council.pk) in verbs(demo["grace"], start)
    assert ("join_request.declined", council.pk) in verbs(demo["linus"], start), "the actor"
    assert verbs(demo["carla"], start) == [], "a member is not told of someone's request"
    assert all(verb != "join_request.created" for verb, _ in verbs(demo["linus"], start)), (
        "staff-only activities are never in the stream"
    )


def test_moderation_reaches_the_author_but_not_the_members(demo, start):
    council = community("customer-council")
    post = post_create(actor=demo["carla"], community=council, body="Cheap servers!")
    report_create(actor=demo["ada"], post=post, reason="spam")
    moderation_decide(actor=demo["linus"], post=post, action="remove", reason="Adverts")
    deliver_notifications()

    assert ("post.removed", council.pk) in verbs(demo["carla"], start)
    assert ("post.removed", council.pk) not in verbs(demo["ada"], start)


def test_a_removed_member_catches_up_on_nothing_more(demo, start):
    council = community("customer-council")
    membership_remove(actor=demo["linus"], community=council, user=demo["carla"])
    post_create(actor=demo["ada"], community=council, body="After she left")

    assert verbs(demo["carla"], start) == []


def test_pages_of_the_stream(demo, start):
    council = community("customer-council")
    posts = [post_create(actor=demo["ada"], community=council, body=f"n{n}") for n in range(5)]

    first = catch_up(demo["carla"], start, limit=2)
    assert [e["object_id"] for e in first["results"]] == [str(p.pk) for p in posts[:2]]
    assert first["has_more"] is True
    rest = catch_up(demo["carla"], first["results"][-1]["id"], limit=10)
    assert [e["object_id"] for e in rest["results"]] == [str(p.pk) for p in posts[2:]]
    assert rest["has_more"] is False


def test_an_overlap_resends_what_was_created_just_before_the_cursor(demo, start):
    """A socket can receive a newer id before an older one, and lose the older one:
    the first page of a catch-up may reach back a few seconds before its cursor."""
    council = community("customer-council")
    older, newer = (post_create(actor=demo["ada"], community=council, body=b) for b in "ab")
    cursor = Activity.objects.get(verb="post.created", object_id=str(newer.pk)).pk
    long_ago = Activity.objects.filter(pk__gt=start, pk__lt=cursor)
    # Everything before the older post was created well before it.
    earlier = post_create(actor=demo["ada"], community=council, body="earlier")
    Activity.objects.filter(object_id=str(earlier.pk)).update(
        created_at=long_ago.first().created_at - timedelta(minutes=5)
    )

    def posts(**params) -> list[str]:
        events = catch_up(demo["carla"], cursor, **params)["results"]
        return [e["object_id"] for e in events if e["verb"] == "post.created"]

    assert posts() == [str(earlier.pk)], "strictly after the cursor (ids, not time)"
    assert posts(overlap=15) == [str(older.pk), str(newer.pk), str(earlier.pk)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "after"),
        ({"after": "x"}, "after"),
        ({"after": -1}, "after"),
        ({"after": 10**30}, "after"),
        ({"after": 1, "limit": 0}, "limit"),
        ({"after": 1, "limit": 501}, "limit"),
        ({"after": "1\x00"}, "after"),
        ({"after": 1, "overlap": -1}, "overlap"),
        ({"after": 1, "overlap": 61}, "overlap"),
    ],
)
def test_bad_parameters_are_a_field_level_400(demo, params, field):
    response = signed_in(demo["carla"]).get("/api/v1/activity/", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_anonymous_callers_get_nothing(client, db):
    assert client.get("/api/v1/activity/", {"after": 0}).status_code == 401


@pytest.mark.parametrize("who", EVERYONE)
def test_every_persona_catches_up_on_exactly_their_communities(demo, start, who):
    for slug in (
        "engineering",
        "product-council",
        "partner-network",
        "customer-council",
        "early-access",
    ):
        post_create(
            actor=demo["linus" if slug != "product-council" else "ada"],
            community=community(slug),
            body=f"News in {slug}",
        )
    response = client_for(demo, who).get("/api/v1/activity/", {"after": start})

    if who == "anonymous":
        assert response.status_code == 401
        return
    heard = {event["community_id"] for event in response.json()["results"]}
    member_of = set(
        Membership.objects.filter(user=demo[who]).values_list("community_id", flat=True)
    )
    assert heard == member_of, "every community they are in, and no other"


def test_what_happens_under_a_hidden_post_stays_with_who_may_see_it(demo, start):
    council = community("customer-council")
    post = post_create(actor=demo["carla"], community=council, body="Our wishes")
    moderation_decide(actor=demo["linus"], post=post, action="hide", reason="Off topic")
    after_hiding = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()
    comment_create(actor=demo["linus"], post=post, body="Moderators only now")

    def comments(who: str) -> list[str]:
        page = catch_up(demo[who], after_hiding)
        assert page["cursor"] > after_hiding, "the cursor moves past what was dropped"
        return [e["verb"] for e in page["results"] if e["verb"] == "comment.created"]

    assert comments("ada") == [], "a member who is not a moderator no longer sees the post"
    assert comments("carla") == ["comment.created"], "the author still sees it"
    assert comments("linus") == ["comment.created"], "so does the moderator"
