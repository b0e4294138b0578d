"""Feed pages: a fixed number of queries whatever the page size, on every feed
surface; cursor pages that neither repeat nor skip; "top" ranked by engagement
with time decay, and never showing what the reader may not read."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network import feed
from network.models import Comment, Community, PollVote, Post, Reaction
from network.selectors import audience_cache_key
from network.services.communities import community_create
from network.services.follows import follow
from network.services.posts import post_create
from tests.fixtures.personas import community, signed_in

SIZES = (1, 10, 50)


def engage(post: Post, *people) -> None:
    """Reactions and a comment from each person, a vote in the poll from the first."""
    for person in people:
        Reaction.objects.create(post=post, user=person, kind="like")
        Comment.objects.create(post=post, author=person, body="+1", body_html="<p>+1</p>")
    PollVote.objects.create(option=post.poll.options.first(), user=people[0])


@pytest.fixture
def network(demo):
    """Ada's feed draws from every source: her communities (Engineering, Customer
    Council), Linus whom she follows (posting in the open Town Hall she is not in),
    and #launch (tagged in the open Lunch community). Linus also posts in Partner
    Network, which she may not read. Every post has a poll, reactions and comments."""
    ada, linus, grace, carla = demo["ada"], demo["linus"], demo["grace"], demo["carla"]
    town_hall = community_create(
        actor=linus, name="Town Hall", audience="internal", visibility="open"
    )
    lunch = community_create(actor=grace, name="Lunch", audience="internal", visibility="open")
    sources = [
        (community("engineering"), [linus, grace, ada], 55),
        (community("customer-council"), [carla, linus], 10),
        (town_hall, [linus], 10),
        (lunch, [grace], 10),
        (community("partner-network"), [linus], 5),
    ]
    for where, authors, count in sources:
        for number in range(count):
            author = authors[number % len(authors)]
            post = post_create(
                actor=author,
                community=where,
                body=f"{where.slug} {number} #launch",
                poll_options=["yes", "no"],
            )
            engage(post, author)
    follow(actor=ada, person=linus)
    follow(actor=ada, hashtag=Post.hashtags.rel.model.objects.get(name="launch"))
    return demo


def readable_by_ada() -> list[int]:
    hidden = community("partner-network")
    return list(Post.objects.exclude(community=hidden).order_by("-pk").values_list("pk", flat=True))


def count_queries(client, url: str) -> tuple[int, object]:
    """Queries of a request, the "Visible to" counts not cached (the dearest case)."""
    cache.delete_many([audience_cache_key(c) for c in Community.objects.all()])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), response


def assert_fixed_cost(client, url: str, expected: int, sizes: tuple = SIZES) -> None:
    costs = {}
    for size in sizes:
        costs[size], response = count_queries(client, f"{url}page_size={size}")
        assert len(response.json()["results"]) == size
        assert all(post["poll"] and post["reactions"] for post in response.json()["results"])
    assert costs == dict.fromkeys(sizes, expected), costs


def test_a_home_feed_page_costs_the_same_whatever_its_size(network):
    # the user; memberships, follows and readable communities; the page with its
    # engagement and polls; the polls' options with counts and the reader's votes;
    # attachments; who can see each community
    assert_fixed_cost(signed_in(network["ada"]), "/api/v1/feed/?", 6)


def test_a_deeper_home_feed_page_costs_the_same(network):
    ada = signed_in(network["ada"])
    deeper = ada.get("/api/v1/feed/?page_size=20").json()["next"]
    assert_fixed_cost(ada, f"{deeper}&", 6)


def test_a_top_page_costs_the_same_whatever_its_size(network):
    ada = signed_in(network["ada"])
    assert_fixed_cost(ada, "/api/v1/feed/?order=top&", 6)
    # the second page of 1, 10 and 30 posts (85 posts in all)
    assert_fixed_cost(ada, "/api/v1/feed/?order=top&page=2&", 6, sizes=(1, 10, 30))


def test_a_community_page_costs_the_same_whatever_its_size(network):
    engineering = community("engineering").pk
    # the user; the community; the membership; the page with polls; options with
    # votes; attachments; who can see it
    assert_fixed_cost(signed_in(network["ada"]), f"/api/v1/communities/{engineering}/posts/?", 7)


def test_a_hashtag_page_costs_the_same_whatever_its_size(network):
    # the user; the communities Ada may read; the page with polls; options with
    # votes; attachments; who can see each community
    assert_fixed_cost(signed_in(network["ada"]), "/api/v1/hashtags/launch/posts/?", 6)


@pytest.mark.parametrize("order", ["", "?order=top"])
def test_the_home_page_costs_the_same_however_many_posts(demo, order):
    """The page shows 20 posts at most: 1, 10 and 50 posts cost the same."""
    linus = signed_in(demo["linus"])
    costs = {}
    made = 0
    for count in SIZES:
        while made < count:
            post = post_create(
                actor=demo["linus"],
                community=community("engineering"),
                body=f"n{made}",
                poll_options=["a", "b"],
            )
            engage(post, demo["linus"])
            made += 1
        costs[count], response = count_queries(linus, f"/{order}")
        assert response.content.count(b'class="card post') == min(count, 20)
    assert len(set(costs.values())) == 1, costs


def test_newest_pages_follow_each_other_without_gaps_or_repeats(network):
    ada = signed_in(network["ada"])
    seen, url = [], "/api/v1/feed/?page_size=10"
    while url:
        page = ada.get(url).json()
        seen += [post["id"] for post in page["results"]]
        url = page["next"]
    assert seen == readable_by_ada()


def test_top_pages_rank_everything_once_and_nothing_hidden(network):
    ada = signed_in(network["ada"])
    seen, url = [], "/api/v1/feed/?order=top&page_size=10"
    while url:
        page = ada.get(url).json()
        seen += [post["id"] for post in page["results"]]
        url = page["next"]
    assert sorted(seen, reverse=True) == readable_by_ada()


def test_top_ranks_engagement_with_time_decay(demo):
    linus, ada, grace = demo["linus"], demo["ada"], demo["grace"]
    engineering = community("engineering")

    def posted(body: str, hours_ago: float) -> Post:
        post = post_create(actor=linus, community=engineering, body=body)
        Post.objects.filter(pk=post.pk).update(
            created_at=timezone.now() - timedelta(hours=hours_ago)
        )
        return post

    ancient = posted("ten days ago, much loved", 240)
    old = posted("three days ago, well liked", 72)
    busy = posted("an hour ago, lively", 1)
    quiet = posted("just now, quiet", 0)
    for post, people in ((ancient, [ada, grace, linus]), (old, [ada, grace]), (busy, [ada])):
        for person in people:
            Reaction.objects.create(post=post, user=person, kind="like")
            Reaction.objects.create(post=post, user=person, kind="insightful")
            Comment.objects.create(post=post, author=person, body="!", body_html="!")
    # busy: (2 + 2 + 1) / 3^1.5 = 0.96; quiet: 1 / 2^1.5 = 0.35;
    # old: (4 + 4 + 1) / 74^1.5 = 0.014; ancient: outside the week the ranking covers.
    top = signed_in(grace).get("/api/v1/feed/?order=top").json()["results"]
    assert [post["id"] for post in top] == [busy.pk, quiet.pk, old.pk]
    newest = signed_in(grace).get("/api/v1/feed/").json()["results"]
    assert [post["id"] for post in newest] == [quiet.pk, busy.pk, old.pk, ancient.pk]


def test_top_pages_keep_their_snapshot(demo):
    """A post written while the reader pages does not shift the pages they read."""
    linus = demo["linus"]
    first = post_create(actor=linus, community=community("engineering"), body="first")
    second = post_create(actor=linus, community=community("engineering"), body="second")
    grace = signed_in(demo["grace"])
    page = grace.get("/api/v1/feed/?order=top&page_size=1").json()
    assert [post["id"] for post in page["results"]] == [second.pk]

    post_create(actor=linus, community=community("engineering"), body="meanwhile")
    page = grace.get(page["next"]).json()
    assert [post["id"] for post in page["results"]] == [first.pk]
    assert page["next"] is None


def test_top_never_shows_what_the_reader_may_not_read(demo):
    linus = demo["linus"]
    hidden = post_create(actor=linus, community=community("partner-network"), body="#plans")
    for person in (demo["linus"], demo["pat"]):
        Reaction.objects.create(post=hidden, user=person, kind="celebrate")
    grace = signed_in(demo["grace"])
    grace.put(f"/api/v1/people/{linus.pk}/follow/")
    grace.put("/api/v1/hashtags/plans/follow/")

    assert grace.get("/api/v1/feed/?order=top").json()["results"] == []
    assert signed_in(demo["pat"]).get("/api/v1/feed/?order=top").json()["results"][0]["id"] == (
        hidden.pk
    )


@pytest.mark.parametrize("query", ["order=best", "page_size=0", "before=x", "order=top&page=0"])
def test_malformed_feed_requests_are_a_400(demo, query):
    assert signed_in(demo["ada"]).get(f"/api/v1/feed/?{query}").status_code == 400


def test_the_home_page_switches_between_newest_and_top(demo):
    post_create(actor=demo["linus"], community=community("engineering"), body="hello")
    grace = signed_in(demo["grace"])

    newest = grace.get("/").content.decode()
    top = grace.get("/?order=top").content.decode()

    assert 'aria-current="page">Newest' in newest
    assert 'aria-current="page">Top' in top
    assert "hello" in newest
    assert "hello" in top


def test_top_ranks_a_bounded_number_of_posts(demo, monkeypatch):
    monkeypatch.setattr(feed, "TOP_CANDIDATES", 3)
    for number in range(5):
        post_create(actor=demo["linus"], community=community("engineering"), body=f"n{number}")
    grace = signed_in(demo["grace"])

    first = grace.get("/api/v1/feed/?order=top&page_size=2").json()
    second = grace.get(first["next"]).json()

    assert [post["body"] for post in first["results"] + second["results"]] == ["n4", "n3", "n2"]
    assert second["next"] is None
