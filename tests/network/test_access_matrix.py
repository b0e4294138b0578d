"""Every network endpoint of the API, as a matrix: persona x community -> status.

The policy is written out by hand (tests/fixtures/standing.py: where each persona
stands in each demo community; PEOPLE below: whom each persona may find), never
computed with network.access, so that a change in the code that widens or narrows
access fails here. Each endpoint then says, per standing, what it answers:

    anon    not signed in                       401 (no credentials: the Bearer challenge)
    hidden  may not know the community exists   404, like a missing one
    seen    listed, but its content is closed   200 for the card, 404 for content,
                                                403 for what a visitor may not do
    member / owner                              by role
    admin   platform admin, member of nothing   reads everything, moderates, but
                                                takes part only where a member

Write requests run in a savepoint that is rolled back, so every cell starts from
the same `demo_content`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client

from network.models import User
from tests.fixtures.personas import EVERYONE, client_for, signed_in
from tests.fixtures.standing import SLUGS, standing

PERSONAS = EVERYONE
MEMBERS = {
    "engineering": {"linus", "ada", "grace"},
    "product-council": {"ada"},
    "partner-network": {"linus", "pat"},
    "customer-council": {"linus", "ada", "carla"},
    "early-access": {"linus", "otto"},
}
EMPLOYEES = {"ada", "linus", "grace", "margaret"}

# Whom each persona may find (directory, profiles, follows): externals only the
# people they share a community with; employees every employee plus the
# externals of their own communities.
PEOPLE = {
    "anonymous": set(),
    "ada": EMPLOYEES | {"carla"},
    "linus": EMPLOYEES | {"pat", "carla", "otto"},
    "grace": EMPLOYEES,
    "margaret": EMPLOYEES | {"pat", "carla", "otto"},
    "pat": {"linus", "pat"},
    "carla": {"linus", "ada", "carla"},
    "otto": {"linus", "otto"},
}


def role(who: str, slug: str) -> str:
    return standing(who, slug)


def by_role(**statuses: int) -> dict[str, int]:
    """Expected status per standing; the anonymous and the hidden default to 401 / 404."""
    return {"anon": 401, "hidden": 404, **statuses}


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str  # formatted with community, post, comment, person ids
    expect: dict[str, int]
    data: dict | Callable[[dict], dict] | None = None
    exceptions: dict[tuple[str, str], int] = field(default_factory=dict)


READ = by_role(seen=404, member=200, owner=200, admin=200)
LISTED = by_role(seen=200, member=200, owner=200, admin=200)
MODERATE = by_role(seen=404, member=403, owner=200, admin=200)

# --- Inside a community: one cell per persona and community -------------------
COMMUNITY_ENDPOINTS = {
    "community card": Endpoint("get", "/api/v1/communities/{community}/", LISTED),
    "posts": Endpoint("get", "/api/v1/communities/{community}/posts/", READ),
    "pinned posts": Endpoint("get", "/api/v1/communities/{community}/posts/pinned/", READ),
    "members": Endpoint("get", "/api/v1/communities/{community}/members/", READ),
    "mention picker": Endpoint(
        "get",
        "/api/v1/communities/{community}/mentionable/?q=",
        by_role(seen=403, member=200, owner=200, admin=403),
    ),
    "join requests": Endpoint(
        "get",
        "/api/v1/communities/{community}/join-requests/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "invitations": Endpoint(
        "get",
        "/api/v1/communities/{community}/invitations/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "post": Endpoint("get", "/api/v1/posts/{post}/", READ),
    "comments": Endpoint("get", "/api/v1/posts/{post}/comments/", READ),
    "post revisions": Endpoint("get", "/api/v1/posts/{post}/revisions/", MODERATE),
    # Writes: 404 for what the caller may not see, 403 for what they see but may not do.
    "write a post": Endpoint(
        "post",
        "/api/v1/communities/{community}/posts/",
        by_role(seen=403, member=201, owner=201, admin=403),
        data={"body": "Hello"},
    ),
    "comment": Endpoint(
        "post",
        "/api/v1/posts/{post}/comments/",
        by_role(seen=404, member=201, owner=201, admin=403),
        data={"body": "Hello"},
    ),
    "react": Endpoint(
        "post",
        "/api/v1/posts/{post}/reactions/",
        by_role(seen=404, member=200, owner=200, admin=403),
        data={"kind": "like"},
    ),
    "vote": Endpoint(
        "post",
        "/api/v1/posts/{post}/poll/vote/",
        by_role(seen=404, member=200, owner=200, admin=403),
        data=lambda ids: {"options": [ids["option"]]},
    ),
    "edit a post (its author is the owner)": Endpoint(
        "patch",
        "/api/v1/posts/{post}/",
        by_role(seen=404, member=403, owner=200, admin=403),
        data={"body": "Edited"},
    ),
    "delete a post": Endpoint(
        "delete", "/api/v1/posts/{post}/", by_role(seen=404, member=403, owner=204, admin=204)
    ),
    "delete a comment": Endpoint(
        "delete",
        "/api/v1/comments/{comment}/",
        by_role(seen=404, member=403, owner=204, admin=204),
    ),
    "pin": Endpoint(
        "post", "/api/v1/posts/{post}/pin/", by_role(seen=404, member=403, owner=200, admin=200)
    ),
    "edit the community": Endpoint(
        "patch",
        "/api/v1/communities/{community}/",
        by_role(seen=403, member=403, owner=200, admin=200),
        data={"description": "Changed"},
    ),
    "join": Endpoint(
        "post",
        "/api/v1/communities/{community}/join/",
        # Private communities are asked to join; Engineering is open.
        by_role(seen=403, member=409, owner=409, admin=403),
        exceptions={("margaret", "engineering"): 204},
    ),
    "ask to join": Endpoint(
        "post",
        "/api/v1/communities/{community}/join-requests/",
        by_role(seen=201, member=409, owner=409, admin=201),
        data={"message": "Let me in"},
        exceptions={("margaret", "engineering"): 409},  # open: join directly
    ),
    "leave": Endpoint(
        "post",
        "/api/v1/communities/{community}/leave/",
        # Each owner is the last one; admins are not members.
        by_role(seen=409, member=204, owner=409, admin=409),
    ),
    "archive": Endpoint(
        "post",
        "/api/v1/communities/{community}/archive/",
        by_role(seen=403, member=403, owner=204, admin=204),
    ),
    "invite": Endpoint(
        "post",
        "/api/v1/communities/{community}/invitations/",
        by_role(seen=403, member=403, owner=201, admin=201),
        data={"email": "new.person@contoso.example", "organisation": "Contoso"},
        # Internal communities invite only employees who have an account.
        exceptions={
            ("linus", "engineering"): 400,
            ("ada", "product-council"): 400,
            ("margaret", "engineering"): 400,
            ("margaret", "product-council"): 400,
        },
    ),
    "follow the community": Endpoint(
        "put",
        "/api/v1/communities/{community}/follow/",
        by_role(seen=204, member=204, owner=204, admin=204),
    ),
    # Moderation (its own tests are tests/network/test_moderation*.py; here, its cells).
    "report the post (its author is the owner)": Endpoint(
        "post",
        "/api/v1/posts/{post}/reports/",
        by_role(seen=404, member=201, owner=403, admin=201),
        data={"reason": "spam"},
    ),
    "moderate the post": Endpoint(
        "post",
        "/api/v1/posts/{post}/moderation/",
        by_role(seen=404, member=403, owner=200, admin=200),
        data={"action": "hide", "reason": "Off topic"},
    ),
    "moderation queue": Endpoint(
        "get",
        "/api/v1/communities/{community}/moderation/queue/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "moderation audit trail": Endpoint(
        "get",
        "/api/v1/communities/{community}/moderation/activity/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "remove the owner": Endpoint(
        "delete",
        "/api/v1/communities/{community}/members/{owner}/",
        # Only owners remove an owner, and a community keeps its last one.
        by_role(seen=404, member=403, owner=409, admin=409),
    ),
}


def _ids(demo: dict[str, User], demo_content, slug: str) -> dict[str, int]:
    content = demo_content[slug]
    return {
        "community": content.community.pk,
        "post": content.post.pk,
        "comment": content.comment.pk,
        "option": content.post.poll.options.first().pk,
        "owner": content.post.author_id,
    }


def _clients(demo: dict[str, User]) -> dict[str, Client]:
    return {who: client_for(demo, who) for who in PERSONAS}


def answer(client: Client, method: str, url: str, data: dict | None = None) -> int:
    """The status of one request, whose effects are then rolled back."""
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data, content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code


# Who may ask, not what comes back: the mention picker answers from the database
# here (no indices per case); its answers are checked on Elasticsearch below.
@pytest.mark.usefixtures("database_search")
@pytest.mark.parametrize("name", COMMUNITY_ENDPOINTS)
def test_community_endpoint_matrix(demo, demo_content, name):
    endpoint = COMMUNITY_ENDPOINTS[name]
    clients = _clients(demo)
    expected, actual = {}, {}
    for slug in SLUGS:
        ids = _ids(demo, demo_content, slug)
        url = endpoint.url.format(**ids)
        data = endpoint.data(ids) if callable(endpoint.data) else endpoint.data
        for who in PERSONAS:
            cell = f"{who:9} {slug}"
            expected[cell] = endpoint.exceptions.get((who, slug), endpoint.expect[role(who, slug)])
            actual[cell] = answer(clients[who], endpoint.method, url, data)
    assert actual == expected


# --- Join requests: only moderators know of them -----------------------------
# A request is the moderators' business: to anyone else it looks missing.
DECIDE = by_role(seen=404, member=404, owner=200, admin=200)


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_join_request_decision_matrix(demo, demo_content, pending_requests, decision):
    clients = _clients(demo)
    expected, actual = {}, {}
    for slug in SLUGS:
        community = demo_content[slug].community.pk
        url = f"/api/v1/communities/{community}/join-requests/{pending_requests[slug]}/{decision}/"
        for who in PERSONAS:
            cell = f"{who:9} {slug}"
            expected[cell] = DECIDE[role(who, slug)]
            actual[cell] = answer(clients[who], "post", url)
    assert actual == expected


# --- Outside communities: one cell per persona --------------------------------
SIGNED_IN = {who: 200 for who in PERSONAS} | {"anonymous": 401}
PERSONA_ENDPOINTS = {
    "feed": ("get", "/api/v1/feed/", SIGNED_IN),
    "me": ("get", "/api/v1/me/", SIGNED_IN),
    "directory": ("get", "/api/v1/people/?q=", SIGNED_IN),
    "communities": ("get", "/api/v1/communities/", SIGNED_IN),
    "hashtag": ("get", "/api/v1/hashtags/everywhere/posts/", SIGNED_IN),
    "notifications": ("get", "/api/v1/notifications/", SIGNED_IN),
    "my moderation queue": (
        "get",
        "/api/v1/moderation/queue/",
        # For those who moderate somewhere (ada owns Product Council).
        {who: 403 for who in PERSONAS}
        | {"anonymous": 401, "ada": 200, "linus": 200, "margaret": 200},
    ),
    "follow a hashtag": (
        "put",
        "/api/v1/hashtags/everywhere/follow/",
        {who: 204 for who in PERSONAS} | {"anonymous": 401},
    ),
    "create a community": (
        "post",
        "/api/v1/communities/",
        {who: 201 for who in EMPLOYEES} | {"anonymous": 401, "pat": 403, "carla": 403, "otto": 403},
    ),
}


@pytest.mark.parametrize("name", PERSONA_ENDPOINTS)
def test_persona_endpoint_matrix(demo, demo_content, name):
    method, url, expected = PERSONA_ENDPOINTS[name]
    clients = _clients(demo)
    data = {"name": "Matrix", "audience": "internal", "visibility": "open"}
    actual = {who: answer(clients[who], method, url, data) for who in PERSONAS}
    assert actual == expected


# --- About people: one cell per persona and person ----------------------------
PERSON_ENDPOINTS = {
    "profile": ("get", "/api/v1/people/{person}/", 200),
    "follow": ("put", "/api/v1/people/{person}/follow/", 204),
}


@pytest.mark.parametrize("name", PERSON_ENDPOINTS)
def test_person_endpoint_matrix(demo, name):
    method, url, allowed = PERSON_ENDPOINTS[name]
    clients = _clients(demo)
    expected, actual = {}, {}
    for who in PERSONAS:
        for target in PERSONAS[1:]:
            cell = f"{who:9} -> {target}"
            sees = target in PEOPLE[who]
            expected[cell] = 401 if who == "anonymous" else allowed if sees else 404
            actual[cell] = answer(clients[who], method, url.format(person=demo[target].pk))
    assert actual == expected


def test_only_platform_admins_deactivate_and_only_those_they_see(demo):
    clients = _clients(demo)
    expected, actual = {}, {}
    for who in PERSONAS:
        for target in ("grace", "carla", "margaret"):
            cell = f"{who:9} -> {target}"
            if who == "anonymous":
                expected[cell] = 401
            elif target not in PEOPLE[who]:
                expected[cell] = 404
            elif who == target == "margaret":
                expected[cell] = 400  # an admin, but not of herself
            else:
                expected[cell] = 200 if who == "margaret" else 403
            url = f"/api/v1/people/{demo[target].pk}/deactivate/"
            actual[cell] = answer(clients[who], "post", url)
    assert actual == expected


# --- What comes back: nobody outside what they may see ------------------------
def _usernames(people: list[dict]) -> set[str]:
    return {person["username"] for person in people}


@pytest.mark.parametrize("who", PERSONAS[1:])
def test_the_directory_lists_exactly_the_people_one_may_find(demo, who):
    people = signed_in(demo[who]).get("/api/v1/people/?page_size=200").json()["results"]
    assert _usernames(people) == PEOPLE[who]


@pytest.mark.parametrize("who", PERSONAS[1:])
def test_pickers_and_member_lists_stay_inside_what_one_may_see(
    demo, demo_content, indexed_demo, who
):
    client = signed_in(demo[who])
    for slug in SLUGS:
        community = demo_content[slug].community.pk
        if role(who, slug) in ("member", "owner"):
            readers = EMPLOYEES if slug == "engineering" else MEMBERS[slug]
            picked = client.get(f"/api/v1/communities/{community}/mentionable/?q=").json()
            assert _usernames(picked) == readers & PEOPLE[who], slug
        if role(who, slug) in ("member", "owner", "admin"):
            members = client.get(f"/api/v1/communities/{community}/members/").json()["results"]
            listed = {member["person"]["username"] for member in members}
            assert listed == MEMBERS[slug], slug
            assert listed <= PEOPLE[who], slug


@pytest.mark.parametrize("who", PERSONAS[1:])
def test_following_everything_never_opens_a_closed_community(demo, demo_content, who):
    """Given a persona who follows every person, community and hashtag they can,
    their feed, the hashtag feed and the community list hold only what they read."""
    client = signed_in(demo[who])
    for target in PEOPLE[who]:
        client.put(f"/api/v1/people/{demo[target].pk}/follow/")
    for slug in SLUGS:
        client.put(f"/api/v1/communities/{demo_content[slug].community.pk}/follow/")
    client.put("/api/v1/hashtags/everywhere/follow/")
    readable = {slug for slug in SLUGS if role(who, slug) in ("member", "owner", "admin")}
    visible = readable | {slug for slug in SLUGS if role(who, slug) == "seen"}
    slug_of = {content.community.pk: slug for slug, content in demo_content.items()}

    feed = client.get("/api/v1/feed/?page_size=100").json()["results"]
    tagged = client.get("/api/v1/hashtags/everywhere/posts/?page_size=100").json()["results"]
    listed = client.get("/api/v1/communities/?page_size=200").json()["results"]

    assert {slug_of[post["community"]] for post in feed} == readable
    assert {slug_of[post["community"]] for post in tagged} == readable
    assert {community["slug"] for community in listed} == visible
    authors = {post["author"]["username"] for post in feed + tagged}
    assert authors <= PEOPLE[who]
