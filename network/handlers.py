"""Activity handlers owned by the network app."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from activity.models import Activity
from network.invitations import invitation_url
from network.models import Invitation
from network.services.notifications import notify_from_activity


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
    notify_from_activity(activity)
