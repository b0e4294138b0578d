"""Marking a comment helpful: the post's author or a moderator, never one's own
comment; the API (PUT/DELETE) and the post's page; the author is told; every reader
sees the badge."""

import pytest
from django.db import transaction
from django.utils import timezone

from activity import relay
from activity.models import Activity, Delivery
from network.models import Comment, Community, Notification
from network.services.conversations import comment_create
from network.services.posts import post_create
from tests.fixtures.personas import EVERYONE, client_for, community, signed_in


def _comment_on_carlas_post(demo, by="ada") -> Comment:
    """In the Customer Council (linus owns; ada, carla members): carla asks, `by` answers."""
    post = post_create(actor=demo["carla"], community=community("customer-council"), body="How?")
    return comment_create(actor=demo[by], post=post, body="Like this.")


def _url(comment: Comment) -> str:
    return f"/api/v1/comments/{comment.pk}/helpful/"


# Carla wrote the post, linus owns the community, margaret administers the platform;
# ada wrote the comment; grace sees that the council exists but not its posts.
MARKS = {
    "anonymous": 401,
    "ada": 403,
    "linus": 200,
    "grace": 404,
    "margaret": 200,
    "pat": 404,
    "carla": 200,
    "otto": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_mark_and_unmark_through_the_api(demo, who):
    comment = _comment_on_carlas_post(demo)
    client = client_for(demo, who)

    marked = client.put(_url(comment))
    assert marked.status_code == MARKS[who], marked.content
    comment.refresh_from_db()
    assert (comment.helpful_at is not None) == (MARKS[who] == 200)
    if MARKS[who] == 200:
        assert marked.json()["helpful_at"] is not None
        assert comment.helpful_by == demo[who]
    unmarked = client.delete(_url(comment))
    assert unmarked.status_code == MARKS[who]
    comment.refresh_from_db()
    assert comment.helpful_at is None


@pytest.mark.django_db
def test_a_member_who_neither_asked_nor_moderates_may_not_mark(demo):
    comment = _comment_on_carlas_post(demo, by="linus")

    response = signed_in(demo["ada"]).put(_url(comment))

    assert response.status_code == 403
    assert "author or a moderator" in response.json()["detail"]


@pytest.mark.django_db
def test_marking_twice_is_one_mark_and_the_author_is_told_once(demo):
    comment = _comment_on_carlas_post(demo)
    carla = signed_in(demo["carla"])

    assert carla.put(_url(comment)).status_code == 200
    assert carla.put(_url(comment)).status_code == 200
    for delivery in Delivery.objects.filter(handler="network.notify", status="pending"):
        relay.deliver(delivery.pk)

    marks = Activity.objects.filter(verb="comment.marked_helpful")
    assert [(a.actor, a.payload["comment_author_id"]) for a in marks] == [
        (demo["carla"], demo["ada"].pk)
    ]
    told = Notification.objects.filter(recipient=demo["ada"], reason="helpful")
    assert [(n.comment_id, n.actor) for n in told] == [(comment.pk, demo["carla"])]
    threads = signed_in(demo["linus"]).get(f"/api/v1/posts/{comment.post_id}/comments/")
    assert [t["helpful_at"] is not None for t in threads.json()["results"]] == [True]
    inbox = signed_in(demo["ada"]).get("/notifications/").content.decode()
    assert "Carla Customer marked your comment helpful in Customer Council" in inbox


@pytest.mark.django_db
def test_unmarking_records_its_own_activity_and_tells_nobody(demo):
    comment = _comment_on_carlas_post(demo)
    carla = signed_in(demo["carla"])
    carla.put(_url(comment))

    assert carla.delete(_url(comment)).status_code == 200

    unmark = Activity.objects.get(verb="comment.unmarked_helpful")
    assert unmark.payload["notify"] == []


@pytest.mark.django_db
def test_an_archived_community_keeps_its_marks_as_they_are(demo):
    comment = _comment_on_carlas_post(demo)
    Community.objects.filter(slug="customer-council").update(archived_at=timezone.now())

    response = signed_in(demo["carla"]).put(_url(comment))

    assert response.status_code == 409
    comment.refresh_from_db()
    assert comment.helpful_at is None


@pytest.mark.django_db
def test_the_page_shows_the_button_to_who_may_mark_and_the_badge_to_every_reader(demo):
    comment = _comment_on_carlas_post(demo)
    page = f"/posts/{comment.post_id}/"
    button = f'action="/comments/{comment.pk}/helpful/"'

    assert button in signed_in(demo["carla"]).get(page).content.decode()
    assert button in signed_in(demo["linus"]).get(page).content.decode()
    assert button not in signed_in(demo["ada"]).get(page).content.decode(), "own comment"

    response = signed_in(demo["carla"]).post(
        f"/comments/{comment.pk}/helpful/", {"helpful": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "data-helpful" in fragment and "Not helpful after all" in fragment

    for reader in ("ada", "linus", "carla", "margaret"):
        assert "data-helpful" in signed_in(demo[reader]).get(page).content.decode(), reader

    back = signed_in(demo["carla"]).post(f"/comments/{comment.pk}/helpful/", {"helpful": "0"})
    assert back.status_code == 302
    assert back["Location"].endswith(f"/posts/{comment.post_id}/#comment-{comment.pk}")
    assert "data-helpful" not in signed_in(demo["ada"]).get(page).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("ada", 403), ("grace", 404), ("pat", 404)])
def test_the_page_refuses_who_may_not_mark(demo, who, expected):
    comment = _comment_on_carlas_post(demo)

    with transaction.atomic():
        response = signed_in(demo[who]).post(f"/comments/{comment.pk}/helpful/", {"helpful": "1"})

    assert response.status_code == expected
    comment.refresh_from_db()
    assert comment.helpful_at is None
