"""Reads for a person's notifications: what their inbox shows, trimmed by access.

Notifications store pointers; the words are put together here, at read time, so
nothing of a community a person can no longer see reaches them through an old
notification, and an excerpt is shown only while its post is visible to them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from ideas import notices as idea_notices
from integrations.webhooks import notices as webhook_notices
from network import access
from network.invitations import invitation_token
from network.models import Invitation, Notification, Reaction, User
from rewards import notices as reward_notices

Reason = Notification.Reason

# Reasons that stay readable without access to the community: the person was
# invited into it, or asked to join it, so its name is already known to them.
KNOWN_WITHOUT_ACCESS = (Reason.INVITATION, Reason.JOIN_DECISION)


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    visible = access.communities_visible_to(user).values("pk")
    notifications = Notification.objects.filter(recipient=user).filter(
        Q(community__isnull=True) | Q(community__in=visible) | Q(reason__in=KNOWN_WITHOUT_ACCESS)
    )
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.select_related("actor", "community", "activity", "post", "comment")


def access_notification(user: User, notification_id: int) -> Notification:
    """One of the person's own notifications that they may still read, or not found."""
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise access.NotFound("No such notification.")
    return notification


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_for(user, unread_only=True).count()


@dataclass(frozen=True)
class Notice:
    """A notification as its recipient reads it."""

    id: int
    reason: str
    text: str
    excerpt: str
    url: str
    created_at: datetime
    unread: bool
    actor_name: str


MODERATION_TEXT = {
    "post.hidden": "Moderators hid your post in {community}",
    "post.unhidden": "Moderators restored your post in {community}",
    "post.removed": "Moderators removed your post in {community}",
    "comment.hidden": "Moderators hid your comment in {community}",
    "comment.unhidden": "Moderators restored your comment in {community}",
    "comment.removed": "Moderators removed your comment in {community}",
    "report.created": "{actor} reported content in {community}",
    "report.resolved": "Moderators reviewed what you reported in {community}",
}
# What a moderation notice adds after a colon: the moderators' reason for the
# author, the report's reason for moderators, only the outcome for reporters.
MODERATION_DETAIL = {"report.resolved": "outcome"}


TEXT = {
    Reason.MENTION: "{actor} mentioned you in {community}",
    Reason.REPLY: "{actor} replied to your comment in {community}",
    Reason.REACTION: "{actor} reacted “{kind}” to your post in {community}",
    Reason.HELPFUL: "{actor} marked your comment helpful in {community}",
    Reason.INVITATION: "{actor} invited you to join {community}",
    Reason.JOIN_REQUEST: "{actor} asked to join {community}",
    Reason.JOIN_DECISION: "Your request to join {community} was {decision}",
}


def _text(notification: Notification, recipient: User) -> str:
    payload = notification.activity.payload
    template = TEXT.get(notification.reason) or MODERATION_TEXT.get(
        notification.activity.verb, "Moderators acted in {community}"
    )
    on_own_post = notification.post is not None and notification.post.author_id == recipient.pk
    if notification.reason == Reason.REPLY and on_own_post:
        template = "{actor} commented on your post in {community}"
    text = template.format(
        actor=notification.actor.name if notification.actor else "Someone",
        community=notification.community.name if notification.community else "Bridge",
        kind=dict(Reaction.Kind.choices).get(payload.get("kind", ""), "a reaction"),
        decision=notification.activity.verb.removeprefix("join_request."),
    )
    detail = payload.get(MODERATION_DETAIL.get(notification.activity.verb, "reason"))
    if notification.reason == Reason.MODERATION and detail:
        text += f": {detail}"
    return text


def _fallback_url(notification: Notification) -> str:
    """Where a notice leads when its post cannot be shown to the reader."""
    verb = notification.activity.verb
    if verb == "report.created" and notification.community_id:
        return reverse("community-moderation", args=[notification.community_id])
    if notification.reason == Reason.MODERATION and notification.post_id:
        return reverse("post", args=[notification.post_id])  # the author reads why
    if notification.community_id:
        return reverse("community", args=[notification.community_id])
    return reverse("notifications")


def present(user: User, notifications: list[Notification]) -> list[Notice]:
    """Words, links and excerpts for a page of notifications, in three extra queries
    (three more when some are about ideas)."""
    post_ids = {n.post_id for n in notifications if n.post_id}
    readable = set(
        access.posts_visible_to(user).filter(pk__in=post_ids).values_list("pk", flat=True)
    )
    comment_ids = {n.comment_id for n in notifications if n.comment_id}
    readable_comments = set(
        access.comments_visible_to(user).filter(pk__in=comment_ids).values_list("pk", flat=True)
        if comment_ids
        else ()
    )
    invitation_ids = [n.activity.object_id for n in notifications if n.reason == Reason.INVITATION]
    invitations = Invitation.objects.in_bulk([int(i) for i in invitation_ids])
    # Ideas put their own notices together (ideas/notices.py).
    about_ideas = idea_notices.present(user, notifications)
    # So do rewards, for one's own redemptions (rewards/notices.py).
    about_ideas |= reward_notices.present(notifications)
    # And webhooks, for one's own subscriptions (integrations/webhooks/notices.py).
    about_ideas |= webhook_notices.present(notifications)
    notices = []
    for notification in notifications:
        text = None
        excerpt, url = "", _fallback_url(notification)
        if notification.pk in about_ideas:
            text, excerpt, url = about_ideas[notification.pk]
        elif notification.post_id in readable:
            shown = notification.comment if notification.comment_id in readable_comments else None
            excerpt = Truncator((shown or notification.post).body).chars(240)
            if notification.activity.verb != "report.created":  # that one leads to the queue
                url = reverse("post", args=[notification.post_id])
                if shown is not None:
                    url += f"#comment-{shown.pk}"
        elif notification.reason == Reason.INVITATION:
            invitation = invitations.get(int(notification.activity.object_id))
            if invitation is not None and invitation.status == "pending":
                url = reverse("invitation", args=[invitation_token(invitation)])
        notices.append(
            Notice(
                id=notification.pk,
                reason=notification.reason,
                text=text or _text(notification, user),
                excerpt=excerpt,
                url=url,
                created_at=notification.created_at,
                unread=notification.read_at is None,
                actor_name=notification.actor.name if notification.actor else "",
            )
        )
    return notices
