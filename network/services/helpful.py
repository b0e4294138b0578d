"""Marking a comment helpful, like an accepted answer, but several may be.

A Bridge post is a discussion more often than a single question, so several replies
can help (Khoros kudos rather than Stack Overflow's one accepted answer): marking one
never unmarks another. The post's author decides what helped them; the community's
moderators may mark too, for posts whose author has moved on. Nobody marks their own
comment: it would be a vote for oneself (and the "answer_helpful" earning pays).

Each mark records `comment.marked_helpful` naming the comment's author, which the
rewards earning credits once per comment (rewards/earnings.py), however often the
comment is unmarked and marked again.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

import activity
from network import access
from network.models import Comment, User
from network.services.communities import ensure_writable


def may_mark_helpful(actor: User, comment: Comment) -> bool:
    """Whether the actor may mark (or unmark) this comment: the page hides the button
    from the others, and the service refuses them."""
    post = comment.post
    if comment.author_id == actor.pk or comment.removed_at is not None:
        return False
    return post.author_id == actor.pk or access.is_moderator(actor, post.community)


def _check_may_mark(actor: User, comment: Comment) -> None:
    if comment.author_id == actor.pk:
        raise PermissionDenied("You can't mark your own comment helpful.")
    if not may_mark_helpful(actor, comment):
        raise PermissionDenied("Only the post's author or a moderator marks comments helpful.")
    ensure_writable(comment.post.community)


def _record(actor: User, comment: Comment, verb: str, notify: bool) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="comment",
        object_id=comment.pk,
        community=comment.post.community,
        payload={
            "post_id": comment.post_id,
            "comment_author_id": comment.author_id,
            "notify": [comment.author_id] if notify else [],
        },
    )


def comment_mark_helpful(*, actor: User, comment: Comment) -> Comment:
    """Mark the comment helpful; marking a helpful comment again changes nothing."""
    _check_may_mark(actor, comment)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.helpful_at is not None:
            return locked  # a double click: already helpful, nothing new to tell
        locked.helpful_at, locked.helpful_by = timezone.now(), actor
        locked.save(update_fields=["helpful_at", "helpful_by"])
        _record(actor, locked, "comment.marked_helpful", notify=True)
    return locked


def comment_unmark_helpful(*, actor: User, comment: Comment) -> Comment:
    """Take the mark back; the author keeps the points the first mark earned."""
    _check_may_mark(actor, comment)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.helpful_at is None:
            return locked
        locked.helpful_at, locked.helpful_by = None, None
        locked.save(update_fields=["helpful_at", "helpful_by"])
        _record(actor, locked, "comment.unmarked_helpful", notify=False)
    return locked
