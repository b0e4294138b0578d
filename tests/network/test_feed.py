"""The home feed: my communities and what I follow, never what I may not read."""

import pytest

from network.models import Community
from network.services.posts import post_create
from tests.fixtures.personas import community, signed_in


def feed(client) -> list[str]:
    return [post["body"] for post in client.get("/api/v1/feed/").json()["results"]]


@pytest.fixture
def posts(demo):
    post_create(actor=demo["linus"], community=community("engineering"), body="eng")
    post_create(actor=demo["linus"], community=community("partner-network"), body="partners")
    post_create(actor=demo["carla"], community=community("customer-council"), body="council")
    post_create(actor=demo["otto"], community=community("early-access"), body="early #beta")
    return demo


def test_the_feed_holds_my_communities_newest_first(posts):
    assert feed(signed_in(posts["carla"])) == ["council"]
    assert feed(signed_in(posts["linus"])) == ["early #beta", "council", "partners", "eng"]


def test_following_adds_what_i_may_read_and_nothing_else(posts):
    grace = signed_in(posts["grace"])
    assert feed(grace) == ["eng"]

    assert grace.put(f"/api/v1/people/{posts['linus'].pk}/follow/").status_code == 204
    # linus also posted in Partner Network, which grace cannot read.
    assert feed(grace) == ["eng"]
    assert grace.put("/api/v1/hashtags/beta/follow/").status_code == 204
    assert feed(grace) == ["eng"], "a hashtag never opens a private community"


def test_following_an_open_community_brings_its_posts(posts):
    lunch = (
        signed_in(posts["ada"])
        .post(
            "/api/v1/communities/", {"name": "Lunch", "audience": "internal", "visibility": "open"}
        )
        .json()
    )
    post_create(actor=posts["ada"], community=Community.objects.get(pk=lunch["id"]), body="soup")
    grace = signed_in(posts["grace"])

    grace.put(f"/api/v1/communities/{lunch['id']}/follow/")
    assert feed(grace) == ["soup", "eng"]
    grace.delete(f"/api/v1/communities/{lunch['id']}/follow/")
    assert feed(grace) == ["eng"]


def test_following_what_one_cannot_see_is_a_404(posts):
    carla = signed_in(posts["carla"])

    assert carla.put(f"/api/v1/people/{posts['grace'].pk}/follow/").status_code == 404
    assert (
        carla.put(f"/api/v1/communities/{community('engineering').pk}/follow/").status_code == 404
    )


def test_a_feed_page_costs_a_fixed_number_of_queries(posts, django_assert_num_queries):
    slugs = ["engineering", "partner-network", "customer-council", "early-access"]
    for number in range(25):
        post_create(actor=posts["linus"], community=community(slugs[number % 4]), body=f"n{number}")
    client = signed_in(posts["linus"])
    # user; memberships, follows and readable communities; the page of posts with
    # engagement and polls; attachments; who can see them, for every community at
    # once (tests/network/test_feed_pages.py varies the page size)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/feed/")
    assert len(response.json()["results"]) == 20
