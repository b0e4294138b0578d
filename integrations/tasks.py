"""Celery tasks of the integrations app (thin wrappers)."""

from celery import shared_task

from integrations import idempotency

# The webhooks' tasks live with their subsystem; imported here, where Celery looks.
from integrations.webhooks.tasks import send_one_task, send_queue_task, sweep_task

__all__ = ["forget_idempotent_requests", "send_one_task", "send_queue_task", "sweep_task"]


@shared_task(name="integrations.forget_idempotent_requests")
def forget_idempotent_requests() -> int:
    return idempotency.forget_old()
