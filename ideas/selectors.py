"""Reading boards and ideas as a person may see them."""

import re
from collections.abc import Callable, Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from ideas import access
from ideas.models import Ballot, Board, Comment, Idea, StageChange, Vote
from network.models import Community, User

SIMILAR_LIMIT = 5
# Words shorter than this say little about what an idea is ("a", "to", "the").
SIMILAR_MIN_WORD = 4
SIMILAR_MAX_WORDS = 8


def community_boards(user: User, community: Community) -> QuerySet[Board]:
    return access.boards_visible_to(user).filter(community=community, archived_at__isnull=True)


def board_ideas(board: Board) -> QuerySet[Idea]:
    """The board's ideas, without the duplicates merged into others."""
    return (
        Idea.objects.filter(board=board, merged_into__isnull=True)
        .select_related("author", "stage")
        .prefetch_related("tags")
    )


def my_votes(user: User, ideas: Iterable[Idea]) -> dict[int, int]:
    if not user.is_authenticated:
        return {}
    ids = [idea.pk for idea in ideas]
    return dict(Vote.objects.filter(user=user, idea_id__in=ids).values_list("idea_id", "value"))


def counts_shown(user: User, board: Board, votes: dict[int, int]) -> Callable[[Idea], bool]:
    """On boards that hide counts until one has voted, a person sees the counts of
    the ideas they voted on; moderators see them all."""
    if not board.hide_counts_until_voted or access.is_board_moderator(user, board):
        return lambda _idea: True
    return lambda idea: idea.pk in votes


def my_board(user: User, board: Board) -> dict:
    used = (
        Ballot.objects.filter(board=board, user=user).values_list("votes_used", flat=True).first()
        if user.is_authenticated
        else None
    ) or 0
    return {
        "can_submit": access.can_submit(user, board),
        "can_vote": access.can_vote(user, board),
        "is_moderator": access.is_board_moderator(user, board),
        "votes_used": used,
        "votes_left": None if board.vote_budget is None else max(0, board.vote_budget - used),
    }


def similar_ideas(board: Board, text: str, *, exclude: int | None = None) -> list[Idea]:
    """Ideas of the board that share the most words with what is being typed, so
    that people vote for an existing idea instead of writing it again. A database
    search for now; the search issue replaces it with Elasticsearch."""
    words = sorted(
        {w.lower() for w in re.findall(r"\w+", text or "") if len(w) >= SIMILAR_MIN_WORD},
        key=len,
        reverse=True,
    )[:SIMILAR_MAX_WORDS]
    if not words:
        return []
    matches = [
        Case(
            When(Q(title__icontains=word), then=Value(2)),  # a word of the title counts more
            When(Q(body__icontains=word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    score = sum(matches[1:], matches[0])
    ideas = board_ideas(board).annotate(similarity=score).filter(similarity__gt=0)
    if exclude is not None:
        ideas = ideas.exclude(pk=exclude)
    return list(ideas.order_by("-similarity", "-up_votes", "-pk")[:SIMILAR_LIMIT])


def idea_comments(user: User, idea: Idea) -> QuerySet[Comment]:
    """The comments of an idea a person may see, oldest first."""
    return (
        access.comments_visible_to(user)
        .filter(idea=idea)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def stage_history(idea: Idea) -> QuerySet[StageChange]:
    """An idea's moves between stages, oldest first, with their public notes."""
    return idea.stage_changes.select_related("from_stage", "to_stage", "moved_by").order_by(
        "created_at", "pk"
    )
