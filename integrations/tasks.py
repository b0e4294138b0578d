"""Celery tasks of the integrations app (thin wrappers)."""

from celery import shared_task

from integrations import idempotency


@shared_task(name="integrations.forget_idempotent_requests")
def forget_idempotent_requests() -> int:
    return idempotency.forget_old()
