"""Voting on ideas: one vote per person per idea, changeable and withdrawable,
within the board's budget, and never counted twice however requests race.

Integrity comes from the database, not from checks in Python:
- the unique (idea, user) constraint makes a second simultaneous vote fail, and the
  loser retries and finds the first;
- counts move by UPDATE ... SET up_votes = up_votes + 1 in the vote's transaction;
- the budget is a conditional UPDATE of the person's Ballot row (votes_used <
  budget), which both serializes that person's votes on the board and refuses the
  one too many.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Ballot, Idea, Stage, Vote
from ideas.services.following import follow_on_taking_part
from network.access import one_or_none
from network.models import User

# A vote racing another of the same person loses on the unique constraint; one
# retry then sees the winner.
ATTEMPTS = 3


def _count(idea: Idea, old: int | None, new: int | None) -> None:
    """Move the idea's counts from vote `old` to vote `new` (None: no vote), in the
    database and on `idea`, whose counts were read under the row's lock."""
    steps: dict[str, int] = {}
    for value, step in ((old, -1), (new, +1)):
        if value is not None:
            column = "up_votes" if value > 0 else "down_votes"
            steps[column] = steps.get(column, 0) + step
    Idea.objects.filter(pk=idea.pk).update(**{c: F(c) + step for c, step in steps.items()})
    for column, step in steps.items():
        setattr(idea, column, getattr(idea, column) + step)


def _check_may_vote(actor: User, idea: Idea) -> None:
    board = idea.board
    if not access.may_take_part(actor, board, board.who_may_vote):
        raise PermissionDenied("You may not vote on this board.")
    if not access.is_open(board):
        raise Conflict("This board is closed: votes are no longer taken.")
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one: vote there.")
    if idea.stage.kind != Stage.Kind.OPEN:
        raise Conflict(f"This idea is {idea.stage.name.lower()}: votes are closed.")


def vote_cast(*, actor: User, idea: Idea, value: int = 1) -> Vote:
    """Vote, or change one's vote; the same vote again changes nothing."""
    if value not in (1, -1) or (value == -1 and not idea.board.allow_down_votes):
        allowed = "1 or -1" if idea.board.allow_down_votes else "1"
        raise ValidationError({"value": f"Vote {allowed}."})
    _check_may_vote(actor, idea)
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return _cast(actor, idea, value)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _lock_unmerged(idea: Idea) -> None:
    """Lock the idea's row (first, as merges do: services/merges.py) and make sure it
    was not merged meanwhile: a vote waiting on a merge then lands nowhere. The
    counts read under the lock are the ones the vote moves (_count)."""
    merged_into, idea.up_votes, idea.down_votes = (
        Idea.objects.select_for_update(no_key=True)
        .filter(pk=idea.pk)
        .values_list("merged_into_id", "up_votes", "down_votes")
        .get()
    )
    if merged_into is not None:
        raise Conflict("This idea was merged into another one: vote there.")


def _cast(actor: User, idea: Idea, value: int) -> Vote:
    _lock_unmerged(idea)
    vote = one_or_none(Vote.objects.select_for_update(), idea=idea, user=actor)
    if vote is not None:
        if vote.value == value:
            return vote
        old, vote.value = vote.value, value
        vote.save(update_fields=["value", "updated_at"])
        _count(idea, old, value)
        verb = "idea.vote_changed"
    else:
        _spend_from_ballot(actor, idea)
        vote = Vote.objects.create(idea=idea, user=actor, board=idea.board, value=value)
        _count(idea, None, value)
        follow_on_taking_part(user=actor, idea=idea)
        verb = "idea.voted"
    _record(actor, idea, verb)
    return vote


def _spend_from_ballot(actor: User, idea: Idea) -> None:
    """Count the vote on the person's ballot, within the budget: one UPDATE, except
    for a first vote on the board, which makes the ballot (a racing first vote fails
    on the ballot's unique constraint, and vote_cast tries again)."""
    board = idea.board
    within = Ballot.objects.filter(board=board, user=actor)
    if board.vote_budget is not None:
        within = within.filter(votes_used__lt=board.vote_budget)
    if within.update(votes_used=F("votes_used") + 1):
        return
    if Ballot.objects.filter(board=board, user=actor).exists():
        raise Conflict(
            f"You have used your {board.vote_budget} votes on this board: "
            "withdraw one to vote here."
        )
    Ballot.objects.create(board=board, user=actor, votes_used=1)


def vote_withdraw(*, actor: User, idea: Idea) -> None:
    _check_may_vote(actor, idea)
    with transaction.atomic():
        _lock_unmerged(idea)
        vote = one_or_none(Vote.objects.select_for_update(), idea=idea, user=actor)
        if vote is None:
            return  # withdrawn already: the same request twice is not an error
        vote.delete()
        _count(idea, vote.value, None)
        Ballot.objects.filter(board=idea.board, user=actor).update(votes_used=F("votes_used") - 1)
        _record(actor, idea, "idea.vote_withdrawn")


def _record(actor: User, idea: Idea, verb: str) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="idea",
        object_id=idea.pk,
        community=idea.board.community,
        payload={"board_id": idea.board_id},
    )
