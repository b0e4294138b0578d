from django.db import transaction

import activity
from activity.models import Activity, Delivery


def record_probe(**payload: object) -> Activity:
    """Commit one activity that the probe handler (tests/probe) will act on."""
    with transaction.atomic():
        return activity.record(
            verb="probe.touched", object_type="probe", object_id=1, payload=payload
        )


def probe_delivery(activity_: Activity) -> Delivery:
    return Delivery.objects.get(activity=activity_, handler="probe")
