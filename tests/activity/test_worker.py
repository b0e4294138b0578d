"""The relay with a real Celery worker on the Redis broker and PostgreSQL."""

from datetime import timedelta

from django.utils import timezone

from activity import relay
from activity.models import Delivery
from bridge.celery import app
from tests.activity.helpers import probe_delivery, record_probe
from tests.fixtures.services import wait_for
from tests.probe.models import ProbeEffect


def _done(delivery: Delivery) -> bool:
    delivery.refresh_from_db()
    return delivery.status == Delivery.Status.DONE


def test_committed_activity_reaches_its_handler(celery_worker):
    touched = record_probe()

    wait_for(lambda: _done(probe_delivery(touched)), message="the probe delivery")
    assert ProbeEffect.objects.filter(activity_id=touched.pk).count() == 1
    wait_for(
        lambda: _done(touched.deliveries.get(handler="realtime.push")),
        message="the realtime push delivery",
    )


def test_a_failing_handler_is_retried_and_nothing_is_lost(celery_worker):
    touched = record_probe(fail_times=2)
    delivery = probe_delivery(touched)

    wait_for(lambda: _done(delivery), message="the retried delivery")
    assert delivery.attempts == 3
    assert delivery.last_error == ""
    assert ProbeEffect.objects.filter(activity_id=touched.pk).count() == 1


def test_a_worker_killed_mid_task_leads_to_exactly_one_effect(worker_factory, tmp_path):
    marker = tmp_path / "stalled"
    first = worker_factory()
    touched = record_probe(stall_marker=str(marker), stall_seconds=120)
    delivery = probe_delivery(touched)

    # The handler has written its effect and is sleeping inside its transaction.
    wait_for(marker.exists, message="the handler to stall mid-task")
    first.kill()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert ProbeEffect.objects.count() == 0, "the killed task's transaction was rolled back"

    # A new worker and the periodic sweep (run here as beat would, once the lease is over).
    worker_factory()
    resent = relay.sweep(now=timezone.now() + timedelta(minutes=6))
    assert resent >= 1
    wait_for(lambda: _done(delivery), message="the delivery after the crash")
    assert ProbeEffect.objects.filter(activity_id=touched.pk).count() == 1


def test_the_same_delivery_dispatched_many_times_has_one_effect(celery_worker):
    touched = record_probe()
    delivery = probe_delivery(touched)

    relay.dispatch([delivery.pk] * 6)

    wait_for(lambda: _done(delivery), message="the delivery")
    # Let every duplicate task run to the end before counting.
    wait_for(lambda: not _busy(celery_worker.nodename), message="the worker to go idle")
    assert ProbeEffect.objects.filter(activity_id=touched.pk).count() == 1


def _busy(nodename: str) -> bool:
    inspector = app.control.inspect(destination=[nodename], timeout=1)
    active = (inspector.active() or {}).get(nodename, [])
    reserved = (inspector.reserved() or {}).get(nodename, [])
    return bool(active or reserved)
