"""The activity spine: every domain change is recorded here in its transaction.

Services call ``activity.record(...)``; the relay hands each activity to the
registered handlers after commit (see activity/relay.py and docs/activity.md).
"""

from collections.abc import Mapping, Sequence
from typing import Any


def record(**kwargs: Any):  # noqa: ANN201 -- returns activity.models.Activity
    # Imported lazily: this package is imported before the app registry is ready.
    from activity.services import activity_record

    return activity_record(**kwargs)


def record_many(entries: Sequence[Mapping[str, Any]]):  # noqa: ANN201 -- list[Activity]
    """``record`` for many changes at once, in two queries (activity/services.py)."""
    from activity.services import activity_record_many

    return activity_record_many(entries)
