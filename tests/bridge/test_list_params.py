"""`created_after`, `created_before` and `ordering` on every list that takes them
(bridge/list_params.py), through the API.

For each list: given five items created an hour apart, long before the demo's own,
when a reader asks for a window, then they get the items from its start (included)
to its end (excluded); when they ask for `ordering=oldest` or `newest` with a small
page, then `next` and `previous` walk every item once in that order; a bad value is
a 400 naming the parameter; and someone who may not read the list gets what they got
without the parameters.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activity.models import Activity
from ideas.models import Board, Idea
from ideas.services.discussion import comment_create as idea_comment_create
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network.models import Community, Invitation, JoinRequest, Notification, Post, User
from network.services.conversations import comment_create
from network.services.posts import post_create
from rewards.models import Item, Redemption
from tests.fixtures.personas import community, council, signed_in

START = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
ITEMS = 5
serial = count()


def at(n: int) -> datetime:
    return START + n * HOUR


def stamp(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Listing:
    """A list, who reads it, who may not, and how to add an item to it."""

    reader: str
    outsider: str  # may not read it, or reads their own, without the items added
    url: Callable[[dict], str]  # given the personas
    add: Callable[[dict], Model]  # an item, given the personas; its created_at is set
    own_order: str | None  # "newest" or "oldest" first; None: by name, no ordering


def _person() -> User:
    return User.objects.create(username=f"windowed{next(serial)}", last_name="Windowed")


def _post(demo: dict) -> Post:
    post = Post.objects.filter(community=council(), body="Windowed comments").first()
    return post or post_create(actor=demo["linus"], community=council(), body="Windowed comments")


def _idea() -> Idea:
    board = Board.objects.filter(community=council()).first()
    return Idea.objects.filter(board=board, merged_into=None).order_by("pk").first()


def _subscription(demo: dict) -> WebhookSubscription:
    return WebhookSubscription.objects.get_or_create(
        owner=demo["margaret"], url="https://crm.example/hooks", defaults={"secret": "s" * 32}
    )[0]


def _add_notification(demo: dict) -> Notification:
    post = _post(demo)
    activity = Activity.objects.create(
        actor=demo["linus"],
        verb="post.created",
        object_type="post",
        object_id=str(post.pk),
        community=council(),
        audience="customer",
    )
    return Notification.objects.create(
        recipient=demo["ada"],
        activity=activity,
        reason=Notification.Reason.MENTION,
        actor=demo["linus"],
        community=council(),
        post=post,
    )


def _add_audit_entry(demo: dict) -> Activity:
    return Activity.objects.create(
        actor=demo["linus"],
        verb="post.hidden",
        object_type="post",
        object_id=str(_post(demo).pk),
        community=council(),
        audience="customer",
    )


def _add_redemption(demo: dict) -> Redemption:
    item = Item.objects.filter(name="Windowed mug").first() or Item.objects.create(
        name="Windowed mug", cost=10, created_by=demo["grace"]
    )
    return Redemption.objects.create(item=item, person=demo["ada"], points=10)


LISTINGS = {
    "community posts": Listing(
        "ada",
        "otto",
        lambda demo: f"/api/v1/communities/{council().pk}/posts/",
        lambda demo: post_create(actor=demo["ada"], community=council(), body="Windowed"),
        "newest",
    ),
    "hashtag posts": Listing(
        "ada",
        "pat",
        lambda demo: "/api/v1/hashtags/windowed/posts/",
        lambda demo: post_create(actor=demo["ada"], community=council(), body="A #windowed one"),
        "newest",
    ),
    "notifications": Listing(
        "ada", "carla", lambda demo: "/api/v1/notifications/", _add_notification, "newest"
    ),
    "post comments": Listing(
        "ada",
        "otto",
        lambda demo: f"/api/v1/posts/{_post(demo).pk}/comments/",
        lambda demo: comment_create(actor=demo["ada"], post=_post(demo), body="c"),
        "oldest",
    ),
    "idea comments": Listing(
        "ada",
        "otto",
        lambda demo: f"/api/v1/ideas/{_idea().pk}/comments/",
        lambda demo: idea_comment_create(actor=demo["ada"], idea=_idea(), body="i"),
        "oldest",
    ),
    "invitations": Listing(
        "linus",
        "carla",
        lambda demo: f"/api/v1/communities/{council().pk}/invitations/",
        lambda demo: Invitation.objects.create(
            community=council(),
            email=f"guest{next(serial)}@example.com",
            invited_by=demo["linus"],
            expires_at=timezone.now() + timedelta(days=7),
        ),
        "newest",
    ),
    "join requests": Listing(
        "linus",
        "carla",
        lambda demo: f"/api/v1/communities/{council().pk}/join-requests/",
        lambda demo: JoinRequest.objects.create(community=council(), user=_person()),
        "oldest",
    ),
    "redemptions": Listing(
        "grace", "carla", lambda demo: "/api/v1/rewards/redemptions/", _add_redemption, "newest"
    ),
    "moderation activity": Listing(
        "linus",
        "carla",
        lambda demo: f"/api/v1/communities/{council().pk}/moderation/activity/",
        _add_audit_entry,
        "newest",
    ),
    "webhook deliveries": Listing(
        "margaret",
        "linus",
        lambda demo: f"/api/v1/webhooks/{_subscription(demo).pk}/deliveries/",
        lambda demo: WebhookDelivery.objects.create(
            subscription=_subscription(demo), event_type="webhook.ping", payload={}
        ),
        "newest",
    ),
    "communities": Listing(
        "margaret",
        "otto",
        lambda demo: "/api/v1/communities/",
        lambda demo: Community.objects.create(
            slug=f"windowed-{next(serial)}",
            name=f"Windowed {next(serial)}",
            audience=Community.Audience.INTERNAL,
            created_by=demo["margaret"],
        ),
        None,
    ),
}
ORDERED = [name for name, listing in LISTINGS.items() if listing.own_order]


@pytest.fixture
def items(demo, demo_boards) -> Callable[[str], tuple[Listing, list[int]]]:
    """Five items in a list, created an hour apart from START; their ids by time."""

    def make(name: str) -> tuple[Listing, list[int]]:
        listing = LISTINGS[name]
        ids = []
        for n in range(ITEMS):
            item = listing.add(demo)
            type(item).objects.filter(pk=item.pk).update(created_at=at(n))
            ids.append(item.pk)
        return listing, ids

    return make


def _ids(client: Client, url: str, params: dict) -> list:
    response = client.get(url, {**params, "page_size": 200})
    assert response.status_code == 200, response.content
    assert response.json()["next"] is None
    return [result["id"] for result in response.json()["results"]]


def _walk(client: Client, url: str) -> tuple[list[list], dict]:
    """Every page from ``url`` by `next`, and the last page."""
    pages = []
    while url:
        page = client.get(url).json()
        pages.append([result["id"] for result in page["results"]])
        url = page["next"]
    return pages, page


# --- The window ------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTINGS)
def test_the_window_holds_its_start_and_not_its_end(items, demo, name):
    listing, ids = items(name)
    client, url = signed_in(demo[listing.reader]), listing.url(demo)

    window = _ids(client, url, {"created_after": stamp(at(1)), "created_before": stamp(at(3))})
    after = _ids(client, url, {"created_after": stamp(at(3))})
    before = _ids(client, url, {"created_before": stamp(at(1))})
    everything = _ids(client, url, {})

    assert sorted(window) == ids[1:3]
    assert set(ids) & set(after) == set(ids[3:])
    assert set(after) == set(everything) - set(ids[:3]), "the demo's own, made now, are after"
    assert sorted(before) == ids[:1]


@pytest.mark.parametrize("name", ["community posts", "communities"])
def test_a_window_in_another_offset_or_a_microsecond_off(items, demo, name):
    listing, ids = items(name)
    client, url = signed_in(demo[listing.reader]), listing.url(demo)
    paris = (at(1) + 2 * HOUR).isoformat().replace("+00:00", "+02:00")  # at(1), in +02:00

    assert sorted(_ids(client, url, {"created_after": paris, "created_before": stamp(at(2))})) == [
        ids[1]
    ]
    just_after = stamp(at(1) + timedelta(microseconds=1))
    assert _ids(client, url, {"created_after": just_after, "created_before": stamp(at(2))}) == []
    empty = {"created_after": stamp(at(1)), "created_before": stamp(at(1))}
    assert _ids(client, url, empty) == []


# --- Ordering --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORDERED)
@pytest.mark.parametrize("ordering", ["oldest", "newest"])
def test_ordering_pages_both_ways_without_repeats_or_gaps(items, demo, name, ordering):
    listing, ids = items(name)
    client = signed_in(demo[listing.reader])
    expected = ids if ordering == "oldest" else ids[::-1]
    window = f"created_after={stamp(at(0))}&created_before={stamp(at(ITEMS))}"

    pages, last = _walk(client, f"{listing.url(demo)}?ordering={ordering}&{window}&page_size=2")

    assert pages == [expected[0:2], expected[2:4], expected[4:5]]
    back, url = [], last["previous"]
    while url:
        page = client.get(url).json()
        back.append([result["id"] for result in page["results"]])
        url = page["previous"]
    assert back == pages[-2::-1]


@pytest.mark.parametrize("name", ORDERED)
def test_without_ordering_a_list_keeps_its_own_order(items, demo, name):
    listing, ids = items(name)
    client, url = signed_in(demo[listing.reader]), listing.url(demo)
    window = {"created_after": stamp(at(0)), "created_before": stamp(at(ITEMS))}

    own = _ids(client, url, window)

    assert own == (ids if listing.own_order == "oldest" else ids[::-1])
    assert own == _ids(client, url, {**window, "ordering": listing.own_order})


def test_a_list_ordered_by_name_stays_so_and_ignores_ordering(items, demo):
    listing, ids = items("communities")
    client, url = signed_in(demo["margaret"]), listing.url(demo)
    window = {"created_after": stamp(at(0)), "created_before": stamp(at(ITEMS))}

    pages, _ = _walk(client, f"{url}?created_after={stamp(at(0))}&page_size=2&ordering=oldest")
    walked = [pk for page in pages for pk in page]

    by_name = list(Community.objects.filter(pk__in=ids).order_by("name", "pk").values_list("pk"))
    assert _ids(client, url, window) == [pk for (pk,) in by_name]
    assert [pk for pk in walked if pk in ids] == [pk for (pk,) in by_name]
    assert len(walked) == len(set(walked))


# --- Refused values --------------------------------------------------------------------

BAD = [
    ({"created_after": "yesterday"}, "created_after"),
    ({"created_after": "2021-02-30T09:00:00Z"}, "created_after"),
    ({"created_before": "2021-03-01T09:00:00"}, "created_before"),  # no offset
    ({"created_before": "2021-03-01"}, "created_before"),
    ({"created_after": "2021-03-01T09:00:00 01:00"}, "created_after"),  # "+" unescaped
    ({"created_after": "9999-12-31T23:00:00-05:00"}, "created_after"),  # beyond year 9999
    ({"created_after": stamp(at(3)), "created_before": stamp(at(1))}, "created_before"),
]


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize(("params", "field"), BAD)
def test_a_bad_window_is_a_400_on_its_field(demo, demo_boards, name, params, field):
    listing = LISTINGS[name]

    response = signed_in(demo[listing.reader]).get(listing.url(demo), params)

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert list(body["fields"]) == [field]


@pytest.mark.parametrize("name", ORDERED)
def test_a_bad_ordering_is_a_400(demo, demo_boards, name):
    listing = LISTINGS[name]

    response = signed_in(demo[listing.reader]).get(listing.url(demo), {"ordering": "-created_at"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["ordering"]


# --- Never wider -----------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTINGS)
def test_the_parameters_never_widen_what_an_outsider_sees(items, demo, name):
    listing, ids = items(name)
    client, url = signed_in(demo[listing.outsider]), listing.url(demo)
    window = {"created_after": stamp(at(0)), "created_before": stamp(at(ITEMS))}
    if listing.own_order:
        window["ordering"] = "oldest"

    plain = client.get(url)
    filtered = client.get(url, window)

    assert filtered.status_code == plain.status_code
    if plain.status_code == 200:
        seen = [result["id"] for result in filtered.json()["results"]]
        assert not set(seen) & set(ids)
    else:
        assert plain.status_code in (403, 404)


def test_a_customer_filtering_an_internal_communitys_posts_gets_404(demo):
    post_create(actor=demo["ada"], community=community("engineering"), body="Internal only")
    client = signed_in(demo["carla"])
    url = f"/api/v1/communities/{community('engineering').pk}/posts/"

    for params in (
        {"created_after": stamp(at(0)), "ordering": "oldest"},
        {"created_after": "not a time"},  # not a 400: that would say it exists
    ):
        response = client.get(url, params)
        assert response.status_code == 404, params
        assert response.json()["type"] == "not_found"


def test_a_window_costs_no_more_queries_than_the_list(items, demo):
    listing, _ = items("community posts")
    client, url = signed_in(demo["ada"]), listing.url(demo)
    client.get(url)  # the session and caches, as any later page finds them

    with CaptureQueriesContext(connection) as plain:
        client.get(url, {"page_size": 3})
    with CaptureQueriesContext(connection) as windowed:
        client.get(url, {"page_size": 3, "created_after": stamp(at(0)), "ordering": "oldest"})

    assert len(windowed) == len(plain)
