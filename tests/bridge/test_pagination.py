"""Every list that pages by cursor (bridge/pagination.py), through the API.

For each list: given more items than a page, when a reader follows `next` from the
first page to the last while an item is added, then they get every item once, in
the list's documented order: the new one at the end if it sorts after them (a new
comment), not at all if it sorts before (a new invitation, a name starting with
"Aa"), and never an item twice, as page numbers would. A `page_size` above the
list's maximum gets the maximum.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from itertools import count

import pytest
from django.test import Client
from django.utils import timezone

from bridge.pagination import CursorPage
from ideas.api.flow import CommentsPage
from ideas.models import Board, Idea
from ideas.models import Comment as IdeaComment
from ideas.services.discussion import comment_create as idea_comment_create
from network.api.communities import ByMemberName, ByName, OldestFirst
from network.api.invitations import NewestFirst as NewestInvitations
from network.api.moderation import QueuePage
from network.api.people import DirectoryPagination
from network.api.posts import Threads
from network.models import Comment, Community, Invitation, JoinRequest, Membership, Post, User
from network.services.conversations import comment_create
from network.services.moderation import report_create
from network.services.posts import post_create
from rewards.api.catalog import NewestFirst as NewestRedemptions
from rewards.models import Item, Redemption
from tests.fixtures.personas import council, signed_in

FIRST = 7  # items before the walk: three pages of three
SIZE = 3
serial = count()


@dataclass(frozen=True)
class Listing:
    """A list, who reads it, and how to add an item to it."""

    reader: str
    url: Callable[[dict], str]  # given the personas
    paginator: type[CursorPage]
    # Adds an item; ``early`` asks for one that sorts before every other (where the
    # order is by name; time-ordered lists put a new item where its time goes).
    add: Callable[[dict, bool], object]
    # The ids of results, in the list's documented order, read from the database.
    ordered: Callable[[list], list]
    new_lands: str  # "end": the reader meets the new item; "before": they do not
    key: Callable[[dict], object] = lambda result: result["id"]


def _person(last: str, first: str = "Same") -> User:
    n = next(serial)
    return User.objects.create(username=f"paged{n}", first_name=first, last_name=last)


def _pks(queryset, ids: list) -> list:
    return list(queryset.filter(pk__in=ids).values_list("pk", flat=True))


# --- The lists -------------------------------------------------------------------------


def _add_community(demo: dict, early: bool) -> int:
    n = next(serial)
    name = "Aardvarks" if early else f"Paged {n % 2}"  # ties: equal names
    return Community.objects.create(
        slug=f"paged-{n}",
        name=name,
        audience=Community.Audience.INTERNAL,
        created_by=demo["margaret"],
    ).pk


def _add_member(demo: dict, early: bool) -> int:
    person = _person("Aaberg" if early else "Tie")
    Membership.objects.create(community=council(), user=person)
    return person.pk


def _add_person(demo: dict, early: bool) -> int:
    return _person("Aaberg" if early else "Tie").pk


def _add_join_request(demo: dict, early: bool) -> int:
    return JoinRequest.objects.create(community=council(), user=_person("Asker")).pk


def _add_invitation(demo: dict, early: bool) -> int:
    return Invitation.objects.create(
        community=council(),
        email=f"guest{next(serial)}@example.com",
        invited_by=demo["linus"],
        expires_at=timezone.now() + timedelta(days=7),
    ).pk


def _post(demo: dict) -> Post:
    post = Post.objects.filter(community=council(), body="Paged comments").first()
    return post or post_create(actor=demo["linus"], community=council(), body="Paged comments")


def _add_comment(demo: dict, early: bool) -> int:
    return comment_create(actor=demo["linus"], post=_post(demo), body=f"c{next(serial)}").pk


def _idea() -> Idea:
    board = Board.objects.filter(community=council()).first()
    return Idea.objects.filter(board=board, merged_into=None).order_by("pk").first()


def _add_idea_comment(demo: dict, early: bool) -> int:
    return idea_comment_create(actor=demo["linus"], idea=_idea(), body=f"i{next(serial)}").pk


def _add_report(demo: dict, early: bool) -> tuple:
    post = post_create(actor=demo["ada"], community=council(), body=f"r{next(serial)}")
    report_create(actor=demo["carla"], post=post, reason="spam")
    return (post.pk, None)


def _add_redemption(demo: dict, early: bool) -> int:
    item = Item.objects.filter(name="Paged mug").first() or Item.objects.create(
        name="Paged mug", cost=10, created_by=demo["grace"]
    )
    return Redemption.objects.create(item=item, person=demo["ada"], points=10).pk


def _first_reported(keys: list) -> list:
    """Open queue rows by their first report, oldest first."""
    firsts = {}
    for key in keys:
        post_id, comment_id = key
        reports = Post.objects.get(pk=post_id).reports.filter(comment_id=comment_id)
        firsts[key] = (reports.order_by("created_at").first().created_at, post_id)
    return sorted(keys, key=firsts.__getitem__)


LISTINGS = {
    "communities": Listing(
        "margaret",
        lambda demo: "/api/v1/communities/",
        ByName,
        _add_community,
        lambda ids: _pks(Community.objects.order_by("name", "pk"), ids),
        "before",
    ),
    "members": Listing(
        "linus",
        lambda demo: f"/api/v1/communities/{council().pk}/members/",
        ByMemberName,
        _add_member,
        lambda ids: list(
            Membership.objects.filter(community=council(), user__in=ids)
            .order_by("user__last_name", "user__first_name", "pk")
            .values_list("user_id", flat=True)
        ),
        "before",
        key=lambda result: result["person"]["id"],
    ),
    "people": Listing(
        "margaret",
        lambda demo: "/api/v1/people/",
        DirectoryPagination,
        _add_person,
        lambda ids: _pks(User.objects.order_by("last_name", "first_name", "pk"), ids),
        "before",
    ),
    "join requests": Listing(
        "linus",
        lambda demo: f"/api/v1/communities/{council().pk}/join-requests/",
        OldestFirst,
        _add_join_request,
        lambda ids: _pks(JoinRequest.objects.order_by("created_at", "pk"), ids),
        "end",
    ),
    "invitations": Listing(
        "linus",
        lambda demo: f"/api/v1/communities/{council().pk}/invitations/",
        NewestInvitations,
        _add_invitation,
        lambda ids: _pks(Invitation.objects.order_by("-created_at", "-pk"), ids),
        "before",
    ),
    "post comments": Listing(
        "ada",
        lambda demo: f"/api/v1/posts/{_post(demo).pk}/comments/",
        Threads,
        _add_comment,
        lambda ids: _pks(Comment.objects.order_by("created_at", "pk"), ids),
        "end",
    ),
    "idea comments": Listing(
        "ada",
        lambda demo: f"/api/v1/ideas/{_idea().pk}/comments/",
        CommentsPage,
        _add_idea_comment,
        lambda ids: _pks(IdeaComment.objects.order_by("created_at", "pk"), ids),
        "end",
    ),
    "moderation queue": Listing(
        "linus",
        lambda demo: f"/api/v1/communities/{council().pk}/moderation/queue/",
        QueuePage,
        _add_report,
        _first_reported,
        "end",
        key=lambda result: (result["post_id"], result["comment_id"]),
    ),
    "redemptions": Listing(
        "grace",
        lambda demo: "/api/v1/rewards/redemptions/",
        NewestRedemptions,
        _add_redemption,
        lambda ids: _pks(Redemption.objects.order_by("-created_at", "-pk"), ids),
        "before",
    ),
}


@pytest.fixture
def given(demo, demo_boards):
    """Seven more items in each list than the demo has."""
    return demo


def _walk(client: Client, url: str, *, then: Callable[[], object]) -> tuple[list, int]:
    """Every result from ``url`` to the last page, calling ``then`` after the first."""
    results, pages = [], 0
    while url:
        page = client.get(url).json()
        results += page["results"]
        pages += 1
        url = page["next"]
        if pages == 1:
            then()
    return results, pages


@pytest.mark.parametrize("name", LISTINGS)
def test_walking_next_gets_every_item_once_in_order_while_one_is_added(given, name):
    listing, demo = LISTINGS[name], given
    for _ in range(FIRST):
        listing.add(demo, False)
    client, url = signed_in(demo[listing.reader]), listing.url(demo)
    whole = client.get(url, {"page_size": 200}).json()
    assert whole["next"] is None
    before = [listing.key(result) for result in whole["results"]]
    assert len(before) >= FIRST
    assert before == listing.ordered(before), "one page, in the documented order"
    added = []

    walked, pages = _walk(
        client,
        f"{url}?page_size={SIZE}",
        then=lambda: added.append(listing.add(demo, True)),
    )

    keys = [listing.key(result) for result in walked]
    expected = [*before, *added] if listing.new_lands == "end" else before
    assert keys == expected
    assert len(set(keys)) == len(keys)
    assert pages == -(-len(expected) // SIZE)


@pytest.mark.parametrize("name", LISTINGS)
def test_a_page_size_above_the_maximum_gets_the_maximum(given, name, monkeypatch):
    listing, demo = LISTINGS[name], given
    for _ in range(FIRST):
        listing.add(demo, False)
    # The real maxima are 100 or 200 items; a small one spares making that many.
    monkeypatch.setattr(listing.paginator, "max_page_size", 4)

    page = signed_in(demo[listing.reader]).get(listing.url(demo), {"page_size": 5000}).json()

    assert len(page["results"]) == 4
    assert page["next"] is not None


def test_the_directory_caps_page_size_at_200(demo):
    User.objects.bulk_create(
        User(username=f"many{n}", first_name="Many", last_name=f"M{n:03}") for n in range(210)
    )

    page = signed_in(demo["margaret"]).get("/api/v1/people/", {"page_size": 201}).json()

    assert len(page["results"]) == DirectoryPagination.max_page_size == 200
    assert page["next"] is not None


def test_previous_walks_back_to_the_first_page(demo):
    for last in ("Tie", "Tie", "Tie", "Able", "Zed"):
        _person(last)
    client = signed_in(demo["margaret"])
    url, pages = "/api/v1/people/?page_size=2", []
    while url:
        page = client.get(url).json()
        pages.append([person["id"] for person in page["results"]])
        url = page["next"]

    back, url = [], page["previous"]
    while url:
        page = client.get(url).json()
        back.append([person["id"] for person in page["results"]])
        url = page["previous"]

    assert back == pages[-2::-1]


def test_a_cursor_that_is_not_ours_is_a_404(demo):
    client = signed_in(demo["margaret"])
    forged = [
        "p=%5B%22x%22%5D",  # ["x"]: too short a key
        "p=%5B%22x%22%2C%20%22y%22%2C%20%22not-an-id%22%5D",  # an id that is not one
        "p=%5B1%2C%20%5B%5D%2C%203%5D",  # a list inside the key
        "p=not-json",
    ]
    for querystring in forged:
        cursor = base64.b64encode(querystring.encode()).decode()
        response = client.get("/api/v1/people/", {"cursor": cursor})
        assert response.status_code == 404, querystring
        assert response.json()["type"] == "not_found"


def test_a_list_pages_with_the_same_queries_on_any_page(demo, django_assert_num_queries):
    for _ in range(9):
        _person("Tie")
    client = signed_in(demo["margaret"])
    first = client.get("/api/v1/people/", {"page_size": 3}).json()

    with django_assert_num_queries(2):  # the session's user; the page (no count)
        later = client.get(first["next"]).json()

    assert len(later["results"]) == 3
