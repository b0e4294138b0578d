"""Writes: subscribing, changing, rotating secrets, pausing and resuming, redelivering.

A person manages their own subscriptions. Platform admins see everyone's and may
disable or delete any (to stop one that misbehaves), but not change where it sends
or what, nor read a new secret: that stays with its owner (403 for them).
Every change is recorded as a personal activity (the audit trail); none carries the
secret.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from integrations.webhooks import delivery as sender
from integrations.webhooks import events, signing, transport
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network import access
from network.models import Community, User

State = WebhookDelivery.State
EDITABLE = ("url", "description", "verbs", "community")


@dataclass(frozen=True)
class WithSecret:
    subscription: WebhookSubscription
    secret: str


def _check_owner(actor: User, subscription: WebhookSubscription) -> None:
    if subscription.owner_id != actor.pk:
        raise PermissionDenied("Only its owner may do this to a webhook.")


def _check_owner_or_admin(actor: User, subscription: WebhookSubscription) -> None:
    if subscription.owner_id != actor.pk and not actor.is_platform_admin:
        raise PermissionDenied("Only its owner or a platform admin may do this to a webhook.")


def _record(actor: User | None, verb: str, subscription: WebhookSubscription, **extra: Any) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="webhook_subscription",
        object_id=subscription.pk,
        audience=Audience.PERSONAL,
        payload={"notify": [subscription.owner_id], **extra},
    )


def _clean_url(url: str) -> str:
    try:
        transport.check_url(url)
    except transport.UnsafeTarget as error:
        raise ValidationError({"url": [str(error)]}) from error
    return url


def _clean_verbs(verbs: list[str]) -> list[str]:
    if not verbs:
        raise ValidationError({"verbs": ["Name at least one event type."]})
    unknown = sorted(set(verbs) - set(events.EVENT_TYPES))
    if unknown:
        raise ValidationError(
            {"verbs": [f"Not an event type webhooks offer: {', '.join(unknown)}."]}
        )
    return [verb for verb in events.EVENT_TYPES if verb in set(verbs)]


def _clean_community(owner: User, community_id: int | None) -> Community | None:
    """Events come from the communities their owner is a member of (the stream's rule,
    visibility.py): a subscription may narrow to one of those."""
    if community_id is None:
        return None
    try:
        community = access.access_community(owner, community_id)
    except access.NotFound:
        raise ValidationError({"community": ["No such community."]}) from None
    if access.membership_of(owner, community) is None:
        raise ValidationError(
            {"community": ["Webhooks hear of the communities you are a member of: join it first."]}
        )
    return community


def subscription_create(
    *,
    actor: User,
    url: str,
    verbs: list[str],
    community_id: int | None = None,
    description: str = "",
) -> WithSecret:
    """A new subscription of ``actor``'s, and its secret (shown this once)."""
    cleaned = {
        "url": _clean_url(url),
        "verbs": _clean_verbs(verbs),
        "community": _clean_community(actor, community_id),
    }
    with transaction.atomic():
        # Counted under the owner's row lock: two requests at once cannot both pass.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if actor.webhook_subscriptions.count() >= settings.WEBHOOK_MAX_SUBSCRIPTIONS:
            raise Conflict(
                f"You have {settings.WEBHOOK_MAX_SUBSCRIPTIONS} webhooks, the most one may "
                "have: delete one first."
            )
        secret = signing.new_secret()
        subscription = WebhookSubscription.objects.create(
            owner=actor, description=description, secret=secret, **cleaned
        )
        _record(actor, "webhook.created", subscription)
    return WithSecret(subscription, secret)


def subscription_update(
    *, actor: User, subscription: WebhookSubscription, **changes: Any
) -> WebhookSubscription:
    """Change where it sends, what, or its description (``community_id`` for the
    community; None for every community)."""
    _check_owner(actor, subscription)
    if "url" in changes:
        subscription.url = _clean_url(changes["url"])
    if "verbs" in changes:
        subscription.verbs = _clean_verbs(changes["verbs"])
    if "community_id" in changes:
        subscription.community = _clean_community(actor, changes["community_id"])
    if "description" in changes:
        subscription.description = changes["description"]
    fields = sorted({name.removesuffix("_id") for name in changes} & set(EDITABLE))
    with transaction.atomic():
        subscription.updated_at = timezone.now()
        subscription.save(update_fields=[*fields, "updated_at"])
        _record(actor, "webhook.updated", subscription, fields=fields)
    return subscription


def subscription_delete(*, actor: User, subscription: WebhookSubscription) -> None:
    """Gone with its deliveries and their log; nothing more is sent."""
    _check_owner_or_admin(actor, subscription)
    with transaction.atomic():
        _record(actor, "webhook.deleted", subscription, url=subscription.url)
        subscription.delete()


def subscription_rotate_secret(*, actor: User, subscription: WebhookSubscription) -> WithSecret:
    """A new secret, shown this once. The old one also signs for
    WEBHOOK_PREVIOUS_SECRET_LIFETIME, so the receiver can switch without losing any."""
    _check_owner(actor, subscription)
    secret = signing.new_secret()
    with transaction.atomic():
        now = timezone.now()
        subscription.previous_secret = subscription.secret
        subscription.previous_secret_expires_at = now + settings.WEBHOOK_PREVIOUS_SECRET_LIFETIME
        subscription.secret = secret
        subscription.updated_at = now
        subscription.save(
            update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
        )
        _record(actor, "webhook.secret_rotated", subscription)
    return WithSecret(subscription, secret)


def subscription_enable(*, actor: User, subscription: WebhookSubscription) -> WebhookSubscription:
    """Resume: the deliveries still pending are sent, in order. One that finally failed
    stays failed (redeliver it by hand)."""
    _check_owner(actor, subscription)
    if subscription.active:
        return subscription
    with transaction.atomic():
        subscription.active, subscription.disabled_at, subscription.disabled_reason = True, None, ""
        subscription.updated_at = timezone.now()
        subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
        _record(actor, "webhook.enabled", subscription)
        transaction.on_commit(lambda: sender.dispatch_queues([subscription.pk]), robust=True)
    return subscription


def subscription_disable(*, actor: User, subscription: WebhookSubscription) -> WebhookSubscription:
    """Pause by hand: nothing is sent, nor recorded for it, until it is enabled."""
    _check_owner_or_admin(actor, subscription)
    if not subscription.active:
        return subscription
    with transaction.atomic():
        now = timezone.now()
        who = "its owner" if actor.pk == subscription.owner_id else "a platform admin"
        subscription.active, subscription.disabled_at = False, now
        subscription.disabled_reason = f"Disabled by {who}."
        subscription.updated_at = now
        subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
        _record(actor, "webhook.disabled", subscription, reason=subscription.disabled_reason)
    return subscription


def delivery_redeliver(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event again now (same ``webhook-id``, same payload), once, outside
    the queue. Whether it may still be seen is checked again before it goes."""
    _check_owner(actor, delivery.subscription)
    transaction.on_commit(lambda: sender.dispatch_one([delivery.pk]), robust=True)
    return delivery


def subscription_ping(*, actor: User, subscription: WebhookSubscription) -> WebhookDelivery:
    """A ``webhook.ping`` event, sent once, now, even to a disabled subscription."""
    _check_owner(actor, subscription)
    now = timezone.now()
    ping = WebhookDelivery.objects.create(
        subscription=subscription,
        event_type=events.PING,
        payload={
            "type": events.PING,
            "timestamp": now.isoformat(),
            "data": {"subscription_id": subscription.pk},
        },
        next_attempt_at=now,
    )
    transaction.on_commit(lambda: sender.dispatch_one([ping.pk]), robust=True)
    return ping
