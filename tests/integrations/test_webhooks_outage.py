"""Webhook delivery survives the receiver being down for ten minutes: everything is
delivered after, in order per subscription, none twice. The clock is moved
(time-machine) and beat's sweep runs every 15 s as it would in production."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network.services.conversations import comment_create
from network.services.posts import post_create
from tests.fixtures.personas import community, council
from tests.integrations.webhooks import deliveries, subscribe

BEAT = timedelta(seconds=15)
CONTENT = ["post.created", "comment.created"]


def test_a_receiver_down_for_ten_minutes_gets_every_event_after_in_order(demo, receiver, beat):
    ada, carla, linus = demo["ada"], demo["carla"], demo["linus"]
    hooks = {
        "/ada": subscribe(ada, receiver, "/ada", CONTENT),
        "/carla": subscribe(carla, receiver, "/carla", CONTENT),
    }
    receiver.down()
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        # Ten minutes down, beat every 15 s; news every two minutes meanwhile.
        for tick in range(40):
            if tick % 8 == 0:
                post = post_create(actor=linus, community=council(), body=f"Council {tick}")
                comment_create(actor=ada, post=post, body=f"Reply {tick}")
                post_create(
                    actor=ada, community=community("product-council"), body=f"Internal {tick}"
                )
            beat()
            clock.shift(BEAT)
        assert receiver.received == []
        heads = WebhookDelivery.objects.filter(attempts__gt=0)
        assert heads.count() == 2, "only each queue's head was tried"

        receiver.up()
        came_back = timezone.now()
        for _ in range(4 * 30):  # at most thirty more minutes
            beat()
            if not WebhookDelivery.objects.filter(state="pending").exists():
                break
            clock.shift(BEAT)
        drained = timezone.now() - came_back

    assert drained <= timedelta(minutes=10), "the next retry is at most ~9 min after 10 down"
    assert receiver.refused_signatures == []
    for path, hook in hooks.items():
        owed = deliveries(hook)
        assert {made.state for made in owed} == {"delivered"}
        received = [got.event_id for got in receiver.events(path)]
        # What a receiver keeps after dropping ids it has seen: every event, in order.
        assert list(dict.fromkeys(received)) == [str(made.event_id) for made in owed]
        assert len(received) == len(owed), "and none was even sent twice"
        activity_ids = [got.event["data"]["activity"]["id"] for got in receiver.events(path)]
        assert activity_ids == sorted(activity_ids)
        assert WebhookSubscription.objects.get(pk=hook["id"]).active
    assert len(receiver.events("/ada")) == 15  # five council posts, replies and internal posts
    assert len(receiver.events("/carla")) == 10, "never the internal posts"
    assert all(
        got.event["data"]["community"]["name"] == "Customer Council"
        for got in receiver.events("/carla")
    )
