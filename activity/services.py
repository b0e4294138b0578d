"""Writing to the activity stream."""

from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from activity import registry, relay
from activity.models import Activity, Audience, Delivery
from network.models import Community, User


def activity_record(
    *,
    verb: str,
    object_type: str,
    object_id: int | str,
    actor: User | None = None,
    community: Community | None = None,
    audience: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Activity:
    """Record one domain change together with the deliveries owed to handlers.

    Must run inside the caller's transaction: the activity exists if and only if
    the change it describes was committed.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("activity.record() must be called inside transaction.atomic().")
    if audience is None:
        audience = community.audience if community is not None else Audience.PERSONAL
    activity = Activity.objects.create(
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=str(object_id),
        community=community,
        audience=audience,
        payload=payload or {},
    )
    due_at = timezone.now() + settings.ACTIVITY_DELIVERY_LEASE
    deliveries = Delivery.objects.bulk_create(
        Delivery(activity=activity, handler=handler.name, due_at=due_at)
        for handler in registry.handlers_for(verb)
    )
    delivery_ids = [delivery.pk for delivery in deliveries]
    if delivery_ids:
        transaction.on_commit(lambda: relay.dispatch(delivery_ids))
    return activity
