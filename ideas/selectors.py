"""Reading boards and ideas as a person may see them."""

import re
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from ideas import access, ranking
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


def ranked_ideas(user: User, board: Board, sort: str | None) -> QuerySet[Idea]:
    """The board's ideas in the order asked for (ideas/ranking.py). On boards that
    hide counts until one has voted, the default is a random order per person, and
    participants may not sort by votes (the order would give the counts away)."""
    hides = board.hide_counts_until_voted and not access.is_board_moderator(user, board)
    sort = sort or ranking.default_sort(hides_vote_counts=board.hide_counts_until_voted)
    if sort not in ranking.ORDERINGS:
        raise ValidationError({"sort": f"Sort by one of {', '.join(ranking.ORDERINGS)}."})
    if hides and sort in ranking.SORTS_REVEALING_VOTES:
        raise ValidationError({"sort": "This board hides votes: sort by new, discussed or random."})
    seed = ranking.personal_seed(user.pk or 0, board.pk)
    return ranking.rank(board_ideas(board), sort, now=timezone.now(), seed=seed)


def in_order(board: Board, ids: Sequence[int]) -> list[Idea]:
    """A page of ranked ids as ideas, in that order. Ranking sorts the ids alone,
    and only the page's ideas are read whole: sorting whole rows (bodies included)
    took 26-45 ms over 10,000 ideas, the ids alone 3-12 ms (bench/ideas.py)."""
    by_id = board_ideas(board).in_bulk(list(ids))
    return [by_id[pk] for pk in ids if pk in by_id]


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
