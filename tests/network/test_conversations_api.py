"""Comments (one level of replies) and reactions over the API."""

import pytest

from activity.models import Activity
from network.models import Community
from network.services.conversations import comment_create
from network.services.posts import post_create
from tests.fixtures.personas import signed_in


@pytest.fixture
def post(demo):
    council = Community.objects.get(slug="customer-council")
    return post_create(actor=demo["carla"], community=council, body="SSO?")


def comments_url(post) -> str:
    return f"/api/v1/posts/{post.pk}/comments/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ada", 201),
        ("linus", 201),
        ("carla", 201),
        ("margaret", 403),  # reads everything, takes part where she is a member
        ("grace", 404),
        ("otto", 404),
        ("pat", 404),
    ],
)
def test_members_comment_and_outsiders_cannot_even_see(demo, post, who, expected):
    assert signed_in(demo[who]).post(comments_url(post), {"body": "Yes"}).status_code == expected


def test_replies_stay_one_level_deep(demo, post):
    ada = signed_in(demo["ada"])
    top = ada.post(comments_url(post), {"body": "Top"}).json()
    reply = ada.post(comments_url(post), {"body": "Reply", "parent": top["id"]}).json()
    deeper = (
        signed_in(demo["carla"])
        .post(comments_url(post), {"body": "Deeper", "parent": reply["id"]})
        .json()
    )

    assert deeper["parent"] == top["id"]
    threads = ada.get(comments_url(post)).json()["results"]
    assert [(t["body"], [r["body"] for r in t["replies"]]) for t in threads] == [
        ("Top", ["Reply", "Deeper"])
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "Hi", "parent": 999999}, "parent"),
    ],
)
def test_bad_comments_are_field_level_400s(demo, post, payload, field):
    response = signed_in(demo["ada"]).post(comments_url(post), payload)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_comment_tells_the_post_author(demo, post):
    comment = comment_create(actor=demo["ada"], post=post, body="Working on it")

    recorded = Activity.objects.get(verb="comment.created", object_id=str(comment.pk))
    assert recorded.payload["notify"] == [demo["carla"].pk]
    assert recorded.audience == "customer"


def test_threads_cost_the_same_queries_however_many_comments(demo, post, django_assert_num_queries):
    for number in range(10):
        top = comment_create(actor=demo["ada"], post=post, body=f"Top {number}")
        comment_create(actor=demo["carla"], post=post, body="Reply", parent=top)
    client, url = signed_in(demo["ada"]), comments_url(post)
    # user; post (access); page of threads; their replies
    with django_assert_num_queries(4):
        response = client.get(url)
    assert len(response.json()["results"]) == 10


def test_authors_and_moderators_delete_comments(demo, post):
    comment = comment_create(actor=demo["ada"], post=post, body="Oops")
    url = f"/api/v1/comments/{comment.pk}/"

    assert signed_in(demo["carla"]).delete(url).status_code == 403
    assert signed_in(demo["otto"]).delete(url).status_code == 404
    assert signed_in(demo["linus"]).delete(url).status_code == 204
    assert signed_in(demo["ada"]).get(comments_url(post)).json()["results"] == []
    assert signed_in(demo["ada"]).get(f"/api/v1/posts/{post.pk}/").json()["comment_count"] == 0


def test_reactions_toggle_and_are_counted(demo, post):
    ada, linus = signed_in(demo["ada"]), signed_in(demo["linus"])
    url = f"/api/v1/posts/{post.pk}/reactions/"

    assert ada.post(url, {"kind": "like"}).json() == {"kind": "like", "reacted": True}
    linus.post(url, {"kind": "like"})
    linus.post(url, {"kind": "insightful"})
    detail = ada.get(f"/api/v1/posts/{post.pk}/").json()
    assert detail["reactions"] == {
        "like": 2,
        "celebrate": 0,
        "insightful": 1,
        "support": 0,
        "curious": 0,
    }
    assert detail["my_reactions"] == ["like"]

    assert ada.post(url, {"kind": "like"}).json()["reacted"] is False
    assert ada.get(f"/api/v1/posts/{post.pk}/").json()["reactions"]["like"] == 1


def test_bad_or_forbidden_reactions(demo, post):
    url = f"/api/v1/posts/{post.pk}/reactions/"

    assert signed_in(demo["ada"]).post(url, {"kind": "angry"}).status_code == 400
    assert signed_in(demo["otto"]).post(url, {"kind": "like"}).status_code == 404
    assert signed_in(demo["margaret"]).post(url, {"kind": "like"}).status_code == 403
