"""Comments and reactions on posts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import activity
from network import access
from network.models import Comment, Post, Reaction, User
from network.services.communities import ensure_writable
from network.services.mentions import render_with_mentions

MAX_COMMENT = 5000


def _check_takes_part(actor: User, post: Post) -> None:
    if access.membership_of(actor, post.community) is None:
        raise PermissionDenied("Join the community to take part.")
    ensure_writable(post.community)


def comment_create(*, actor: User, post: Post, body: str, parent: Comment | None = None) -> Comment:
    _check_takes_part(actor, post)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": f"Keep it under {MAX_COMMENT} characters."})
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            raise ValidationError({"parent": "Reply to a comment on this post."})
        # One level deep: a reply to a reply joins the same thread.
        parent = parent.parent or parent
    body_html, mentioned = render_with_mentions(actor=actor, community=post.community, text=body)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post, parent=parent, author=actor, body=body, body_html=body_html
        )
        comment.mentions.set(mentioned)
        notify = {post.author_id, *(user.pk for user in mentioned)}
        if parent is not None:
            notify.add(parent.author_id)
        activity.record(
            actor=actor,
            verb="comment.created",
            object_type="comment",
            object_id=comment.pk,
            community=post.community,
            payload={
                "post_id": post.pk,
                "notify": sorted(notify - {actor.pk}),
                "mentioned": sorted(user.pk for user in mentioned),
            },
        )
    return comment


def comment_delete(*, actor: User, comment: Comment) -> None:
    post = comment.post
    if comment.author_id != actor.pk and not access.is_moderator(actor, post.community):
        raise PermissionDenied("Only the author or a moderator can delete a comment.")
    ensure_writable(post.community)
    with transaction.atomic():
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at"])
        activity.record(
            actor=actor,
            verb="comment.deleted",
            object_type="comment",
            object_id=comment.pk,
            community=post.community,
            payload={"post_id": post.pk},
        )


def reaction_toggle(*, actor: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; True when it now exists."""
    if kind not in Reaction.Kind.values:
        raise ValidationError({"kind": f"Choose one of {', '.join(Reaction.Kind.values)}."})
    _check_takes_part(actor, post)
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
        if deleted:
            # Recorded so that counts update live; nobody is notified of it.
            activity.record(
                actor=actor,
                verb="reaction.removed",
                object_type="post",
                object_id=post.pk,
                community=post.community,
                payload={"post_id": post.pk, "kind": kind},
            )
            return False
        try:
            with transaction.atomic():
                reaction = Reaction.objects.create(post=post, user=actor, kind=kind)
        except IntegrityError:
            return True  # a double click raced us; the reaction is there
        activity.record(
            actor=actor,
            verb="reaction.added",
            object_type="reaction",
            object_id=reaction.pk,
            community=post.community,
            payload={
                "post_id": post.pk,
                "kind": kind,
                "notify": [post.author_id] if post.author_id != actor.pk else [],
            },
        )
    return True
