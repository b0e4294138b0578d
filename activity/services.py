"""Writing to the activity stream."""

from collections.abc import Mapping, Sequence
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
    _require_transaction()
    activity = _activity(
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        actor=actor,
        community=community,
        audience=audience,
        payload=payload,
    )
    activity.save(force_insert=True)
    _owe_deliveries([activity])
    return activity


def activity_record_many(entries: Sequence[Mapping[str, Any]]) -> list[Activity]:
    """Record many changes at once: each entry takes ``activity_record``'s arguments.

    The same rows and deliveries as one ``activity_record`` per entry, in two
    queries whatever their number: a bulk change (an HR sync of a thousand people)
    costs no more round trips for its audit trail than for itself.
    """
    _require_transaction()
    activities = Activity.objects.bulk_create([_activity(**entry) for entry in entries])
    _owe_deliveries(activities)
    return activities


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("activity.record() must be called inside transaction.atomic().")


def _activity(
    *,
    verb: str,
    object_type: str,
    object_id: int | str,
    actor: User | None = None,
    community: Community | None = None,
    audience: str | None = None,
    payload: dict[str, Any] | None = None,
) -> Activity:
    if audience is None:
        audience = community.audience if community is not None else Audience.PERSONAL
    return Activity(
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=str(object_id),
        community=community,
        audience=audience,
        payload=payload or {},
    )


def _owe_deliveries(activities: Sequence[Activity]) -> None:
    """One delivery per interested handler, dispatched once the transaction commits."""
    due_at = timezone.now() + settings.ACTIVITY_DELIVERY_LEASE
    deliveries = Delivery.objects.bulk_create(
        Delivery(activity=activity, handler=handler.name, due_at=due_at)
        for activity in activities
        for handler in registry.handlers_for(activity.verb)
    )
    delivery_ids = [delivery.pk for delivery in deliveries]
    if delivery_ids:
        transaction.on_commit(lambda: relay.dispatch(delivery_ids))
