"""Thin Celery wrappers for the network's scheduled work."""

from celery import shared_task
from django.db import close_old_connections

from network.emails import send_digest
from network.models import User
from network.services.notifications import digest_candidates


@shared_task(name="network.send_digests")
def send_digests_task() -> int:
    """Beat, daily: one task per person, so one slow mailbox delays nobody else."""
    people = digest_candidates()
    for user_id in people:
        send_digest_task.delay(user_id)
    return len(people)


@shared_task(name="network.send_digest", bind=True, acks_late=True)
def send_digest_task(self, user_id: int) -> bool:  # noqa: ANN001 -- Celery's bound task
    if not self.request.is_eager:
        close_old_connections()  # what Django does around a request
    user = User.objects.filter(pk=user_id).first()
    return user is not None and send_digest(user)
