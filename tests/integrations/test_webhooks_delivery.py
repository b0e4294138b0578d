"""Webhook deliveries to a real HTTP receiver: signed, in order, retried with backoff,
redelivered by hand, and a subscription that keeps failing disabled with its owner
told. The activity handler and beat's sweep run in the test's process."""

from datetime import timedelta
from itertools import pairwise

import time_machine
from django.utils import timezone

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network.services.posts import post_create
from tests.fixtures.personas import council, signed_in
from tests.integrations.webhooks import deliveries, subscribe

State = WebhookDelivery.State


def test_an_event_arrives_signed_with_its_id_and_the_payload_its_owner_may_see(
    demo, receiver, beat
):
    hook = subscribe(demo["carla"], receiver, "/carla", ["post.created"])

    post = post_create(actor=demo["linus"], community=council(), body="Roadmap **Q3** is out")
    beat()

    [got] = receiver.events("/carla")
    assert got.verified
    [made] = deliveries(hook)
    assert got.event_id == str(made.event_id)
    assert got.headers["content-type"] == "application/json"
    assert got.headers["webhook-signature"].startswith("v1,")
    event = got.event
    assert event["type"] == "post.created"
    assert event["data"]["activity"]["object_id"] == str(post.pk)
    assert event["data"]["activity"]["actor"] == {"id": demo["linus"].pk, "name": "Linus Torvalds"}
    assert event["data"]["community"] == {"id": council().pk, "name": "Customer Council"}
    assert event["data"]["object"]["excerpt"] == "Roadmap **Q3** is out"
    assert event["data"]["object"]["url"].endswith(f"/posts/{post.pk}/")
    made.refresh_from_db()
    assert made.state == State.DELIVERED
    [attempt] = made.attempt_log.all()
    assert attempt.status_code == 200
    assert attempt.response_excerpt == "ok"
    assert not attempt.manual


def test_a_failing_receiver_is_retried_with_exponential_backoff(demo, receiver, beat):
    hook = subscribe(demo["carla"], receiver, "/carla", ["post.created"])
    receiver.status = 503
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        post_create(actor=demo["linus"], community=council(), body="Is anyone there?")
        for _ in range(4 * 60 * 8):  # beat every 15 s for eight hours
            beat()
            clock.shift(timedelta(seconds=15))

    [made] = deliveries(hook)
    times = [attempt.started_at for attempt in made.attempt_log.all()]
    gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(times)]
    # 30 s, 1, 2, 4, 8, 16, 32, 64, 128 min, 256 min … each ±20 %, and beat's 15 s.
    assert len(gaps) >= 9
    for number, gap in enumerate(gaps[:9], start=1):
        wanted = 30 * 2 ** (number - 1)
        assert wanted * 0.8 <= gap <= wanted * 1.2 + 15, (number, gaps)
    assert {attempt.status_code for attempt in made.attempt_log.all()} == {503}
    made.refresh_from_db()
    assert made.state == State.PENDING
    assert made.last_status_code == 503
    assert WebhookSubscription.objects.get(pk=hook["id"]).active, "not a day yet"


def test_a_day_of_failures_disables_the_subscription_and_tells_its_owner(
    demo, receiver, beat, mailoutbox
):
    carla = demo["carla"]
    hook = subscribe(carla, receiver, "/carla", ["post.created"])
    receiver.down()

    with time_machine.travel(timezone.now(), tick=False) as clock:
        post_create(actor=demo["linus"], community=council(), body="First")
        post_create(actor=demo["linus"], community=council(), body="Second")
        for _ in range(25 * 12):  # beat every five minutes for 25 hours
            beat()
            clock.shift(timedelta(minutes=5))

    first, second = deliveries(hook)
    assert first.state == State.FAILED
    assert 10 <= first.attempts <= 14
    span = first.attempt_log.last().started_at - first.attempt_log.first().started_at
    assert timedelta(hours=24) <= span <= timedelta(hours=24, minutes=5)
    assert {attempt.error for attempt in first.attempt_log.all()} == {"Could not connect."}
    assert (second.state, second.attempts) == (State.PENDING, 0), "it waits its turn"
    subscription = WebhookSubscription.objects.get(pk=hook["id"])
    assert not subscription.active
    assert "could not be delivered in" in subscription.disabled_reason
    assert "over 24 hours" in subscription.disabled_reason

    [notice] = signed_in(carla).get("/api/v1/notifications/").json()["results"]
    assert notice["reason"] == "webhook"
    assert notice["text"] == "Your webhook to 127.0.0.1 was disabled"
    assert notice["excerpt"] == subscription.disabled_reason
    [mail] = mailoutbox
    assert mail.to == [carla.email]
    assert mail.subject == "Your webhook to 127.0.0.1 was disabled"
    assert receiver.url("/carla") in mail.body
    assert subscription.disabled_reason in mail.body
    assert f"/api/v1/webhooks/{hook['id']}/enable/" in mail.body


def test_enabling_resumes_in_order_and_what_came_meanwhile_is_not_recorded(demo, receiver, beat):
    carla = demo["carla"]
    hook = subscribe(carla, receiver, "/carla", ["post.created"])
    receiver.down()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for body in ("One", "Two", "Three"):
            post_create(actor=demo["linus"], community=council(), body=body)
        for _ in range(25 * 12):
            beat()
            clock.shift(timedelta(minutes=5))
        post_create(actor=demo["linus"], community=council(), body="While disabled")
        beat()
    assert [made.state for made in deliveries(hook)] == ["failed", "pending", "pending"]

    receiver.up()
    response = signed_in(carla).post(f"/api/v1/webhooks/{hook['id']}/enable/")
    assert response.status_code == 200
    assert response.json()["active"] is True
    beat()

    assert [got.event["data"]["object"]["excerpt"] for got in receiver.events("/carla")] == [
        "Two",
        "Three",
    ]
    assert [made.state for made in deliveries(hook)] == ["failed", "delivered", "delivered"]


def test_redelivering_sends_the_same_event_again_by_hand(
    demo, receiver, beat, django_capture_on_commit_callbacks
):
    carla = demo["carla"]
    hook = subscribe(carla, receiver, "/carla", ["post.created"])
    post_create(actor=demo["linus"], community=council(), body="Once more, please")
    beat()
    [made] = deliveries(hook)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(carla).post(
            f"/api/v1/webhooks/{hook['id']}/deliveries/{made.pk}/redeliver/"
        )

    assert response.status_code == 202
    first, again = receiver.events("/carla")
    assert again.event_id == first.event_id == str(made.event_id)
    assert again.body == first.body
    assert [attempt.manual for attempt in made.attempt_log.all()] == [False, True]
    listed = signed_in(carla).get(f"/api/v1/webhooks/{hook['id']}/deliveries/").json()
    [shown] = listed["results"]
    assert shown["state"] == "delivered"
    assert [attempt["status_code"] for attempt in shown["attempts"]] == [200, 200]


def test_a_ping_is_sent_at_once_and_tried_once(
    demo, receiver, beat, django_capture_on_commit_callbacks
):
    carla = demo["carla"]
    hook = subscribe(carla, receiver, "/carla", ["post.created"])

    with django_capture_on_commit_callbacks(execute=True):
        answered = signed_in(carla).post(f"/api/v1/webhooks/{hook['id']}/ping/")
    receiver.down()
    with django_capture_on_commit_callbacks(execute=True):
        unanswered = signed_in(carla).post(f"/api/v1/webhooks/{hook['id']}/ping/")

    assert answered.status_code == unanswered.status_code == 202
    [got] = receiver.events("/carla")
    assert got.event == {
        "type": "webhook.ping",
        "timestamp": got.event["timestamp"],
        "data": {"subscription_id": hook["id"]},
    }
    assert got.event_id == answered.json()["event_id"]
    pinged = WebhookDelivery.objects.get(pk=unanswered.json()["id"])
    assert (pinged.state, pinged.attempts, pinged.last_error) == (
        State.FAILED,
        1,
        "Could not connect.",
    )
    assert WebhookSubscription.objects.get(pk=hook["id"]).active, "a ping disables nothing"


def test_after_a_rotation_both_secrets_sign_for_a_day(demo, receiver, beat):
    carla = demo["carla"]
    hook = subscribe(carla, receiver, "/carla", ["post.created"])
    old = hook["secret"]
    rotated = signed_in(carla).post(f"/api/v1/webhooks/{hook['id']}/rotate-secret/").json()
    receiver.expect("/carla", rotated["secret"])
    assert rotated["secret"] != old

    post_create(actor=demo["linus"], community=council(), body="Signed twice")
    beat()
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        post_create(actor=demo["linus"], community=council(), body="Signed once")
        beat()

        twice, once = receiver.events("/carla")
        assert len(twice.headers["webhook-signature"].split()) == 2
        assert len(once.headers["webhook-signature"].split()) == 1
        assert not receiver.verify(old, once.headers, once.body)
    with time_machine.travel(int(twice.headers["webhook-timestamp"]), tick=False):
        assert receiver.verify(old, twice.headers, twice.body), "the old secret still works"
