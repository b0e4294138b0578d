"""Discussion under ideas: comments, their authors deleting them, moderators
hiding them.

Idea.comment_count counts the comments everyone sees (neither deleted nor
hidden) and moves in the same transaction as the change, under the comment's
row lock, so that hiding twice or deleting a hidden comment never counts twice.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from ideas import access
from ideas.models import Comment, Idea
from network.models import User
from network.services.communities import ensure_writable
from network.services.mentions import render_with_mentions

MAX_COMMENT = 10000


def _count_visible(idea_id: int, step: int) -> None:
    Idea.objects.filter(pk=idea_id).update(comment_count=F("comment_count") + step)


def _record(
    actor: User,
    comment: Comment,
    idea: Idea,
    verb: str,
    audience: str | None = None,
    **payload: object,
) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="idea_comment",
        object_id=comment.pk,
        community=idea.board.community,
        audience=audience,
        payload={"board_id": idea.board_id, "idea_id": idea.pk, **payload},
    )


def comment_create(*, actor: User, idea: Idea, body: str) -> Comment:
    """Those the board lets comment discuss an idea; the people they @mention are told."""
    board = idea.board
    if not access.may_take_part(actor, board, board.who_may_comment):
        raise PermissionDenied("You may not comment on this board's ideas.")
    ensure_writable(board.community)
    if idea.merged_into_id is not None:
        raise Conflict("This idea was merged into another one: discuss it there.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something."})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": f"Keep it under {MAX_COMMENT} characters."})
    body_html, mentioned = render_with_mentions(actor=actor, community=board.community, text=body)
    told = sorted({user.pk for user in mentioned} - {actor.pk})
    with transaction.atomic():
        comment = Comment.objects.create(idea=idea, author=actor, body=body, body_html=body_html)
        _count_visible(idea.pk, +1)
        _record(actor, comment, idea, "idea.commented", notify=told, mentioned=told)
    return comment


def comment_delete(*, actor: User, comment: Comment) -> None:
    """Its author deletes a comment; deleting it again changes nothing."""
    if comment.author_id != actor.pk:
        raise PermissionDenied("Only its author can delete a comment.")
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("idea__board__community")
            .get(pk=comment.pk)
        )
        if comment.deleted_at is not None:
            return
        was_counted = comment.hidden_at is None
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at"])
        if was_counted:
            _count_visible(comment.idea_id, -1)
        _record(actor, comment, comment.idea, "idea.comment_deleted")


def _set_hidden(actor: User, comment: Comment, hidden: bool) -> Comment:
    if not access.is_board_moderator(actor, comment.idea.board):
        raise PermissionDenied("Only the board's moderators can hide or restore comments.")
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("idea__board__community")
            .get(pk=comment.pk)
        )
        if comment.deleted_at is not None:
            raise Conflict("This comment was deleted by its author.")
        if (comment.hidden_at is not None) == hidden:
            return comment  # hidden (or restored) already: the same request twice
        comment.hidden_at = timezone.now() if hidden else None
        comment.save(update_fields=["hidden_at"])
        _count_visible(comment.idea_id, -1 if hidden else +1)
        verb = "idea.comment_hidden" if hidden else "idea.comment_unhidden"
        # The decision, and who took it, stay between the moderators and the author.
        _record(actor, comment, comment.idea, verb, Audience.PERSONAL, notify=[comment.author_id])
    return comment


def comment_hide(*, actor: User, comment: Comment) -> Comment:
    """Moderators hide a comment from everyone but its author and themselves."""
    return _set_hidden(actor, comment, True)


def comment_unhide(*, actor: User, comment: Comment) -> Comment:
    return _set_hidden(actor, comment, False)
