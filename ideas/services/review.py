"""Reviewing ideas: a board's criteria, who reviews and moderates it, and scores.

Scores are for the board's moderators and reviewers only. Participants, the
idea's own authors included, never learn that a scorecard exists: the reads here
answer NotFound to them, and the activities about scores are personal to the
reviewer who scored (no value in their payload).
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Board, BoardRole, Criterion, Idea, Score
from network import access as network_access
from network.access import NotFound
from network.models import User

MAX_CRITERIA = 10
MAX_NAME = 120
MAX_DESCRIPTION = 1000
MAX_COMMENT = 2000
LOWEST, HIGHEST = 1, 5


def _check_moderates(actor: User, board: Board, doing: str) -> None:
    if not access.is_board_moderator(actor, board):
        raise PermissionDenied(f"Only the board's moderators can {doing}.")


def _clean_criteria(criteria: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for criterion in criteria:
        name = str(criterion.get("name", "")).strip()
        description = str(criterion.get("description", "") or "").strip()
        if not name or len(name) > MAX_NAME:
            raise ValidationError(
                {"criteria": f"Name each criterion, in under {MAX_NAME} characters."}
            )
        if len(description) > MAX_DESCRIPTION:
            raise ValidationError(
                {"criteria": f"Describe it in under {MAX_DESCRIPTION} characters."}
            )
        cleaned.append({"name": name, "description": description})
    names = [row["name"].casefold() for row in cleaned]
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": "Each criterion needs its own name."})
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError({"criteria": f"Score ideas on at most {MAX_CRITERIA} criteria."})
    return cleaned


def criteria_set(
    *, actor: User, board: Board, criteria: Sequence[dict[str, Any]]
) -> list[Criterion]:
    """Replace the board's criteria (add, rename, reorder, remove at once). Only
    before the first score: a renamed criterion would change what scores mean."""
    _check_moderates(actor, board, "set the review criteria")
    rows = _clean_criteria(criteria)
    with transaction.atomic():
        # Locks the board's criteria so that a score racing this replacement waits.
        list(Criterion.objects.select_for_update().filter(board=board))
        if Score.objects.filter(criterion__board=board).exists():
            raise Conflict(
                "Ideas of this board have been scored: its criteria can no longer change."
            )
        Criterion.objects.filter(board=board).delete()
        made = Criterion.objects.bulk_create(
            Criterion(board=board, position=position, **row) for position, row in enumerate(rows)
        )
        activity.record(
            actor=actor,
            verb="board.criteria_set",
            object_type="board",
            object_id=board.pk,
            community=board.community,
            payload={"board_id": board.pk, "criteria": [row["name"] for row in rows]},
        )
    return made


def _check_role(role: str) -> None:
    if role not in BoardRole.Role.values:
        raise ValidationError({"role": f"A board role is one of {BoardRole.Role.values}."})


def _record_role(actor: User, board: Board, user: User, role: str, verb: str) -> None:
    # Personal: the person named and the moderator hear of it, not the community.
    activity.record(
        actor=actor,
        verb=verb,
        object_type="board",
        object_id=board.pk,
        community=board.community,
        audience="personal",
        payload={"board_id": board.pk, "user_id": user.pk, "role": role, "notify": [user.pk]},
    )


def board_role_grant(*, actor: User, board: Board, user: User, role: str) -> BoardRole:
    """Name a member of the board's community its moderator or reviewer."""
    _check_moderates(actor, board, "name moderators and reviewers")
    _check_role(role)
    if network_access.membership_of(user, board.community) is None:
        raise ValidationError({"user_id": "Only members of the board's community can take a role."})
    with transaction.atomic():
        granted, created = BoardRole.objects.get_or_create(board=board, user=user, role=role)
        if created:
            _record_role(actor, board, user, role, "board.role_granted")
    return granted


def board_role_revoke(*, actor: User, board: Board, user: User, role: str) -> None:
    _check_moderates(actor, board, "name moderators and reviewers")
    _check_role(role)
    with transaction.atomic():
        deleted, _ = BoardRole.objects.filter(board=board, user=user, role=role).delete()
        if deleted:  # revoking twice is not an error, and says nothing the second time
            _record_role(actor, board, user, role, "board.role_revoked")


def score_set(
    *, actor: User, idea: Idea, criterion: Criterion, value: int, comment: str = ""
) -> Score:
    """A reviewer scores an idea on one criterion, or changes that score."""
    board = idea.board
    if not access.is_reviewer(actor, board):
        raise PermissionDenied("Only the board's reviewers can score its ideas.")
    if criterion.board_id != board.pk:
        raise ValidationError({"criterion_id": "Not a criterion of this idea's board."})
    if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
        raise ValidationError({"value": f"Score from {LOWEST} to {HIGHEST}."})
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": f"Keep it under {MAX_COMMENT} characters."})
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one: score that one.")
    with transaction.atomic():
        score, _ = Score.objects.update_or_create(
            idea=idea,
            criterion=criterion,
            reviewer=actor,
            defaults={"value": value, "comment": comment},
        )
        activity.record(
            actor=actor,
            verb="idea.scored",
            object_type="idea",
            object_id=idea.pk,
            community=board.community,
            audience="personal",  # never the community: scores are not theirs to see
            payload={"board_id": board.pk, "criterion_id": criterion.pk},
        )
    return score


def scorecard(*, actor: User, idea: Idea) -> dict[str, Any]:
    """Per criterion, the mean and number of scores; moderators also see each
    reviewer's scores, a reviewer their own. NotFound for everyone else."""
    board = idea.board
    if not access.is_reviewer(actor, board):
        raise NotFound("No such scorecard.")
    moderator = access.is_board_moderator(actor, board)
    summary = {
        row["criterion_id"]: row
        for row in Score.objects.filter(idea=idea)
        .values("criterion_id")
        .annotate(mean=Avg("value"), count=Count("id"))
    }
    scores = Score.objects.filter(idea=idea).select_related("reviewer").order_by("reviewer_id")
    if not moderator:
        scores = scores.filter(reviewer=actor)
    by_criterion: dict[int, list[Score]] = {}
    for score in scores:
        by_criterion.setdefault(score.criterion_id, []).append(score)
    criteria = [
        {
            "id": criterion.pk,
            "name": criterion.name,
            "description": criterion.description,
            "mean": summary.get(criterion.pk, {}).get("mean"),
            "count": summary.get(criterion.pk, {}).get("count", 0),
            "scores": by_criterion.get(criterion.pk, []),
        }
        for criterion in board.criteria.all()
    ]
    return {"idea_id": idea.pk, "all_reviewers": moderator, "criteria": criteria}
