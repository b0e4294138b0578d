"""Notifications about ideas: stage moves and co-author invitations reach the
people concerned who may still read the idea, and read sensibly in the inbox."""

import pytest

from ideas.services.contributors import coauthor_invite
from ideas.services.stages import stage_move
from ideas.services.votes import vote_cast
from network.models import Notification
from network.services.memberships import membership_remove
from tests.fixtures.personas import community, signed_in
from tests.fixtures.services import wait_for
from tests.ideas.flow import an_idea, council_board, deliver_idea_notifications, stage


def _notices(user) -> list[dict]:
    response = signed_in(user).get("/api/v1/notifications/")
    assert response.status_code == 200
    return response.json()["results"]


def test_a_stage_move_notifies_voters_and_authors_with_a_link_to_the_idea(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, carla, title="Offline mode")
    vote_cast(actor=ada, idea=idea)

    stage_move(actor=linus, idea=idea, stage=stage(board, "Declined"), note="Not this year.")
    deliver_idea_notifications()
    deliver_idea_notifications()  # a replayed delivery tells nobody twice

    for person in (ada, carla):
        [notice] = _notices(person)
        assert notice["reason"] == "idea"
        assert notice["text"] == "Linus Torvalds moved “Offline mode” to Declined"
        assert notice["excerpt"] == "Not this year."
        assert notice["url"].endswith(f"/ideas/{idea.pk}/")
    assert _notices(linus) == []  # the actor is not told of their own move
    assert signed_in(carla).get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    page = signed_in(carla).get("/notifications/")
    assert "Linus Torvalds moved “Offline mode” to Declined" in page.content.decode()
    assert f'href="/notifications/{Notification.objects.get(recipient=carla).pk}/' in (
        page.content.decode()
    )


def test_a_customer_removed_before_delivery_is_never_notified(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, ada)
    vote_cast(actor=carla, idea=idea)
    stage_move(actor=linus, idea=idea, stage=stage(board, "Accepted"))  # carla is listed

    membership_remove(actor=linus, community=community("customer-council"), user=carla)
    deliver_idea_notifications()

    assert not Notification.objects.filter(recipient=carla).exists()
    assert Notification.objects.filter(recipient=ada, reason="idea").count() == 1


def test_a_notice_says_nothing_of_an_idea_its_reader_can_no_longer_read(demo):
    linus, carla = demo["linus"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, carla, title="Secret roadmap")
    stage_move(actor=linus, idea=idea, stage=stage(board, "Accepted"))
    deliver_idea_notifications()
    ada = demo["ada"]
    coauthor_invite(actor=carla, idea=idea, invitee=ada)
    deliver_idea_notifications()
    [invited] = _notices(ada)
    assert invited["text"] == "Carla Customer invited you to co-author “Secret roadmap”"

    membership_remove(actor=linus, community=community("customer-council"), user=ada)

    # ada, an employee, still knows the private community exists: nothing more.
    [notice] = _notices(ada)
    assert notice["text"] == "Something changed on an idea in Customer Council"
    assert notice["excerpt"] == ""
    assert notice["url"] == f"/communities/{community('customer-council').pk}/"


@pytest.mark.django_db(transaction=True)
def test_stage_move_notifications_arrive_through_the_relay_and_a_real_worker(demo, celery_worker):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, carla, title="Offline mode")
    vote_cast(actor=ada, idea=idea)

    stage_move(actor=linus, idea=idea, stage=stage(board, "Accepted"), note="Yes.")

    wait_for(
        lambda: Notification.objects.filter(activity__verb="idea.stage_changed").count() == 2,
        timeout=30,
        message="the worker to deliver the stage move's notifications",
    )
    told = Notification.objects.filter(activity__verb="idea.stage_changed")
    assert sorted(n.recipient.username for n in told) == ["ada", "carla"]
    assert _notices(carla)[0]["text"] == "Linus Torvalds moved “Offline mode” to Accepted"


def test_people_mentioned_in_an_idea_are_told(demo):
    ada, carla = demo["ada"], demo["carla"]
    board = council_board(demo["linus"])

    an_idea(board, ada, title="Shared inbox", body="Built with @carla in mind, and @otto.")
    deliver_idea_notifications()

    [notice] = _notices(carla)
    assert (notice["reason"], notice["text"]) == (
        "mention",
        "Ada Lovelace mentioned you in the idea “Shared inbox”",
    )
    assert notice["excerpt"] == "Built with @carla in mind, and @otto."
    assert _notices(demo["otto"]) == []  # not in the Customer Council
