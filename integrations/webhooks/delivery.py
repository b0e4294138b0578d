"""Sending deliveries: one at a time per subscription, oldest first, retried for a day.

A subscription's deliveries of activities form a queue, in the activities' order.
Only its head is sent; the next waits until the head is delivered, withheld or has
finally failed, so a receiver sees events in order. The sender holds the
subscription's row lock while it works (other senders skip it: ``skip_locked``), so
two workers never send for one subscription at once; the lock dies with a crashed
worker's connection.

A failed attempt reschedules the head ``retry_delay`` later; Celery beat's sweep
(every 15 s) hands subscriptions whose head is due to the workers. A day after its
first attempt the head gives up: it fails, the subscription is disabled and its
owner told (``webhook.disabled``). Pings and hand-made redeliveries are single
attempts outside the queue (``send_one``).

At-least-once: a crash between the receiver's answer and the commit sends the same
event again, with the same ``webhook-id``, which receivers use to drop duplicates.
"""

import json
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

import activity
from activity.models import Audience
from integrations.webhooks import signing, transport, visibility
from integrations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

State = WebhookDelivery.State
# Deliveries one task sends before handing over to a fresh task (others get a turn).
QUEUE_BATCH = 50
# A ping whose task was lost is sent by the sweep after this long.
LOST_PING_AFTER = timedelta(minutes=1)
JITTER = (0.8, 1.2)
_random = secrets.SystemRandom()


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRYING = "retrying"
    FAILED = "failed"
    WITHHELD = "withheld"
    WAITING = "waiting"  # the head is not due yet
    IDLE = "idle"  # nothing pending
    BUSY = "busy"  # another sender holds the subscription
    DISABLED = "disabled"
    MORE = "more"  # the batch is spent and more may be due


def retry_delay(attempts: int) -> timedelta:
    """How long after its ``attempts``-th failure a delivery is tried again: 30 s,
    1 min, 2 min, … doubling, each ±20 %."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=seconds * _random.uniform(*JITTER))


def next_attempt(delivery: WebhookDelivery, now: datetime) -> datetime | None:
    """When to try again after a failure at ``now``; None once the day is over. The
    last try is made at the end of the day, whatever the doubling says."""
    deadline = (delivery.first_attempt_at or now) + settings.WEBHOOK_RETRY_WINDOW
    if now >= deadline:
        return None
    return min(now + retry_delay(delivery.attempts), deadline)


# A queue's order: by activity, as recorded; deliveries the handler made for
# activities committed side by side come out in the activities' order.
QUEUE_ORDER = ("activity_id", "id")


def queue(subscription: WebhookSubscription):  # noqa: ANN201 -- QuerySet[WebhookDelivery]
    return WebhookDelivery.objects.filter(
        subscription=subscription, state=State.PENDING, activity__isnull=False
    ).order_by(*QUEUE_ORDER)


def send_queue(subscription_id: int) -> Outcome:
    """Send a subscription's due deliveries in order, until one fails or none is due."""
    for _ in range(QUEUE_BATCH):
        outcome = _send_head(subscription_id)
        if outcome not in (Outcome.DELIVERED, Outcome.WITHHELD):
            return outcome
    return Outcome.MORE


def _send_head(subscription_id: int) -> Outcome:
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("owner")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            exists = WebhookSubscription.objects.filter(pk=subscription_id).exists()
            return Outcome.BUSY if exists else Outcome.IDLE
        if not subscription.active:
            return Outcome.DISABLED
        head = (
            queue(subscription).select_for_update(of=("self",)).select_related("activity").first()
        )
        if head is None:
            return Outcome.IDLE
        if head.next_attempt_at > timezone.now():
            return Outcome.WAITING
        return _attempt(subscription, head, manual=False)


def send_one(delivery_id: int) -> Outcome:
    """One attempt now, outside the queue: a ping, or a redelivery asked for by hand.
    A failed one changes nothing of the queue's schedule, and disables nothing."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription__owner", "activity")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return Outcome.IDLE
        return _attempt(delivery.subscription, delivery, manual=True)


def _attempt(
    subscription: WebhookSubscription, delivery: WebhookDelivery, *, manual: bool
) -> Outcome:
    owner = subscription.owner
    if delivery.activity is not None and not visibility.still_visible(
        owner, delivery.activity, delivery.payload
    ):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=State.WITHHELD, last_error="Its owner may no longer see this event."
        )
        return Outcome.WITHHELD
    now = timezone.now()
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    headers = signing.signature_headers(
        event_id=str(delivery.event_id), body=body, at=now, secrets_=signing_secrets(subscription)
    )
    answer = transport.post(subscription.url, body=body.encode(), headers=headers)
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=now,
        duration_ms=answer.duration_ms,
        status_code=answer.status_code,
        error=answer.error[:500],
        response_excerpt=answer.excerpt[:1000],
        manual=manual,
    )
    delivery.attempts += 1
    delivery.first_attempt_at = delivery.first_attempt_at or now
    delivery.last_status_code = answer.status_code
    delivery.last_error = answer.error[:500]
    fields = ["attempts", "first_attempt_at", "last_status_code", "last_error"]
    if answer.succeeded:
        delivery.state, delivery.delivered_at = State.DELIVERED, now
        delivery.save(update_fields=[*fields, "state", "delivered_at"])
        return Outcome.DELIVERED
    if manual:
        if delivery.activity_id is None:  # a ping is tried once
            delivery.state = State.FAILED
            fields.append("state")
        delivery.save(update_fields=fields)
        return Outcome.FAILED
    retry_at = next_attempt(delivery, now)
    if retry_at is not None:
        delivery.next_attempt_at = retry_at
        delivery.save(update_fields=[*fields, "next_attempt_at"])
        return Outcome.RETRYING
    delivery.state = State.FAILED
    delivery.save(update_fields=[*fields, "state"])
    disable_for_failures(subscription, delivery)
    return Outcome.FAILED


def signing_secrets(subscription: WebhookSubscription) -> list[str]:
    """The current secret, and the previous one while it is being rotated out."""
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires is not None and expires > timezone.now():
        return [subscription.secret, subscription.previous_secret]
    return [subscription.secret]


def disable_for_failures(subscription: WebhookSubscription, failed: WebhookDelivery) -> None:
    """A delivery failed for a day: stop sending, and tell the owner (in the caller's
    transaction, so that the news and the change commit together)."""
    answer = f"HTTP {failed.last_status_code}" if failed.last_status_code else failed.last_error
    window = settings.WEBHOOK_RETRY_WINDOW
    hours = int(window.total_seconds() // 3600)
    reason = (
        f"Event {failed.event_id} ({failed.event_type}) could not be delivered in "
        f"{failed.attempts} attempts over {hours} hours; the last answer: {answer}"
    )[:500]
    now = timezone.now()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        active=False, disabled_at=now, disabled_reason=reason, updated_at=now
    )
    subscription.active, subscription.disabled_at = False, now
    subscription.disabled_reason = reason
    logger.warning("webhook %s disabled: %s", subscription.pk, reason)
    activity.record(
        verb="webhook.disabled",
        object_type="webhook_subscription",
        object_id=subscription.pk,
        audience=Audience.PERSONAL,
        payload={
            "notify": [subscription.owner_id],
            "reason": reason,
            "delivery_id": failed.pk,
            "automatic": True,
        },
    )


def due_work(now: datetime | None = None, limit: int = 1000) -> tuple[list[int], list[int]]:
    """What the sweep hands out: subscriptions whose queue's head is due, and pings
    whose message was lost."""
    now = now or timezone.now()
    head = (
        WebhookDelivery.objects.filter(
            subscription=OuterRef("subscription"), state=State.PENDING, activity__isnull=False
        )
        .order_by(*QUEUE_ORDER)
        .values("pk")[:1]
    )
    subscription_ids = list(
        WebhookDelivery.objects.filter(
            state=State.PENDING,
            activity__isnull=False,
            next_attempt_at__lte=now,
            subscription__active=True,
            pk=Subquery(head),
        )
        .order_by("next_attempt_at")
        .values_list("subscription_id", flat=True)[:limit]
    )
    ping_ids = list(
        WebhookDelivery.objects.filter(
            state=State.PENDING, activity__isnull=True, next_attempt_at__lte=now - LOST_PING_AFTER
        )
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    return subscription_ids, ping_ids


def sweep(now: datetime | None = None) -> int:
    """Celery beat's: hand out what is due (see ``due_work``). Returns how much."""
    subscription_ids, ping_ids = due_work(now)
    dispatch_queues(subscription_ids)
    dispatch_one(ping_ids)
    return len(subscription_ids) + len(ping_ids)


def dispatch_queues(subscription_ids: Iterable[int]) -> None:
    """Enqueue senders. Never raises: a broker outage is healed by the next sweep."""
    from integrations.webhooks.tasks import send_queue_task

    for subscription_id in subscription_ids:
        try:
            send_queue_task.delay(subscription_id)
        except Exception:
            logger.warning(
                "could not enqueue webhook %s; the sweep will", subscription_id, exc_info=True
            )
            return


def dispatch_one(delivery_ids: Iterable[int]) -> None:
    from integrations.webhooks.tasks import send_one_task

    for delivery_id in delivery_ids:
        try:
            send_one_task.delay(delivery_id)
        except Exception:
            logger.warning("could not enqueue webhook delivery %s", delivery_id, exc_info=True)
            return
