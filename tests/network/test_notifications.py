"""Notifications: who is told what, trimmed by access, over the API and by email."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Notification, Reaction
from network.services.communities import community_create
from network.services.conversations import comment_create, reaction_toggle
from network.services.invitations import invitation_create
from network.services.memberships import (
    join_request_create,
    join_request_decide,
    membership_remove,
)
from network.services.moderation import moderation_decide, report_create
from network.services.posts import post_create
from tests.fixtures.personas import council, signed_in
from tests.network.notify import deliver_notifications


def inbox(user) -> list[dict]:
    response = signed_in(user).get("/api/v1/notifications/")
    assert response.status_code == 200
    return response.json()["results"]


def test_a_mention_notifies_and_emails_the_person_with_the_words(demo, mailoutbox):
    post_create(actor=demo["ada"], community=council(), body="@carla does SSO work for you?")
    deliver_notifications()

    [notice] = inbox(demo["carla"])
    assert notice["reason"] == "mention"
    assert notice["text"] == "Ada Lovelace mentioned you in Customer Council"
    assert "does SSO work" in notice["excerpt"]
    assert notice["unread"] is True
    [mail] = mailoutbox
    assert mail.to == [demo["carla"].email]
    assert "does SSO work for you?" in mail.body
    assert "/unsubscribe/" in mail.extra_headers["List-Unsubscribe"]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nobody_is_told_of_what_they_stopped_seeing_before_delivery(demo, mailoutbox):
    post_create(actor=demo["ada"], community=council(), body="@carla a question")
    membership_remove(actor=demo["linus"], community=council(), user=demo["carla"])
    deliver_notifications()

    assert inbox(demo["carla"]) == []
    assert mailoutbox == []


def test_old_notifications_vanish_with_access_to_their_community(demo):
    post_create(actor=demo["ada"], community=council(), body="@carla a question")
    deliver_notifications()
    assert len(inbox(demo["carla"])) == 1

    membership_remove(actor=demo["linus"], community=council(), user=demo["carla"])

    assert inbox(demo["carla"]) == []
    assert signed_in(demo["carla"]).get("/api/v1/notifications/unread-count/").json() == {
        "unread": 0
    }


def test_comments_reply_and_mention_reasons(demo):
    post = post_create(actor=demo["carla"], community=council(), body="SSO?")
    top = comment_create(actor=demo["ada"], post=post, body="Yes, since 2.1")
    comment_create(actor=demo["linus"], post=post, parent=top, body="And @ada wrote the docs")
    deliver_notifications()

    carla = {(n["reason"], n["text"]) for n in inbox(demo["carla"])}
    assert ("reply", "Ada Lovelace commented on your post in Customer Council") in carla
    assert ("reply", "Linus Torvalds commented on your post in Customer Council") in carla
    [ada] = inbox(demo["ada"])
    assert ada["reason"] == "mention", "a mention outranks a reply"
    assert ada["url"] == f"/posts/{post.pk}/#comment-{top.pk + 1}"


def test_reactions_notify_unless_the_author_turned_them_off(demo):
    post = post_create(actor=demo["carla"], community=council(), body="SSO?")
    reaction_toggle(actor=demo["ada"], post=post, kind="celebrate")
    deliver_notifications()
    [notice] = inbox(demo["carla"])
    assert notice["text"] == "Ada Lovelace reacted “Celebrate” to your post in Customer Council"

    carla = signed_in(demo["carla"])
    assert carla.patch(
        "/api/v1/me/notification-settings/",
        {"notify_reactions": False},
        content_type="application/json",
    ).json() == {"email_mentions": True, "email_digest": True, "notify_reactions": False}
    reaction_toggle(actor=demo["linus"], post=post, kind="like")
    deliver_notifications()
    assert len(inbox(demo["carla"])) == 1


def test_join_requests_reach_moderators_and_decisions_the_requester(demo):
    request = join_request_create(actor=demo["grace"], community=council(), message="Hi")
    deliver_notifications()
    [notice] = inbox(demo["linus"])  # the owner
    assert notice["text"] == "Grace Hopper asked to join Customer Council"
    assert inbox(demo["carla"]) == [], "members are not told"

    join_request_decide(actor=demo["linus"], request=request, approve=True)
    deliver_notifications()
    [decision] = inbox(demo["grace"])
    assert decision["text"] == "Your request to join Customer Council was approved"
    assert decision["url"] == f"/communities/{council().pk}/"


def test_an_invitation_to_an_existing_account_shows_in_its_inbox(demo):
    invitation_create(actor=demo["linus"], community=council(), email=demo["otto"].email.upper())
    deliver_notifications()
    [notice] = inbox(demo["otto"])
    assert notice["text"] == "Linus Torvalds invited you to join Customer Council"
    assert notice["url"].startswith("/invitations/")
    assert notice["excerpt"] == "", "nothing from inside the community"


def test_a_secret_community_is_not_revealed_by_a_notification(demo):
    secret = community_create(
        actor=demo["ada"], name="Skunkworks", audience="internal", visibility="secret"
    )
    post_create(actor=demo["ada"], community=secret, body="@linus @carla look")
    deliver_notifications()
    assert inbox(demo["linus"]) == [], "not a member: the mention was never resolved"
    assert not Notification.objects.filter(recipient=demo["carla"]).exists()


def test_handler_replays_tell_nobody_twice(demo):
    post = post_create(actor=demo["ada"], community=council(), body="@carla hi")
    deliver_notifications()
    from activity.models import Activity
    from network.services.notifications import notify_from_activity

    notify_from_activity(Activity.objects.get(verb="post.created", object_id=str(post.pk)))
    assert Notification.objects.filter(recipient=demo["carla"]).count() == 1


def test_mark_one_and_all_read(demo):
    post = post_create(actor=demo["carla"], community=council(), body="SSO?")
    comment_create(actor=demo["ada"], post=post, body="One")
    comment_create(actor=demo["linus"], post=post, body="Two")
    deliver_notifications()
    carla = signed_in(demo["carla"])
    first, _second = inbox(demo["carla"])

    assert carla.post(f"/api/v1/notifications/{first['id']}/read/").status_code == 204
    assert carla.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    assert [n["id"] for n in carla.get("/api/v1/notifications/?unread=true").json()["results"]]
    assert carla.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert carla.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}


@pytest.mark.parametrize("who", ["ada", "linus", "grace", "margaret", "pat", "otto"])
def test_someone_elses_notification_is_not_found(demo, who):
    post_create(actor=demo["ada"], community=council(), body="@carla hi")
    deliver_notifications()
    [notice] = inbox(demo["carla"])
    response = signed_in(demo[who]).post(f"/api/v1/notifications/{notice['id']}/read/")
    assert response.status_code == 404
    assert Notification.objects.get(pk=notice["id"]).read_at is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/notifications/",
        "/api/v1/notifications/unread-count/",
        "/api/v1/me/notification-settings/",
    ],
)
def test_anonymous_callers_get_nothing(client, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize(
    "payload",
    [{"email_digest": "perhaps"}, {"notify_reactions": [1]}, {"email_mentions": None}],
)
def test_bad_settings_are_a_field_level_400(demo, payload):
    response = signed_in(demo["ada"]).patch(
        "/api/v1/me/notification-settings/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(payload)


def test_the_inbox_costs_a_fixed_number_of_queries(demo):
    post = post_create(actor=demo["carla"], community=council(), body="SSO?")
    for n in range(12):
        comment_create(actor=demo["ada" if n % 2 else "linus"], post=post, body=f"c{n}")
        reaction_toggle(actor=demo["ada"], post=post, kind=Reaction.Kind.values[n % 5])
    deliver_notifications()
    total = Notification.objects.filter(recipient=demo["carla"]).count()
    assert total > 10
    carla = signed_in(demo["carla"])
    costs = {}
    for size in (1, 10, 50):
        with CaptureQueriesContext(connection) as queries:
            results = carla.get(f"/api/v1/notifications/?page_size={size}").json()["results"]
        assert len(results) == min(size, total)
        costs[size] = len(queries)
    # The session, the page, readable posts, readable comments (skipped when the
    # page has none): never one more per notification.
    assert costs[10] == costs[50] <= 4, costs
    assert costs[1] <= costs[10], costs


def test_moderation_tells_moderators_the_author_and_the_reporters(demo):
    post = post_create(actor=demo["ada"], community=council(), body="Buy cheap watches")
    report_create(actor=demo["carla"], post=post, reason="spam")
    deliver_notifications()
    [to_owner] = inbox(demo["linus"])
    assert to_owner["text"] == "Carla Customer reported content in Customer Council: spam"
    assert to_owner["url"] == f"/communities/{council().pk}/moderation/"
    assert to_owner["excerpt"] == "Buy cheap watches"
    assert inbox(demo["carla"]) == [], "the reporter is not told of her own report"

    moderation_decide(actor=demo["linus"], post=post, action="remove", reason="Advertising")
    deliver_notifications()
    [to_author] = inbox(demo["ada"])
    assert to_author["text"] == "Moderators removed your post in Customer Council: Advertising"
    assert to_author["url"] == f"/posts/{post.pk}/", "the author reads why on the post's page"
    [to_reporter] = inbox(demo["carla"])
    assert to_reporter["text"] == (
        "Moderators reviewed what you reported in Customer Council: removed"
    )
    assert "Advertising" not in str(to_reporter), "the reason is for the author"
    assert to_reporter["excerpt"] == ""


def test_a_hidden_comment_leaves_no_excerpt_for_members(demo):
    post = post_create(actor=demo["carla"], community=council(), body="SSO?")
    comment = comment_create(actor=demo["ada"], post=post, body="A rude answer")
    deliver_notifications()
    moderation_decide(actor=demo["linus"], post=post, comment=comment, action="hide", reason="")
    [notice] = inbox(demo["carla"])
    assert notice["excerpt"] == "SSO?", "her post, not the hidden comment"
    assert notice["url"] == f"/posts/{post.pk}/"
