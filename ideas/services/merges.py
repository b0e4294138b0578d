"""Merging a duplicate idea (the source) into another (the target), and undoing it.

A merge moves the source's voters, comments and followers to the target without
counting anyone twice, and the source then redirects to the target. Everything it
moved or set aside is written in the Merge row (`moved`), so that undoing it puts
back the exact previous state: the same Vote and Follower rows (ids, timestamps),
the same counts, the same ballots.

`moved` holds:
    votes            ids of the source's votes now on the target
    set_aside_votes  full rows of the source votes of people who had voted on both
                     (deleted: one person, one vote on the target)
    comments         ids of the comments moved
    comment_count    the source's comment count (the target's grew by it)
    followers        ids of the follower rows moved
    set_aside_followers  full rows of the source followers who followed both

Locks, always in this order: the two ideas (by id), then their votes, then ballots
(by id); the same order as voting, so a vote racing a merge waits, then sees the
source merged.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

import activity
from bridge.errors import Conflict
from ideas import access
from ideas.models import Ballot, Comment, Follower, Idea, Merge, Vote
from network.models import User


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _lock_ideas(*ideas: Idea) -> dict[int, Idea]:
    locked = Idea.objects.select_for_update().filter(pk__in=[i.pk for i in ideas]).order_by("pk")
    return {idea.pk: idea for idea in locked}


def _recount_votes(*ideas: Idea) -> None:
    """Counts from the Vote rows themselves, in the merge's transaction."""
    counts = {
        row["idea_id"]: row
        for row in Vote.objects.filter(idea__in=ideas)
        .values("idea_id")
        .annotate(up=Count("id", filter=Q(value=1)), down=Count("id", filter=Q(value=-1)))
        .order_by()
    }
    for idea in ideas:
        row = counts.get(idea.pk, {"up": 0, "down": 0})
        Idea.objects.filter(pk=idea.pk).update(up_votes=row["up"], down_votes=row["down"])


def _move_ballots(board_id: int, user_ids: list[int], step: int) -> None:
    if not user_ids:
        return
    ballots = Ballot.objects.select_for_update().filter(board_id=board_id, user_id__in=user_ids)
    ids = list(ballots.order_by("pk").values_list("pk", flat=True))
    Ballot.objects.filter(pk__in=ids).update(votes_used=Greatest(F("votes_used") + step, 0))


def _record(actor: User, merge: Merge, verb: str) -> None:
    payload = {
        "board_id": merge.source.board_id,
        "merge_id": merge.pk,
        "source_id": merge.source_id,
        "target_id": merge.target_id,
    }
    for idea in (merge.source, merge.target):
        activity.record(
            actor=actor,
            verb=verb,
            object_type="idea",
            object_id=idea.pk,
            community=idea.board.community,
            payload=payload,
        )


def _check(actor: User, source: Idea, target: Idea) -> None:
    if not access.is_board_moderator(actor, source.board):
        raise PermissionDenied("Only the board's moderators can merge its ideas.")
    if source.pk == target.pk:
        raise ValidationError({"target_id": "An idea cannot be merged into itself."})
    if source.board_id != target.board_id:
        raise ValidationError({"target_id": "Only ideas of the same board can be merged."})


def merge(*, actor: User, source: Idea, target: Idea) -> Merge:
    """Merge the duplicate `source` into `target` (board moderators)."""
    _check(actor, source, target)
    with transaction.atomic():
        locked = _lock_ideas(source, target)
        for idea in (locked[source.pk], locked[target.pk]):
            if idea.merged_into_id is not None:
                raise Conflict(
                    f"Idea #{idea.pk} was already merged into #{idea.merged_into_id}: "
                    "undo that merge first."
                )
        moved = {
            **_move_votes(source, target),
            **_move_comments(locked[source.pk], target),
            **_move_followers(source, target),
        }
        Idea.objects.filter(pk=source.pk).update(merged_into=target)
        made = Merge.objects.create(source=source, target=target, merged_by=actor, moved=moved)
        _record(actor, made, "idea.merged")
    source.merged_into = target
    return made


def _move_votes(source: Idea, target: Idea) -> dict[str, Any]:
    votes = list(Vote.objects.select_for_update().filter(idea__in=[source, target]).order_by("pk"))
    on_target = {vote.user_id for vote in votes if vote.idea_id == target.pk}
    mine = [vote for vote in votes if vote.idea_id == source.pk]
    moving = [vote.pk for vote in mine if vote.user_id not in on_target]
    set_aside = [vote for vote in mine if vote.user_id in on_target]
    # update() leaves updated_at alone: the moved vote is the same vote.
    Vote.objects.filter(pk__in=moving).update(idea=target)
    Vote.objects.filter(pk__in=[vote.pk for vote in set_aside]).delete()
    # Who voted on both now has one vote on the board fewer.
    _move_ballots(source.board_id, [vote.user_id for vote in set_aside], -1)
    _recount_votes(source, target)
    return {
        "votes": moving,
        "set_aside_votes": [
            {
                "id": vote.pk,
                "user_id": vote.user_id,
                "value": vote.value,
                "created_at": _stamp(vote.created_at),
                "updated_at": _stamp(vote.updated_at),
            }
            for vote in set_aside
        ],
    }


def _move_comments(source: Idea, target: Idea) -> dict[str, Any]:
    ids = list(Comment.objects.filter(idea=source).order_by("pk").values_list("pk", flat=True))
    Comment.objects.filter(pk__in=ids).update(idea=target)
    # The count moves as it stands rather than being recounted here: what counts as
    # a comment (hidden, deleted) is the discussion service's rule, and this keeps it.
    Idea.objects.filter(pk=target.pk).update(
        comment_count=F("comment_count") + source.comment_count
    )
    Idea.objects.filter(pk=source.pk).update(comment_count=0)
    return {"comments": ids, "comment_count": source.comment_count}


def _move_followers(source: Idea, target: Idea) -> dict[str, Any]:
    following_target = Follower.objects.filter(idea=target).values("user_id")
    mine = Follower.objects.filter(idea=source).order_by("pk")
    set_aside = list(mine.filter(user_id__in=following_target))
    moving = list(mine.exclude(user_id__in=following_target).values_list("pk", flat=True))
    Follower.objects.filter(pk__in=[row.pk for row in set_aside]).delete()
    Follower.objects.filter(pk__in=moving).update(idea=target)
    return {
        "followers": moving,
        "set_aside_followers": [
            {"id": row.pk, "user_id": row.user_id, "created_at": _stamp(row.created_at)}
            for row in set_aside
        ],
    }


def unmerge(*, actor: User, merge: Merge) -> Merge:
    """Undo a merge, putting back what it moved and what it set aside."""
    source, target = merge.source, merge.target
    if not access.is_board_moderator(actor, source.board):
        raise PermissionDenied("Only the board's moderators can undo a merge.")
    with transaction.atomic():
        locked = _lock_ideas(source, target)
        live = Merge.objects.select_for_update().filter(pk=merge.pk, undone_at__isnull=True).first()
        if live is None:
            raise Conflict("This merge was already undone.")
        elsewhere = locked[target.pk].merged_into_id
        if elsewhere is not None:
            raise Conflict(
                f"Idea #{target.pk} has since been merged into #{elsewhere}: undo that merge first."
            )
        moved = live.moved
        _restore_votes(moved, source, target)
        _restore_comments(moved, source, target)
        _restore_followers(moved, source, target)
        Idea.objects.filter(pk=source.pk).update(merged_into=None)
        live.undone_at, live.undone_by = timezone.now(), actor
        live.save(update_fields=["undone_at", "undone_by"])
        _record(actor, live, "idea.unmerged")
    source.merged_into = None
    return live


def _restore_votes(moved: dict[str, Any], source: Idea, target: Idea) -> None:
    list(Vote.objects.select_for_update().filter(idea__in=[source, target]).order_by("pk"))
    # Votes withdrawn from the target since the merge stay withdrawn.
    Vote.objects.filter(pk__in=moved["votes"], idea=target).update(idea=source)
    rows = [
        row
        for row in moved["set_aside_votes"]
        if User.objects.filter(pk=row["user_id"]).exists()  # a person erased since
    ]
    Vote.objects.bulk_create(
        Vote(
            id=row["id"],
            idea=source,
            user_id=row["user_id"],
            board_id=source.board_id,
            value=row["value"],
        )
        for row in rows
    )
    for row in rows:  # auto_now and auto_now_add stamped the insert: put the originals back
        Vote.objects.filter(pk=row["id"]).update(
            created_at=_moment(row["created_at"]), updated_at=_moment(row["updated_at"])
        )
    _move_ballots(source.board_id, [row["user_id"] for row in rows], +1)
    _recount_votes(source, target)


def _restore_comments(moved: dict[str, Any], source: Idea, target: Idea) -> None:
    Comment.objects.filter(pk__in=moved["comments"], idea=target).update(idea=source)
    count = moved["comment_count"]
    Idea.objects.filter(pk=target.pk).update(comment_count=Greatest(F("comment_count") - count, 0))
    Idea.objects.filter(pk=source.pk).update(comment_count=count)


def _restore_followers(moved: dict[str, Any], source: Idea, target: Idea) -> None:
    Follower.objects.filter(pk__in=moved["followers"], idea=target).update(idea=source)
    rows = [
        row
        for row in moved["set_aside_followers"]
        if User.objects.filter(pk=row["user_id"]).exists()
    ]
    Follower.objects.bulk_create(
        Follower(id=row["id"], idea=source, user_id=row["user_id"]) for row in rows
    )
    for row in rows:
        Follower.objects.filter(pk=row["id"]).update(created_at=_moment(row["created_at"]))
