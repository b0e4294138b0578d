"""A board's ideas as a download for BI (CSV or JSON: bridge/exports.py): votes,
stage and status, and each idea's way through the stages.

Whoever reads the board may export it: it holds only what they read on the board,
with the same reservations as the API.
- Vote counts on a board that hides them until one has voted: only for the ideas
  the reader voted on, all of them for the board's moderators
  (`selectors.counts_shown`); null (blank in CSV) otherwise.
- Scores: the mean per criterion for the board's reviewers and moderators only
  (`access.is_reviewer`, as the scorecard); nobody else learns they exist.
- Who moved an idea: named only to a reader who may see that person (as the stage
  history in the API).
Merged duplicates are listed too (status `merged`, with `merged_into`), so that the
numbers add up with the ideas they were merged into.
"""

from django.db.models import Avg, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from bridge.exports import Export, iso
from ideas import access, selectors
from ideas.models import Board, Criterion, Idea, Score, StageChange, Vote
from network import access as network_access
from network.models import User

IDEA_COLUMNS = [
    "id",
    "title",
    "author_id",
    "author",
    "status",
    "stage",
    "up_votes",
    "down_votes",
    "comment_count",
    "tags",
    "merged_into",
    "created_at",
    "updated_at",
    "stage_changed_at",
    "stage_history",
]
MERGED = "merged"


def ideas_export(*, actor: User, board: Board) -> Export:
    """Every idea of a board the actor reads (access.access_board), oldest first."""
    criteria = list(board.criteria.all()) if access.is_reviewer(actor, board) else []
    votes = (
        dict(Vote.objects.filter(user=actor, board=board).values_list("idea_id", "value"))
        if board.hide_counts_until_voted
        else {}
    )
    shown = selectors.counts_shown(actor, board, votes)
    movers = StageChange.objects.filter(idea__board=board).values("moved_by")
    visible = set(
        network_access.people_visible_to(actor).filter(pk__in=movers).values_list("pk", flat=True)
    )
    ideas = _ideas(actor, board, criteria).iterator(chunk_size=1000)
    records = (_record(idea, criteria, shown(idea), visible) for idea in ideas)
    scores = [_score_column(criterion) for criterion in criteria]
    return Export(
        name=f"ideas-board-{board.pk}-{timezone.localdate().isoformat()}",
        header=[*IDEA_COLUMNS, *scores],
        records=records,
        row=lambda record: _csv_row(record, criteria),
    )


def _ideas(actor: User, board: Board, criteria: list[Criterion]) -> QuerySet[Idea]:
    history = StageChange.objects.select_related("from_stage", "to_stage", "moved_by")
    ideas = (
        access.ideas_visible_to(actor)
        .filter(board=board)
        .select_related("author", "stage")
        .prefetch_related(
            "tags", Prefetch("stage_changes", queryset=history.order_by("created_at", "pk"))
        )
        .order_by("pk")
    )
    for criterion in criteria:
        mean = (
            Score.objects.filter(idea=OuterRef("pk"), criterion=criterion)
            .values("idea")
            .annotate(mean=Avg("value"))
            .values("mean")
        )
        ideas = ideas.annotate(**{f"score_{criterion.pk}": Subquery(mean)})
    return ideas


def _record(idea: Idea, criteria: list[Criterion], counts: bool, visible: set[int]) -> dict:
    record = {
        "id": idea.pk,
        "title": idea.title,
        "author_id": idea.author_id,
        "author": idea.author.name,
        "status": MERGED if idea.merged_into_id else idea.stage.kind,
        "stage": idea.stage.name,
        "up_votes": idea.up_votes if counts else None,
        "down_votes": idea.down_votes if counts else None,
        "comment_count": idea.comment_count,
        "tags": sorted(tag.name for tag in idea.tags.all()),
        "merged_into": idea.merged_into_id,
        "created_at": iso(idea.created_at),
        "updated_at": iso(
            max(idea.created_at, idea.edited_at or idea.created_at, idea.stage_changed_at)
        ),
        "stage_changed_at": iso(idea.stage_changed_at),
        "stage_history": [
            {
                "at": iso(change.created_at),
                "from": change.from_stage.name,
                "to": change.to_stage.name,
                "note": change.note,
                "moved_by": change.moved_by.name if change.moved_by_id in visible else None,
            }
            for change in idea.stage_changes.all()
        ],
    }
    if criteria:
        record["scores"] = {
            criterion.name: _mean(getattr(idea, f"score_{criterion.pk}")) for criterion in criteria
        }
    return record


def _mean(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _score_column(criterion: Criterion) -> str:
    return f"score: {criterion.name}"


def _csv_row(record: dict, criteria: list[Criterion]) -> list[object]:
    """The record's cells; tags space-separated, the history compacted to one cell
    (`<time> <from> -> <to>`, moves separated by ` | `), a column per criterion."""
    cells: list[object] = [record[name] for name in IDEA_COLUMNS]
    cells[IDEA_COLUMNS.index("tags")] = " ".join(record["tags"])
    cells[IDEA_COLUMNS.index("stage_history")] = " | ".join(
        f"{move['at']} {move['from']} -> {move['to']}" for move in record["stage_history"]
    )
    return cells + [record["scores"][criterion.name] for criterion in criteria]
