"""Every network page and form, as a matrix: persona x community -> answer.

The same hand-written policy as the API matrix (tests/network/test_access_matrix.py).
Pages answer "login" (a redirect to the sign-in page) to the anonymous, 404 for what
one may not see, 403 for what one sees but may not do, and 302 when a form did its
work, or reports a refused change (409 in the API) as a message on the next page.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client

from network.models import User
from tests.fixtures.personas import signed_in
from tests.fixtures.standing import SLUGS, STANDING
from tests.network.test_access_matrix import PEOPLE, PERSONAS, role


def by_role(**statuses: int | str) -> dict[str, int | str]:
    return {"anon": "login", "hidden": 404, **statuses}


@dataclass(frozen=True)
class Page:
    method: str
    url: str
    expect: dict[str, int | str]
    data: dict = field(default_factory=dict)
    exceptions: dict[tuple[str, str], int | str] = field(default_factory=dict)


DONE = 302  # the form redirects back, with a success or an error message
COMMUNITY_PAGES = {
    "community page": Page(
        "get", "/communities/{community}/", by_role(seen=200, member=200, owner=200, admin=200)
    ),
    "post page": Page("get", "/posts/{post}/", by_role(seen=404, member=200, owner=200, admin=200)),
    # Fragments the live pages fetch after an event (frontend/live.py).
    "live: a comment": Page(
        "get", "/comments/{comment}/", by_role(seen=404, member=200, owner=200, admin=200)
    ),
    "live: a post's counts": Page(
        "get", "/posts/{post}/counts/", by_role(seen=404, member=200, owner=200, admin=200)
    ),
    "composer": Page(
        "post",
        "/communities/{community}/posts/",
        by_role(seen=403, member=DONE, owner=DONE, admin=403),
        {"body": "Hello"},
    ),
    "comment": Page(
        "post",
        "/posts/{post}/comments/",
        by_role(seen=404, member=DONE, owner=DONE, admin=403),
        {"body": "Hello"},
    ),
    "react": Page(
        "post",
        "/posts/{post}/react/",
        by_role(seen=404, member=DONE, owner=DONE, admin=403),
        {"kind": "like"},
    ),
    "vote": Page(
        "post",
        "/posts/{post}/poll/",
        by_role(seen=404, member=DONE, owner=DONE, admin=403),
        {"options": "{option}"},
    ),
    "edit the post (its author is the owner)": Page(
        "post",
        "/posts/{post}/",
        by_role(seen=404, member=403, owner=DONE, admin=403),
        {"body": "Edited"},
    ),
    "delete the post": Page(
        "post", "/posts/{post}/delete/", by_role(seen=404, member=403, owner=DONE, admin=DONE)
    ),
    "delete the comment": Page(
        "post",
        "/comments/{comment}/delete/",
        by_role(seen=404, member=403, owner=DONE, admin=DONE),
    ),
    "pin": Page(
        "post",
        "/posts/{post}/pin/",
        by_role(seen=404, member=403, owner=DONE, admin=DONE),
        {"pinned": "1"},
    ),
    "join": Page(
        "post",
        "/communities/{community}/join/",
        # Members are told they already are; private communities are asked to join.
        by_role(seen=403, member=DONE, owner=DONE, admin=403),
        exceptions={("margaret", "engineering"): DONE},  # open: she joins
    ),
    "ask to join": Page(
        "post",
        "/communities/{community}/request/",
        by_role(seen=DONE, member=DONE, owner=DONE, admin=DONE),
        {"message": "Let me in"},
    ),
    "leave": Page(
        "post",
        "/communities/{community}/leave/",
        by_role(seen=DONE, member=DONE, owner=DONE, admin=DONE),
    ),
    "archive": Page(
        "post",
        "/communities/{community}/archive/",
        by_role(seen=403, member=403, owner=DONE, admin=DONE),
    ),
    "invite": Page(
        "post",
        "/communities/{community}/invite/",
        by_role(seen=403, member=403, owner=DONE, admin=DONE),
        {"email": "new.person@contoso.example", "organisation": "Contoso"},
        # Internal communities invite only employees: the form says so, on the page.
        exceptions={
            ("linus", "engineering"): 200,
            ("ada", "product-council"): 200,
            ("margaret", "engineering"): 200,
            ("margaret", "product-council"): 200,
        },
    ),
    "invite many": Page(
        "post",
        "/communities/{community}/invite/bulk/",
        by_role(seen=403, member=403, owner=200, admin=200),
        {"text": "new.person@contoso.example, Contoso"},
    ),
    "moderation queue": Page(
        "get",
        "/communities/{community}/moderation/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "moderation audit trail": Page(
        "get",
        "/communities/{community}/moderation/audit/",
        by_role(seen=403, member=403, owner=200, admin=200),
    ),
    "report the post (its author is the owner)": Page(
        "post",
        "/posts/{post}/report/",
        by_role(seen=404, member=DONE, owner=403, admin=DONE),
        {"reason": "spam"},
    ),
    "follow the community": Page(
        "post",
        "/follow/",
        by_role(seen=DONE, member=DONE, owner=DONE, admin=DONE),
        {"kind": "community", "key": "{community}"},
    ),
}


def _clients(demo: dict[str, User]) -> dict[str, Client]:
    return {who: Client() if who == "anonymous" else signed_in(demo[who]) for who in PERSONAS}


def answer(client: Client, method: str, url: str, data: dict | None = None) -> int | str:
    """What a page answers, its effects rolled back; "login" for the sign-in redirect."""
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    if response.status_code == 302 and response["Location"].startswith("/login/"):
        return "login"
    return response.status_code


@pytest.mark.parametrize("name", COMMUNITY_PAGES)
def test_community_page_matrix(demo, demo_content, name):
    page = COMMUNITY_PAGES[name]
    clients = _clients(demo)
    expected, actual = {}, {}
    for slug in SLUGS:
        content = demo_content[slug]
        ids = {
            "community": content.community.pk,
            "post": content.post.pk,
            "comment": content.comment.pk,
            "option": content.post.poll.options.first().pk,
        }
        data = {key: str(value).format(**ids) for key, value in page.data.items()}
        for who in PERSONAS:
            cell = f"{who:9} {slug}"
            expected[cell] = page.exceptions.get((who, slug), page.expect[role(who, slug)])
            actual[cell] = answer(clients[who], page.method, page.url.format(**ids), data)
    assert actual == expected


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_join_request_decision_page_matrix(demo, demo_content, pending_requests, decision):
    clients = _clients(demo)
    expected, actual = {}, {}
    for slug in SLUGS:
        community = demo_content[slug].community.pk
        url = f"/communities/{community}/requests/{pending_requests[slug]}/"
        for who in PERSONAS:
            cell = f"{who:9} {slug}"
            # As in the API: a request is the moderators' business, missing to others.
            expected[cell] = by_role(seen=404, member=404, owner=DONE, admin=DONE)[role(who, slug)]
            actual[cell] = answer(clients[who], "post", url, {"decision": decision})
    assert actual == expected


SIGNED_IN = {who: 200 for who in PERSONAS} | {"anonymous": "login"}
PERSONA_PAGES = {
    "home": "/",
    "communities": "/communities/",
    "new community": "/communities/new/",
    "directory": "/people/?q=a",
    "hashtag": "/hashtags/everywhere/",
    "my profile": "/settings/profile/",
    "notifications": "/notifications/",
}


@pytest.mark.parametrize("name", PERSONA_PAGES)
def test_persona_page_matrix(demo, demo_content, name):
    clients = _clients(demo)
    actual = {who: answer(clients[who], "get", PERSONA_PAGES[name]) for who in PERSONAS}
    assert actual == SIGNED_IN


@pytest.mark.parametrize(
    ("name", "method", "url", "allowed"),
    [
        ("profile", "get", "/people/{person}/", 200),
        ("follow", "post", "/follow/?kind=person", DONE),
        ("deactivate", "post", "/people/{person}/deactivate/", "admin"),
    ],
)
def test_person_page_matrix(demo, name, method, url, allowed):
    clients = _clients(demo)
    expected, actual = {}, {}
    for who in PERSONAS:
        for target in PERSONAS[1:]:
            cell = f"{who:9} -> {target}"
            if who == "anonymous":
                expected[cell] = "login"
            elif target not in PEOPLE[who]:
                expected[cell] = 404
            elif allowed == "admin":
                expected[cell] = DONE if who == "margaret" else 403
            else:
                expected[cell] = allowed
            data = {"kind": "person", "key": str(demo[target].pk)}
            actual[cell] = answer(clients[who], method, url.format(person=demo[target].pk), data)
    assert actual == expected


# --- What the pages show: nothing from outside what one may read --------------
@pytest.mark.parametrize("who", PERSONAS[1:])
def test_pages_show_only_what_one_may_read(demo, demo_content, who):
    client = signed_in(demo[who])
    for target in PEOPLE[who]:
        client.post("/follow/", {"kind": "person", "key": demo[target].pk})
    for slug in SLUGS:
        client.post("/follow/", {"kind": "community", "key": demo_content[slug].community.pk})
    client.post("/follow/", {"kind": "hashtag", "key": "everywhere"})
    readable = {slug for slug in SLUGS if role(who, slug) in ("member", "owner", "admin")}
    visible = readable | {slug for slug in SLUGS if role(who, slug) == "seen"}

    home = client.get("/").content.decode()
    tagged = client.get("/hashtags/everywhere/").content.decode()
    every_post = ",".join(str(content.post.pk) for content in demo_content.values())
    cards = client.get(f"/posts/cards/?ids={every_post}&in=home").content.decode()
    listed = client.get("/communities/").content.decode()
    directory = client.get("/people/").content.decode()
    for slug, content in demo_content.items():
        news = f"News from {content.community.name}"
        assert (news in home) == (slug in readable), (slug, "home")
        assert (news in tagged) == (slug in readable), (slug, "hashtag")
        assert (news in cards) == (slug in readable), (slug, "new posts")
        assert (f">{content.community.name}<" in listed) == (slug in visible), (slug, "list")
    for person in demo.values():
        shown = f'href="/people/{person.pk}/"' in directory
        assert shown == (person.username in PEOPLE[who]), person.username


@pytest.mark.parametrize("slug", SLUGS)
def test_a_community_page_lists_no_one_a_reader_may_not_see(demo, demo_content, slug):
    for who, roles in STANDING.items():
        if roles[SLUGS.index(slug)] not in ("member", "owner", "admin"):
            continue
        page = signed_in(demo[who]).get(f"/communities/{demo_content[slug].community.pk}/")
        html = page.content.decode()
        for person in demo.values():
            if person.username not in PEOPLE[who]:
                assert f'href="/people/{person.pk}/"' not in html, (who, person.username)
