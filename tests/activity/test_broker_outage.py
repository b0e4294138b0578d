"""Redis (the broker) is down when a change commits: the change stands, nothing is lost."""

import os
import subprocess
import sys
import time
from datetime import timedelta

from django.utils import timezone

from activity import relay
from activity.models import Activity, Delivery
from tests.fixtures.processes import REPO, child_database_url
from tests.fixtures.services import wait_for
from tests.probe.models import ProbeEffect

RECORD_ONE = """
import django
django.setup()
from django.db import transaction
import activity
with transaction.atomic():
    print(activity.record(verb="probe.touched", object_type="probe", object_id=1).pk)
"""


def test_a_commit_while_the_broker_is_down_is_delivered_once_it_is_back(worker_factory):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": child_database_url(),
        "REDIS_URL": "redis://127.0.0.1:9/0",  # the discard port: no broker there
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", RECORD_ONE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started

    assert result.returncode == 0, result.stderr
    assert "the sweep will resend it" in result.stderr
    assert elapsed < 20, "publishing must fail fast, not hang the request"
    recorded = Activity.objects.get(pk=int(result.stdout.strip()))
    delivery = recorded.deliveries.get(handler="probe")
    assert delivery.status == Delivery.Status.PENDING

    # The broker is back (ours never left); a worker runs and beat sweeps.
    worker_factory()
    assert relay.sweep(now=timezone.now() + timedelta(minutes=6)) == 2

    def delivered() -> bool:
        delivery.refresh_from_db()
        return delivery.status == Delivery.Status.DONE

    wait_for(delivered, message="the delivery after the outage")
    assert ProbeEffect.objects.filter(activity_id=recorded.pk).count() == 1
