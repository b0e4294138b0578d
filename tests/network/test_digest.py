"""The daily digest and one-click unsubscribe: what missed people get by email."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from network.emails import UNSUBSCRIBE_SALT, send_digest, unsubscribe_token
from network.models import NotificationSettings, Post
from network.services.conversations import comment_create, reaction_toggle
from network.services.posts import post_create
from network.tasks import send_digests_task
from tests.fixtures.personas import community, signed_in
from tests.network.notify import deliver_notifications


@pytest.fixture
def busy_day(demo):
    """Carla gets a reply; the internal engineering community has a hot post."""
    mine = post_create(actor=demo["carla"], community=community("customer-council"), body="SSO?")
    comment_create(actor=demo["ada"], post=mine, body="Yes, with Okta")
    popular = post_create(
        actor=demo["linus"], community=community("customer-council"), body="Roadmap is out"
    )
    reaction_toggle(actor=demo["ada"], post=popular, kind="like")
    internal = post_create(
        actor=demo["ada"], community=community("engineering"), body="Internal: layoffs plan"
    )
    for who in ("linus", "grace"):
        reaction_toggle(actor=demo[who], post=internal, kind="like")
    deliver_notifications()
    return demo


def test_the_digest_holds_what_the_person_missed_and_nothing_hidden(busy_day, mailoutbox):
    carla = busy_day["carla"]

    assert send_digest(carla) is True

    [mail] = mailoutbox
    assert mail.to == [carla.email]
    assert "Ada Lovelace commented on your post in Customer Council" in mail.body
    assert "Yes, with Okta" in mail.body
    assert "Roadmap is out" in mail.body, "popular in her community"
    assert "layoffs" not in mail.body, "an internal post never reaches a customer"
    assert "/unsubscribe/" in mail.extra_headers["List-Unsubscribe"]


def test_an_employee_digest_has_internal_posts_of_their_communities(busy_day, mailoutbox):
    assert send_digest(busy_day["linus"]) is True
    assert "layoffs" in mailoutbox[0].body


def test_one_digest_a_day_however_often_it_is_asked_for(busy_day, mailoutbox):
    carla = busy_day["carla"]
    assert send_digest(carla) is True
    assert send_digest(carla) is False
    # A day passes with nothing new: what the first digest told is older than it.
    day_ago = timezone.now() - timedelta(hours=21)
    Post.objects.update(created_at=day_ago - timedelta(hours=1))
    NotificationSettings.objects.filter(user=carla).update(last_digest_at=day_ago)
    assert send_digest(carla) is False, "nothing new since the last one: no email"
    assert len(mailoutbox) == 1

    comment_create(actor=busy_day["ada"], post=Post.objects.get(body="SSO?"), body="Also SAML")
    deliver_notifications()
    assert send_digest(carla) is True
    assert "Also SAML" in mailoutbox[1].body
    assert "Yes, with Okta" not in mailoutbox[1].body, "told once"


def test_people_who_opted_out_get_no_digest(busy_day, mailoutbox):
    NotificationSettings.objects.create(user=busy_day["carla"], email_digest=False)
    assert send_digest(busy_day["carla"]) is False
    assert mailoutbox == []


def test_beat_task_sends_one_digest_per_person_with_news(busy_day, mailoutbox, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from bridge.celery import app

    app.conf.task_always_eager = True
    try:
        send_digests_task.delay()
    finally:
        app.conf.task_always_eager = False
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert busy_day["carla"].email in recipients
    assert busy_day["otto"].email not in recipients, "nothing happened in his community"
    assert len(recipients) == len(set(recipients))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("mentions", {"email_mentions": False, "email_digest": True}),
        ("digest", {"email_mentions": True, "email_digest": False}),
        ("all", {"email_mentions": False, "email_digest": False}),
    ],
)
def test_one_click_unsubscribe_without_signing_in(demo, kind, expected):
    carla = demo["carla"]
    url = f"/unsubscribe/{unsubscribe_token(carla, kind)}/"
    anonymous = Client(enforce_csrf_checks=True)

    page = anonymous.get(url)
    assert page.status_code == 200
    assert b"Unsubscribe" in page.content
    assert not NotificationSettings.objects.filter(user=carla).exists(), "a GET changes nothing"

    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert b"You are unsubscribed" in done.content
    saved = NotificationSettings.objects.get(user=carla)
    assert {"email_mentions": saved.email_mentions, "email_digest": saved.email_digest} == expected


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a" * 500,
        signing.dumps({"u": 1, "k": "all"}, salt="another.purpose"),
        signing.dumps({"u": 1, "k": "everything"}, salt=UNSUBSCRIBE_SALT),
        signing.dumps([1, "all"], salt=UNSUBSCRIBE_SALT),
    ],
)
def test_a_forged_unsubscribe_link_is_not_found(db, token):
    assert Client().post(f"/unsubscribe/{token}/").status_code == 404


def test_mention_emails_respect_the_setting(demo, mailoutbox):
    signed_in(demo["carla"]).patch(
        "/api/v1/me/notification-settings/",
        {"email_mentions": False},
        content_type="application/json",
    )
    post_create(actor=demo["ada"], community=community("customer-council"), body="@carla hi")
    deliver_notifications()
    assert mailoutbox == []
    assert signed_in(demo["carla"]).get("/api/v1/notifications/unread-count/").json() == {
        "unread": 1
    }
