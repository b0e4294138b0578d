"""The relay: hands each committed activity to its handlers, exactly once each.

Flow: activity_record() writes the activity and one Delivery per interested
handler in the caller's transaction; after commit, dispatch() enqueues one Celery
task per delivery. deliver() runs the handler and marks the delivery done in one
transaction, under a row lock, so a retried or duplicated task finds it done and
a worker killed mid-handler leaves it pending. sweep() (Celery beat) re-sends
every pending delivery whose lease ran out, so nothing waits forever on a lost
message or a broker that was down.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from activity import registry
from activity.models import Delivery

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    DELIVERED = "delivered"
    ALREADY_DONE = "already-done"
    MISSING = "missing"
    GAVE_UP = "gave-up"


class HandlerFailed(Exception):
    """The handler raised; the delivery stays pending and will be retried."""

    def __init__(self, delivery_id: int, attempts: int, retry_in: int) -> None:
        super().__init__(f"delivery {delivery_id} failed (attempt {attempts})")
        self.attempts = attempts
        self.retry_in = retry_in


def dispatch(delivery_ids: Iterable[int]) -> None:
    """Enqueue deliveries. Never raises: a broker outage is healed by the sweep."""
    from activity.tasks import deliver_task

    for delivery_id in delivery_ids:
        try:
            deliver_task.delay(delivery_id)
        except Exception:
            logger.warning(
                "could not enqueue delivery %s; the sweep will resend it",
                delivery_id,
                exc_info=True,
            )
            return


def retry_delay(attempts: int) -> int:
    """Exponential backoff in seconds, capped at ten minutes."""
    return min(settings.ACTIVITY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 600)


def deliver(delivery_id: int) -> Outcome:
    try:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(of=("self",))
                .select_related("activity")
                .get(pk=delivery_id)
            )
            if delivery.status != Delivery.Status.PENDING:
                return Outcome.ALREADY_DONE
            handler = registry.get_handler(delivery.handler)
            if handler is None:
                raise LookupError(f"no activity handler named {delivery.handler!r}")
            handler.func(delivery.activity)
            delivery.status = Delivery.Status.DONE
            delivery.done_at = timezone.now()
            delivery.attempts = F("attempts") + 1
            delivery.last_error = ""
            delivery.save(update_fields=["status", "done_at", "attempts", "last_error"])
            return Outcome.DELIVERED
    except Delivery.DoesNotExist:
        return Outcome.MISSING
    except Exception as error:
        attempts = _record_failure(delivery_id, error)
        if attempts >= settings.ACTIVITY_MAX_ATTEMPTS:
            logger.error("delivery %s gave up after %s attempts", delivery_id, attempts)
            return Outcome.GAVE_UP
        raise HandlerFailed(delivery_id, attempts, retry_delay(attempts)) from error


def _record_failure(delivery_id: int, error: Exception) -> int:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        delivery.due_at = (
            timezone.now()
            + timedelta(seconds=retry_delay(delivery.attempts))
            + settings.ACTIVITY_DELIVERY_LEASE
        )
        if delivery.attempts >= settings.ACTIVITY_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        delivery.save(update_fields=["attempts", "last_error", "due_at", "status"])
        return delivery.attempts


def sweep(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Re-send pending deliveries whose lease has run out; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due_ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.PENDING, due_at__lte=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=due_ids).update(
            due_at=now + settings.ACTIVITY_DELIVERY_LEASE
        )
    if due_ids:
        logger.info("sweep re-sends %s deliveries", len(due_ids))
        transaction.on_commit(lambda: dispatch(due_ids))
    return len(due_ids)


def requeue_failed(delivery_ids: Iterable[int]) -> int:
    """Give failed deliveries a fresh set of attempts (admin action)."""
    return Delivery.objects.filter(pk__in=list(delivery_ids), status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, due_at=timezone.now()
    )
