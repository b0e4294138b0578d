from celery import shared_task

from realtime.presence import forget_stale_connections


@shared_task(name="realtime.forget_stale_connections")
def forget_stale_connections_task() -> int:
    return forget_stale_connections()
