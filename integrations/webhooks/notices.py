"""How the news that a webhook was disabled reads, in the inbox (network/inbox.py
asks) and in the email (integrations/webhooks/handlers.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from integrations.webhooks.models import WebhookSubscription
from network.models import Notification

DOCS_PATH = "/api/redoc/#tag/webhooks"


def subject(subscription: WebhookSubscription) -> str:
    return f"Your webhook to {urlsplit(subscription.url).hostname} was disabled"


def links(subscription: WebhookSubscription) -> dict[str, str]:
    site = settings.SITE_URL
    return {
        "enable_url": site + reverse("api-webhook-enable", args=[subscription.pk]),
        "deliveries_url": site + reverse("api-webhook-deliveries", args=[subscription.pk]),
        "docs_url": site + DOCS_PATH,
    }


def present(notifications: list[Notification]) -> dict[int, tuple[str, str, str]]:
    """(text, excerpt, url) by notification id, for those about webhooks. Only ever
    the recipient's own subscriptions (notify_disabled tells their owner)."""
    about = [n for n in notifications if n.reason == Notification.Reason.WEBHOOK]
    if not about:
        return {}
    subscriptions = WebhookSubscription.objects.in_bulk([int(n.activity.object_id) for n in about])
    shown = {}
    for notification in about:
        subscription = subscriptions.get(int(notification.activity.object_id))
        if subscription is None or subscription.owner_id != notification.recipient_id:
            text = "A webhook of yours was disabled, then deleted"
        else:
            text = subject(subscription)
        shown[notification.pk] = (text, notification.activity.payload.get("reason", ""), DOCS_PATH)
    return shown
