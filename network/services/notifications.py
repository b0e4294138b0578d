"""Telling people: notifications derived from activities, read state, preferences.

`notify_from_activity` is the activity handler's body (network/handlers.py). It
decides who hears about an activity and why, and checks each person against the
access policy at delivery time: someone removed from a community between the
write and the delivery hears nothing of it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from activity.models import Activity
from network import access
from network.emails import send_mention_email
from network.models import (
    Invitation,
    Membership,
    Notification,
    NotificationSettings,
    Post,
    User,
)

Reason = Notification.Reason

# Verbs whose payload["notify"] lists the people concerned, and why they are told.
REASON_BY_VERB = {
    "post.created": Reason.MENTION,
    "post.edited": Reason.MENTION,
    "comment.created": Reason.REPLY,  # MENTION for those in payload["mentioned"]
    "reaction.added": Reason.REACTION,
    "comment.marked_helpful": Reason.HELPFUL,
    "join_request.approved": Reason.JOIN_DECISION,
    "join_request.declined": Reason.JOIN_DECISION,
    # Moderation (network/services/moderation.py): the author of hidden, restored
    # or removed content; the moderators of a new report; its reporters, decided.
    **{
        f"{kind}.{change}": Reason.MODERATION
        for kind in ("post", "comment")
        for change in ("hidden", "unhidden", "removed")
    },
    "report.created": Reason.MODERATION,
    "report.resolved": Reason.MODERATION,
}


def settings_for(user: User) -> NotificationSettings:
    """A person's notification settings (the defaults until they change them)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def _recipients(activity: Activity) -> list[tuple[int, str]]:
    """(person id, reason) for everyone an activity concerns, actor excluded."""
    payload = activity.payload
    if activity.verb == "join_request.created":
        moderators = Membership.objects.filter(
            community=activity.community_id,
            role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR],
        ).values_list("user_id", flat=True)
        found = [(user_id, Reason.JOIN_REQUEST) for user_id in moderators]
    elif activity.verb == "invitation.created":
        invitees = User.objects.filter(email__iexact=payload.get("email", "")).values_list(
            "pk", flat=True
        )
        found = [(user_id, Reason.INVITATION) for user_id in invitees]
    else:
        reason = REASON_BY_VERB.get(activity.verb)
        if reason is None:
            return []
        mentioned = set(payload.get("mentioned", []))
        found = [
            (user_id, Reason.MENTION if user_id in mentioned else reason)
            for user_id in payload.get("notify", [])
        ]
    return [(user_id, reason) for user_id, reason in found if user_id != activity.actor_id]


def _targets(activity: Activity) -> dict[str, int | None]:
    """The post and comment an activity concerns, as ids that still exist."""
    payload = activity.payload
    if activity.object_type == "post":
        post_id, comment_id = int(activity.object_id), None
    elif activity.object_type == "comment":
        post_id, comment_id = payload.get("post_id"), int(activity.object_id)
    else:
        post_id, comment_id = payload.get("post_id"), payload.get("comment_id")
    if post_id is not None and not Post.objects.filter(pk=post_id).exists():
        post_id = comment_id = None  # gone with its community: nothing to point at
    return {"post_id": post_id, "comment_id": comment_id}


def _may_be_told(user: User, reason: str, activity: Activity, post_id: int | None) -> bool:
    """Whether telling this person about this activity reveals nothing hidden."""
    if not user.is_active:
        return False
    if reason == Reason.INVITATION:
        invitation = Invitation.objects.filter(pk=activity.object_id).first()
        return invitation is not None and invitation.status == "pending"
    if reason == Reason.JOIN_DECISION:
        return True  # they asked to join: the community is known to them
    if reason in (Reason.JOIN_REQUEST, Reason.MODERATION):
        community_id = activity.community_id
        return access.communities_visible_to(user).filter(pk=community_id).exists()
    wanted = reason != Reason.REACTION or settings_for(user).notify_reactions
    return wanted and access.posts_visible_to(user).filter(pk=post_id).exists()


def notify_from_activity(activity: Activity) -> list[Notification]:
    """Create the notifications an activity owes, and send the immediate emails."""
    recipients = _recipients(activity)
    if not recipients:
        return []
    targets = _targets(activity)
    people = User.objects.in_bulk([user_id for user_id, _ in recipients])
    created = []
    for user_id, reason in recipients:
        user = people.get(user_id)
        if user is None or not _may_be_told(user, reason, activity, targets["post_id"]):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    activity=activity,
                    reason=reason,
                    actor_id=activity.actor_id,
                    community_id=activity.community_id,
                    post_id=targets["post_id"],
                    comment_id=targets["comment_id"],
                )
        except IntegrityError:
            continue  # told already: this delivery is a replay
        if reason == Reason.MENTION and settings_for(user).email_mentions and user.email:
            send_mention_email(notification)
        created.append(notification)
    return created


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise access.NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_settings_update(*, actor: User, **choices: bool) -> NotificationSettings:
    unknown = set(choices) - set(NotificationSettings.CHOICES)
    if unknown:
        raise ValueError(f"Unknown notification settings: {sorted(unknown)}")
    with transaction.atomic():
        current, _ = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
        for name, value in choices.items():
            setattr(current, name, bool(value))
        current.save()
    return current


def unsubscribe(*, user: User, kind: str) -> NotificationSettings:
    """One-click unsubscribe from an email link: mentions, digest, or all email."""
    choices = {
        "mentions": {"email_mentions": False},
        "digest": {"email_digest": False},
        "all": {"email_mentions": False, "email_digest": False},
    }[kind]
    return notification_settings_update(actor=user, **choices)


def digest_candidates() -> list[int]:
    """People who may get a digest: active, with an email, who did not opt out."""
    opted_out = NotificationSettings.objects.filter(email_digest=False).values("user_id")
    return list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .values_list("pk", flat=True)
    )
