"""The probe: misbehaves on request, as described by the activity's payload.

- ``fail_times``: raise until the delivery has failed that many times;
- ``stall_marker``: on the first run (marker file absent), write the effect,
  create the marker file, then sleep with the transaction open, so that a test
  can kill the worker mid-task.
"""

import time
from pathlib import Path

from activity.models import Activity, Delivery
from tests.probe.models import ProbeEffect


class ProbeFailure(RuntimeError):
    pass


def probe_handler(activity: Activity) -> None:
    payload = activity.payload
    attempts = Delivery.objects.get(activity=activity, handler="probe").attempts
    if attempts < payload.get("fail_times", 0):
        raise ProbeFailure(f"planned failure {attempts + 1}")
    ProbeEffect.objects.create(activity_id=activity.pk)
    marker = payload.get("stall_marker")
    if marker and not Path(marker).exists():
        Path(marker).write_text("stalled")
        time.sleep(payload.get("stall_seconds", 60))
