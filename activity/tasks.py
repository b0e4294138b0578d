"""Thin Celery wrappers around the relay."""

from celery import shared_task
from django.db import close_old_connections

from activity import relay


@shared_task(
    name="activity.deliver", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def deliver_task(self, delivery_id: int) -> str:  # noqa: ANN001 -- Celery's bound task
    if not self.request.is_eager:
        # What Django does around a request; eager tasks run inside one already.
        close_old_connections()
    try:
        return relay.deliver(delivery_id)
    except relay.HandlerFailed as failure:
        if self.request.is_eager:
            # In the embedded default there is no broker to wait on; the failure
            # is recorded and `manage.py activity_sweep` (or the next start) resends.
            return "failed"
        raise self.retry(countdown=failure.retry_in) from failure


@shared_task(name="activity.sweep")
def sweep_task() -> int:
    return relay.sweep()
