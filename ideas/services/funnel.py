"""The funnel a board's moderators watch: how many ideas sit in each stage, and
for how long they have been sitting there.

Computed by PostgreSQL in one aggregate query over the board's ideas, however
many there are (in Python on the embedded default's SQLite). Merged duplicates
are not counted: they live on in their target.
"""

from collections import defaultdict
from datetime import datetime
from statistics import fmean, median
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, QuerySet, Value

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


def _by_stage(ideas: QuerySet[Idea], now: datetime) -> dict[int, dict[str, Any]]:
    seconds = _seconds_since_stage_change(now)
    return {
        row["stage_id"]: row
        for row in ideas.values("stage_id")
        .annotate(count=Count("id"), mean=Avg(seconds), median=Median(seconds))
        .order_by()
    }


def _by_stage_here(ideas: QuerySet[Idea], now: datetime) -> dict[int, dict[str, Any]]:
    """The same figures, computed in Python: the embedded default's SQLite has no
    median aggregate, and its boards are small."""
    ages = defaultdict(list)
    for stage_id, changed_at in ideas.values_list("stage_id", "stage_changed_at"):
        ages[stage_id].append((now - changed_at).total_seconds())
    return {
        stage_id: {"count": len(seconds), "mean": fmean(seconds), "median": median(seconds)}
        for stage_id, seconds in ages.items()
    }


def board_funnel(*, actor: User, board: Board, now: datetime) -> list[dict[str, Any]]:
    """Per stage, in order: ideas now in it, and the median and mean seconds they
    have spent there (None for an empty stage). For the board's moderators."""
    if not access.is_board_moderator(actor, board):
        raise PermissionDenied("Only the board's moderators see its funnel.")
    ideas = Idea.objects.filter(board=board, merged_into__isnull=True)
    by_stage = (
        _by_stage(ideas, now) if connection.vendor == "postgresql" else _by_stage_here(ideas, now)
    )
    return [
        {
            "stage": stage,
            "count": by_stage.get(stage.pk, {}).get("count", 0),
            "median_seconds": by_stage.get(stage.pk, {}).get("median"),
            "mean_seconds": by_stage.get(stage.pk, {}).get("mean"),
        }
        for stage in board.stages.all()
    ]
