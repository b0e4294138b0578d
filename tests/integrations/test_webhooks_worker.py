"""Webhooks through the real stack: a Celery worker on Redis and PostgreSQL runs the
activity handler after commit and sends, signed, to the receiver; senders racing for
one subscription send each event once."""

from activity.models import Delivery
from integrations.webhooks import delivery as sender
from integrations.webhooks.models import WebhookDelivery
from network.services.posts import post_create
from tests.fixtures.personas import council
from tests.fixtures.services import wait_for
from tests.integrations.webhooks import deliveries, subscribe


def settled() -> bool:
    """Nothing left for the worker: no table is flushed under a running task."""
    return not (
        Delivery.objects.filter(status="pending").exists()
        or WebhookDelivery.objects.filter(state="pending").exists()
    )


def test_a_committed_post_reaches_the_receiver_through_a_worker(persona, celery_worker, receiver):
    carla, linus = persona("carla"), persona("linus")
    hook = subscribe(carla, receiver, "/carla", ["post.created"])

    post = post_create(actor=linus, community=council(), body="Through the whole stack")

    wait_for(lambda: receiver.events("/carla"), timeout=30, message="the webhook")
    [got] = receiver.events("/carla")
    assert got.verified
    assert got.event["data"]["object"]["id"] == post.pk
    wait_for(settled, timeout=30, message="the worker to settle")
    [made] = deliveries(hook)
    assert (made.state, made.attempts, str(made.event_id)) == ("delivered", 1, got.event_id)


def test_senders_racing_for_a_subscription_send_each_event_once_in_order(
    persona, celery_worker, receiver
):
    carla, linus = persona("carla"), persona("linus")
    hook = subscribe(carla, receiver, "/carla", ["post.created"])
    for number in range(8):
        post_create(actor=linus, community=council(), body=f"Post {number}")
        sender.dispatch_queues([hook["id"]] * 3)  # duplicate messages, as after a redelivery

    wait_for(settled, timeout=60, message="every event delivered")
    received = [got.event_id for got in receiver.events("/carla")]
    assert len(received) == len(set(received)) == 8, "each once, whatever the duplicates"
    assert set(received) == {str(made.event_id) for made in deliveries(hook)}
    assert {made.attempts for made in deliveries(hook)} == {1}
