"""Helpers for webhook tests: subscribing through the API, reading deliveries."""

from integrations.webhooks.models import WebhookDelivery
from network.models import User
from tests.fixtures.personas import signed_in
from tests.fixtures.webhooks import Receiver


def subscribe(
    owner: User,
    receiver: Receiver,
    path: str,
    verbs: list[str],
    community: int | None = None,
) -> dict:
    """A subscription made through the API; the receiver learns its secret."""
    response = signed_in(owner).post(
        "/api/v1/webhooks/",
        {"url": receiver.url(path), "verbs": verbs, "community": community},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    receiver.expect(path, created["secret"])
    return created


def deliveries(subscription: dict) -> list[WebhookDelivery]:
    """In the order they are owed in (their activities')."""
    made = WebhookDelivery.objects.filter(subscription_id=subscription["id"])
    return list(made.order_by("activity_id", "id"))
