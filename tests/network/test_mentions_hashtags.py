"""@mentions reach only people who can read the post; #hashtags gather posts by access."""

from django.urls import reverse

from activity.models import Activity
from network.services.conversations import comment_create
from network.services.posts import post_create, post_edit
from tests.fixtures.personas import community, signed_in


def test_only_people_who_can_read_the_post_are_mentioned(demo):
    post = post_create(
        actor=demo["linus"],
        community=community("customer-council"),
        body="Thoughts, @carla and @ada? Also @otto and @grace and @nobody.",
    )

    assert set(post.mentions.values_list("username", flat=True)) == {"carla", "ada"}
    assert f'href="{reverse("person", args=[demo["carla"].pk])}" class="mention"' in post.body_html
    assert "@otto" in post.body_html and 'class="mention">@otto' not in post.body_html
    notified = Activity.objects.get(verb="post.created", object_id=str(post.pk)).payload["notify"]
    assert set(notified) == {demo["carla"].pk, demo["ada"].pk}


def test_mentions_in_code_are_not_mentions(demo):
    post = post_create(
        actor=demo["linus"], community=community("customer-council"), body="Use `@carla` literally"
    )

    assert not post.mentions.exists()


def test_editing_notifies_only_the_newly_mentioned(demo):
    post = post_create(
        actor=demo["linus"], community=community("customer-council"), body="Hi @carla"
    )

    post_edit(actor=demo["linus"], post=post, body="Hi @carla and @ada")

    edited = Activity.objects.get(verb="post.edited", object_id=str(post.pk))
    assert edited.payload["notify"] == [demo["ada"].pk]


def test_comments_mention_and_notify_too(demo):
    post = post_create(actor=demo["carla"], community=community("customer-council"), body="Q")

    comment = comment_create(actor=demo["ada"], post=post, body="@linus can answer")

    assert list(comment.mentions.values_list("username", flat=True)) == ["linus"]
    notified = Activity.objects.get(verb="comment.created").payload["notify"]
    assert set(notified) == {demo["carla"].pk, demo["linus"].pk}


def test_the_mention_picker_offers_only_readers_the_caller_can_see(indexed_demo):
    demo = indexed_demo  # the picker asks Elasticsearch (search/suggest.py)
    url = f"/api/v1/communities/{community('customer-council').pk}/mentionable/"

    everyone = signed_in(demo["carla"]).get(url).json()
    assert {p["username"] for p in everyone} == {"ada", "linus", "carla"}
    assert [p["username"] for p in signed_in(demo["carla"]).get(url, {"q": "li"}).json()] == [
        "linus"
    ]
    assert signed_in(demo["otto"]).get(url).status_code == 404
    assert signed_in(demo["grace"]).get(url).status_code == 403  # sees it, not a member


def test_hashtags_gather_posts_each_reader_may_see(demo):
    post_create(actor=demo["carla"], community=community("customer-council"), body="Need #SSO soon")
    post_create(actor=demo["linus"], community=community("engineering"), body="#sso design")

    def tagged(who: str) -> list[str]:
        response = signed_in(demo[who]).get("/api/v1/hashtags/sso/posts/")
        return [p["body"] for p in response.json()["results"]]

    assert tagged("ada") == ["#sso design", "Need #SSO soon"]
    assert tagged("carla") == ["Need #SSO soon"]
    assert tagged("otto") == []
    page = signed_in(demo["carla"]).get(reverse("hashtag", args=["SSO"])).content.decode()
    assert "Need" in page and "design" not in page
    assert 'href="/hashtags/sso/" class="hashtag"' in page
