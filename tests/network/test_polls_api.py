"""Polls in posts: single or multiple choice, closing, results after voting or closing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.models import Community, Poll
from tests.fixtures.personas import signed_in


def posts_url() -> str:
    return f"/api/v1/communities/{Community.objects.get(slug='customer-council').pk}/posts/"


@pytest.fixture
def poll_post(demo):
    response = signed_in(demo["linus"]).post(
        posts_url(),
        {
            "body": "Which identity provider first?",
            "poll": {"options": ["Okta", "Azure AD", "Google"]},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def vote(who_client, post, *option_ids):
    return who_client.post(
        f"/api/v1/posts/{post['id']}/poll/vote/",
        {"options": list(option_ids)},
        content_type="application/json",
    )


def test_results_stay_hidden_until_you_vote(demo, poll_post):
    carla = signed_in(demo["carla"])
    options = poll_post["poll"]["options"]
    assert [o["votes"] for o in options] == [None, None, None]

    after = vote(carla, poll_post, options[1]["id"])

    assert after.status_code == 200
    body = after.json()
    assert (body["results_visible"], body["my_votes"], body["total_votes"]) == (
        True,
        [options[1]["id"]],
        1,
    )
    assert [o["votes"] for o in body["options"]] == [0, 1, 0]
    ada_view = signed_in(demo["ada"]).get(f"/api/v1/posts/{poll_post['id']}/").json()["poll"]
    assert ada_view["results_visible"] is False


def test_single_choice_allows_one_answer_and_changing_it(demo, poll_post):
    carla = signed_in(demo["carla"])
    okta, azure, _ = (o["id"] for o in poll_post["poll"]["options"])

    assert vote(carla, poll_post, okta, azure).status_code == 400
    vote(carla, poll_post, okta)
    changed = vote(carla, poll_post, azure).json()

    assert changed["my_votes"] == [azure]
    assert changed["total_votes"] == 1


def test_a_closed_poll_refuses_votes_and_shows_results_to_everyone(demo, poll_post):
    Poll.objects.filter(post_id=poll_post["id"]).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )

    assert (
        vote(signed_in(demo["carla"]), poll_post, poll_post["poll"]["options"][0]["id"]).status_code
        == 409
    )
    poll = signed_in(demo["ada"]).get(f"/api/v1/posts/{poll_post['id']}/").json()["poll"]
    assert (poll["closed"], poll["results_visible"]) == (True, True)


@pytest.mark.parametrize(
    ("poll", "field"),
    [
        ({"options": ["Only one"]}, "poll"),
        ({"options": ["A", "a"]}, "poll"),
        ({"options": ["A", "B"], "closes_at": "2000-01-01T00:00:00Z"}, "poll"),
        ({"options": ["A", "x" * 201]}, "poll"),
    ],
)
def test_bad_polls_are_field_level_400s(demo, poll, field):
    response = signed_in(demo["linus"]).post(
        posts_url(), {"body": "Q?", "poll": poll}, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_outsiders_cannot_vote_and_options_must_belong_to_the_poll(demo, poll_post):
    assert vote(signed_in(demo["otto"]), poll_post, 1).status_code == 404
    assert vote(signed_in(demo["carla"]), poll_post, 999999).status_code == 400
    assert (
        vote(
            signed_in(demo["margaret"]), poll_post, poll_post["poll"]["options"][0]["id"]
        ).status_code
        == 403
    )


def test_multiple_choice(demo):
    response = (
        signed_in(demo["linus"])
        .post(
            posts_url(),
            {
                "body": "Which?",
                "poll": {"options": ["A", "B", "C"], "multiple": True},
            },
            content_type="application/json",
        )
        .json()
    )
    a, b, _ = (o["id"] for o in response["poll"]["options"])

    body = vote(signed_in(demo["carla"]), response, a, b).json()

    assert sorted(body["my_votes"]) == sorted([a, b])
