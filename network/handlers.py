"""Activity handlers owned by the network app."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from activity.models import Activity
from network.inbox import unread_count
from network.invitations import invitation_url
from network.models import Invitation, User
from network.services.notifications import notify_from_activity
from realtime.events import publish, user_group


def send_invitation_email(activity: Activity) -> None:
    """Email the invitation link. Says only what the invitee may know: the
    community's name and who invited them — nothing of what is inside."""
    invitation = (
        Invitation.objects.select_related("community", "invited_by")
        .filter(pk=activity.object_id)
        .first()
    )
    if invitation is None or invitation.status != "pending":
        return
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=f"You are invited to {invitation.community.name} on Bridge",
        message=render_to_string("network/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def notify(activity: Activity) -> None:
    """In-app notifications (and immediate emails) for the people an activity concerns."""
    told = {notification.recipient_id for notification in notify_from_activity(activity)}
    if told:
        # After commit, and robust: the notifications are kept even if Redis is down
        # (the page re-reads its count whenever its socket reconnects).
        transaction.on_commit(lambda: push_unread_counts(told), robust=True)


def push_unread_counts(user_ids: set[int]) -> None:
    for person in User.objects.filter(pk__in=user_ids):
        count = unread_count(person)
        publish(user_group(person.pk), {"type": "notifications.unread", "count": count})
