"""Running the notification handler as the worker would, in the test's process."""

from activity import relay
from activity.models import Delivery


def deliver_notifications() -> None:
    for delivery in Delivery.objects.filter(handler="network.notify", status="pending"):
        relay.deliver(delivery.pk)
