"""Notification pages: the inbox, the nav badge, opening one, settings."""

import pytest

from network.models import Community, Notification, NotificationSettings
from network.services.conversations import comment_create
from network.services.posts import post_create
from tests.fixtures.personas import signed_in
from tests.network.notify import deliver_notifications


@pytest.fixture
def replied(demo):
    council = Community.objects.get(slug="customer-council")
    post = post_create(actor=demo["carla"], community=council, body="SSO?")
    comment_create(actor=demo["ada"], post=post, body="Yes, with <b>Okta</b>")
    comment_create(actor=demo["linus"], post=post, body="Docs are here")
    deliver_notifications()
    return post


def test_the_nav_shows_the_unread_count_and_the_inbox_lists_them(demo, replied):
    carla = signed_in(demo["carla"])
    page = carla.get("/notifications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-unread-count>2<" in html
    assert "Ada Lovelace commented on your post in Customer Council" in html
    assert "Yes, with &lt;b&gt;Okta&lt;/b&gt;" in html, "excerpts are text, escaped"
    assert "data-unread-count" not in signed_in(demo["otto"]).get("/").content.decode()


def test_opening_a_notification_marks_it_read_and_lands_on_the_comment(demo, replied):
    carla = signed_in(demo["carla"])
    notification = Notification.objects.filter(recipient=demo["carla"]).last()
    response = carla.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{replied.pk}/#comment-{notification.comment_id}"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "data-unread-count>1<" in carla.get("/notifications/").content.decode()


@pytest.mark.parametrize("who", ["ada", "linus", "margaret", "otto"])
def test_someone_elses_notification_page_is_not_found(demo, replied, who):
    notification = Notification.objects.filter(recipient=demo["carla"]).first()
    assert signed_in(demo[who]).get(f"/notifications/{notification.pk}/").status_code == 404


def test_mark_all_read(demo, replied):
    carla = signed_in(demo["carla"])
    response = carla.post("/notifications/read-all/", follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    unread = carla.get("/notifications/?show=unread").content.decode()
    assert "All caught up" in unread


def test_settings_page_saves_choices(demo):
    ada = signed_in(demo["ada"])
    assert ada.get("/settings/notifications/").status_code == 200
    response = ada.post("/settings/notifications/", {"email_mentions": "on"}, follow=True)
    assert "Saved your notification settings." in response.content.decode()
    saved = NotificationSettings.objects.get(user=demo["ada"])
    assert (saved.email_mentions, saved.email_digest, saved.notify_reactions) == (
        True,
        False,
        False,
    )


@pytest.mark.parametrize(
    "url", ["/notifications/", "/settings/notifications/", "/notifications/1/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
