"""Reads: whose subscriptions a person may see, and their deliveries.

A person sees their own subscriptions; platform admins see everyone's. Anyone
else's look missing (404), as everywhere in Bridge.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from integrations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from network.access import NotFound
from network.models import User


def subscriptions_visible_to(user: User | AnonymousUser) -> QuerySet[WebhookSubscription]:
    if not (user.is_authenticated and user.is_active):
        return WebhookSubscription.objects.none()
    if user.is_platform_admin:
        return WebhookSubscription.objects.all()
    return WebhookSubscription.objects.filter(owner=user)


def access_subscription(user: User | AnonymousUser, subscription_id: int) -> WebhookSubscription:
    found = (
        subscriptions_visible_to(user)
        .select_related("owner", "community")
        .filter(pk=subscription_id)
        .first()
    )
    if found is None:
        raise NotFound("No such webhook.")
    return found


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """Newest first, each with its attempts (two queries a page)."""
    return WebhookDelivery.objects.filter(subscription=subscription).prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("id"))
    )


def access_delivery(subscription: WebhookSubscription, delivery_id: int) -> WebhookDelivery:
    found = deliveries_of(subscription).filter(pk=delivery_id).first()
    if found is None:
        raise NotFound("No such delivery.")
    return found
