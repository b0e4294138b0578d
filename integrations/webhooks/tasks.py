"""Thin Celery wrappers around the webhook sender (integrations/webhooks/delivery.py).

No retries here: a failed attempt is rescheduled in the database and the sweep
(Celery beat) sends it when it is due, hours later if need be, which no broker
message has to survive.
"""

from celery import shared_task
from django.db import close_old_connections

from integrations.webhooks import delivery


@shared_task(name="webhooks.send_queue", bind=True, acks_late=True, reject_on_worker_lost=True)
def send_queue_task(self, subscription_id: int) -> str:  # noqa: ANN001 -- Celery's bound task
    if not self.request.is_eager:
        close_old_connections()
    outcome = delivery.send_queue(subscription_id)
    if outcome == delivery.Outcome.MORE:
        delivery.dispatch_queues([subscription_id])
    return outcome


@shared_task(name="webhooks.send_one", bind=True, acks_late=True, reject_on_worker_lost=True)
def send_one_task(self, delivery_id: int) -> str:  # noqa: ANN001 -- Celery's bound task
    if not self.request.is_eager:
        close_old_connections()
    return delivery.send_one(delivery_id)


@shared_task(name="webhooks.sweep")
def sweep_task() -> int:
    return delivery.sweep()
