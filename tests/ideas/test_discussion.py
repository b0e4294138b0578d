"""Discussion under ideas: who may comment, mentions, deleting, hiding, and the
comment count kept exact through all of it."""

import pytest

from ideas.models import Idea, Participation
from network.models import Notification
from tests.fixtures.personas import signed_in
from tests.ideas.flow import an_idea, council_board, deliver_idea_notifications, race


def _comment(user, idea, body="Good one."):
    return signed_in(user).post(
        f"/api/v1/ideas/{idea.pk}/comments/", {"body": body}, content_type="application/json"
    )


def _count(idea) -> int:
    return Idea.objects.get(pk=idea.pk).comment_count


def _bodies(user, idea) -> list[str]:
    response = signed_in(user).get(f"/api/v1/ideas/{idea.pk}/comments/")
    assert response.status_code == 200, response.content
    return [comment["body"] for comment in response.json()["results"]]


def test_members_comment_and_markdown_is_sanitized(demo):
    idea = an_idea(council_board(demo["linus"]), demo["carla"])

    response = _comment(demo["ada"], idea, "**Yes** <script>alert(1)</script>")

    assert response.status_code == 201, response.content
    assert "<strong>Yes</strong>" in response.json()["body_html"]
    assert "<script>" not in response.json()["body_html"]
    assert _count(idea) == 1
    assert _bodies(demo["carla"], idea) == ["**Yes** <script>alert(1)</script>"]


def test_who_may_comment_follows_the_board_and_outsiders_get_404(demo):
    board = council_board(demo["linus"], who_may_comment=Participation.EMPLOYEES)
    idea = an_idea(board, demo["ada"])

    assert _comment(demo["carla"], idea).status_code == 403  # a customer, not an employee
    assert _comment(demo["ada"], idea).status_code == 201
    assert _comment(demo["otto"], idea).status_code == 404  # not in the community
    assert _comment(demo["grace"], idea).status_code == 404  # an employee, but private
    assert _comment(demo["ada"], idea, "   ").status_code == 400
    assert _count(idea) == 1


def test_comment_count_stays_exact_through_create_hide_unhide_delete(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    idea = an_idea(council_board(linus), carla)
    first = _comment(ada, idea, "First").json()["id"]
    second = _comment(carla, idea, "Second").json()["id"]
    assert _count(idea) == 2

    moderator = signed_in(linus)
    assert moderator.post(f"/api/v1/idea-comments/{first}/hide/").status_code == 200
    assert moderator.post(f"/api/v1/idea-comments/{first}/hide/").status_code == 200  # again
    assert _count(idea) == 1

    # Deleting a hidden comment does not count it a second time.
    assert signed_in(ada).delete(f"/api/v1/idea-comments/{first}/").status_code == 204
    assert _count(idea) == 1
    assert moderator.post(f"/api/v1/idea-comments/{first}/unhide/").status_code == 404  # gone

    assert moderator.post(f"/api/v1/idea-comments/{second}/hide/").status_code == 200
    assert _count(idea) == 0
    assert moderator.post(f"/api/v1/idea-comments/{second}/unhide/").status_code == 200
    assert moderator.post(f"/api/v1/idea-comments/{second}/unhide/").status_code == 200
    assert _count(idea) == 1
    assert signed_in(carla).delete(f"/api/v1/idea-comments/{second}/").status_code == 204
    assert signed_in(carla).delete(f"/api/v1/idea-comments/{second}/").status_code == 404
    assert _count(idea) == 0


def test_hidden_comments_are_seen_by_their_author_and_moderators_only(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    idea = an_idea(council_board(linus), carla)
    hidden = _comment(ada, idea, "Off topic").json()["id"]
    _comment(carla, idea, "On topic")

    # A participant may not hide; a moderator may.
    assert signed_in(carla).post(f"/api/v1/idea-comments/{hidden}/hide/").status_code == 403
    assert signed_in(linus).post(f"/api/v1/idea-comments/{hidden}/hide/").status_code == 200

    assert _bodies(carla, idea) == ["On topic"]
    assert _bodies(ada, idea) == ["Off topic", "On topic"]  # its author
    assert _bodies(linus, idea) == ["Off topic", "On topic"]  # the board's moderator
    assert _bodies(demo["margaret"], idea) == ["Off topic", "On topic"]  # platform admin
    # Hidden from carla means not found for her, like a comment that does not exist.
    assert signed_in(carla).delete(f"/api/v1/idea-comments/{hidden}/").status_code == 404


def test_only_its_author_deletes_a_comment(demo):
    idea = an_idea(council_board(demo["linus"]), demo["carla"])
    comment = _comment(demo["ada"], idea).json()["id"]

    assert signed_in(demo["carla"]).delete(f"/api/v1/idea-comments/{comment}/").status_code == 403
    assert signed_in(demo["linus"]).delete(f"/api/v1/idea-comments/{comment}/").status_code == 403
    assert _count(idea) == 1


def test_a_mention_in_a_comment_notifies_readers_only(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    idea = an_idea(council_board(linus), carla)

    # grace cannot read the Customer Council: her name stays plain text.
    response = _comment(ada, idea, "What do @carla and @grace think?")
    assert response.status_code == 201
    deliver_idea_notifications()

    told = Notification.objects.filter(activity__verb="idea.commented")
    assert [(n.recipient.username, n.reason) for n in told] == [("carla", "mention")]
    notice = signed_in(carla).get("/api/v1/notifications/").json()["results"][0]
    assert notice["text"] == "Ada Lovelace mentioned you in a comment on “Dark mode”"
    assert notice["excerpt"] == "What do @carla and @grace think?"
    assert notice["url"].endswith(f"/ideas/{idea.pk}/#comment-{response.json()['id']}")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_comments_hides_and_deletes_keep_the_count_exact(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    idea = an_idea(council_board(linus), carla)
    doomed = _comment(ada, idea, "To be hidden and deleted").json()["id"]
    moderator, author = signed_in(linus), signed_in(ada)

    statuses = race(
        [lambda: _comment(carla, idea).status_code] * 10
        + [lambda: moderator.post(f"/api/v1/idea-comments/{doomed}/hide/").status_code] * 5
        + [lambda: author.delete(f"/api/v1/idea-comments/{doomed}/").status_code] * 5
    )

    assert statuses[:10] == [201] * 10
    # Hiding a comment its author deleted meanwhile is a conflict, never a 500.
    assert set(statuses[10:15]) <= {200, 404, 409}
    assert set(statuses[15:]) <= {204, 404}
    assert _count(idea) == 10 == len(_bodies(carla, idea))
