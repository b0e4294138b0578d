"""The funnel a board's moderators watch: how many ideas sit in each stage, and
for how long they have been sitting there.

Computed by PostgreSQL in one aggregate query over the board's ideas, however
many there are; merged duplicates are not counted (they live on in their target).
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, Value

from ideas import access
from ideas.models import Board, Idea
from network.models import User


class Median(Aggregate):
    """PostgreSQL's continuous median of a numeric expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _seconds_since_stage_change(now: datetime) -> Func:
    return Func(
        Value(now) - F("stage_changed_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )


def board_funnel(*, actor: User, board: Board, now: datetime) -> list[dict[str, Any]]:
    """Per stage, in order: ideas now in it, and the median and mean seconds they
    have spent there (None for an empty stage). For the board's moderators."""
    if not access.is_board_moderator(actor, board):
        raise PermissionDenied("Only the board's moderators see its funnel.")
    seconds = _seconds_since_stage_change(now)
    by_stage = {
        row["stage_id"]: row
        for row in Idea.objects.filter(board=board, merged_into__isnull=True)
        .values("stage_id")
        .annotate(count=Count("id"), mean=Avg(seconds), median=Median(seconds))
        .order_by()
    }
    return [
        {
            "stage": stage,
            "count": by_stage.get(stage.pk, {}).get("count", 0),
            "median_seconds": by_stage.get(stage.pk, {}).get("median"),
            "mean_seconds": by_stage.get(stage.pk, {}).get("mean"),
        }
        for stage in board.stages.all()
    ]
