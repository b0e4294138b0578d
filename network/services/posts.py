"""Posts: saying something in a community, changing it, taking it back."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import activity
from network import access
from network.models import Community, Post, PostRevision, User
from network.services import media
from network.services.communities import ensure_writable
from network.services.mentions import hashtags_for, render_with_mentions
from network.services.polls import clean_poll, poll_attach

MAX_BODY = 20000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"Keep it under {MAX_BODY} characters."})
    return body


def post_create(
    *,
    actor: User,
    community: Community,
    body: str,
    poll_options: Sequence[str] | None = None,
    poll_multiple: bool = False,
    poll_closes_at: datetime | None = None,
    attachments: Sequence[object] = (),
) -> Post:
    """Post in a community; with ``poll_options`` the body is a poll's question.

    ``attachments`` are uploaded files, checked by content (services/media.py)."""
    if access.membership_of(actor, community) is None:
        raise PermissionDenied("Join the community to post in it.")
    ensure_writable(community)
    body = _clean_body(body)
    options = clean_poll(poll_options, poll_closes_at) if poll_options is not None else None
    cleaned = media.clean_attachments(attachments) if attachments else []
    body_html, mentioned = render_with_mentions(actor=actor, community=community, text=body)
    with media.removed_on_failure() as stored, transaction.atomic():
        post = Post.objects.create(
            community=community, author=actor, body=body, body_html=body_html
        )
        post.hashtags.set(hashtags_for(body))
        post.mentions.set(mentioned)
        if options is not None:
            poll_attach(
                post=post, options=options, multiple=poll_multiple, closes_at=poll_closes_at
            )
        saved = media.attachments_save(post=post, uploader=actor, cleaned=cleaned, stored=stored)
        activity.record(
            actor=actor,
            verb="post.created",
            object_type="post",
            object_id=post.pk,
            community=community,
            payload={
                "notify": sorted({u.pk for u in mentioned} - {actor.pk}),
                "attachments": [a.pk for a in saved],
            },
        )
    return post


def post_edit(*, actor: User, post: Post, body: str) -> Post:
    if post.author_id != actor.pk:
        raise PermissionDenied("Only the author can edit a post.")
    ensure_writable(post.community)
    body = _clean_body(body)
    if body == post.body:
        return post
    body_html, mentioned = render_with_mentions(actor=actor, community=post.community, text=body)
    with transaction.atomic():
        PostRevision.objects.create(post=post, body=post.body, edited_by=actor)
        already = set(post.mentions.values_list("pk", flat=True))
        post.body, post.body_html, post.edited_at = body, body_html, timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        post.hashtags.set(hashtags_for(body))
        post.mentions.set(mentioned)
        newly_mentioned = {u.pk for u in mentioned} - already - {actor.pk}
        activity.record(
            actor=actor,
            verb="post.edited",
            object_type="post",
            object_id=post.pk,
            community=post.community,
            payload={"notify": sorted(newly_mentioned)},
        )
    return post


def post_delete(*, actor: User, post: Post) -> None:
    if post.author_id != actor.pk and not access.is_moderator(actor, post.community):
        raise PermissionDenied("Only the author or a moderator can delete a post.")
    ensure_writable(post.community)
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        activity.record(
            actor=actor,
            verb="post.deleted",
            object_type="post",
            object_id=post.pk,
            community=post.community,
        )


def post_history(*, actor: User, post: Post) -> list[PostRevision]:
    if not access.is_moderator(actor, post.community):
        raise PermissionDenied("Edit history is for moderators.")
    return list(post.revisions.select_related("edited_by"))


def post_pin(*, actor: User, post: Post, pinned: bool) -> Post:
    """Moderators pin a post as an announcement, or unpin it."""
    if not access.is_moderator(actor, post.community):
        raise PermissionDenied("Only moderators pin posts.")
    ensure_writable(post.community)
    if pinned == (post.pinned_at is not None):
        return post
    with transaction.atomic():
        post.pinned_at = timezone.now() if pinned else None
        post.save(update_fields=["pinned_at"])
        activity.record(
            actor=actor,
            verb="post.pinned" if pinned else "post.unpinned",
            object_type="post",
            object_id=post.pk,
            community=post.community,
        )
    return post
