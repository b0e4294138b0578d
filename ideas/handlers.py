"""Activity handlers owned by the ideas app: in-app notifications about ideas.

The services list the people concerned in payload["notify"] at write time; the
delivery re-checks each of them against the access policy, so that someone who
lost access to the idea's community in between hears nothing of it.
"""

from django.db import IntegrityError, transaction

from activity.models import Activity
from ideas import access
from ideas.notices import REASON_BY_VERB, idea_id_of
from network.emails import send_mention_email
from network.handlers import push_unread_counts
from network.models import Notification, User
from network.services.notifications import settings_for


def _may_be_told(user: User, activity: Activity, idea_id: int) -> bool:
    if not user.is_active or not access.ideas_visible_to(user).filter(pk=idea_id).exists():
        return False
    if activity.object_type == "idea_comment":
        # A comment hidden or deleted since it was written tells nobody.
        return access.comments_visible_to(user).filter(pk=activity.object_id).exists()
    return True


def notify_about_idea(activity: Activity) -> list[Notification]:
    """Create the notifications an idea activity owes (and mention emails)."""
    reason = REASON_BY_VERB.get(activity.verb)
    idea_id = idea_id_of(activity)
    if reason is None or idea_id is None:
        return []
    wanted = set(activity.payload.get("notify", [])) - {activity.actor_id}
    created = []
    for user in User.objects.filter(pk__in=wanted).order_by("pk"):
        if not _may_be_told(user, activity, idea_id):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    activity=activity,
                    reason=reason,
                    actor_id=activity.actor_id,
                    community_id=activity.community_id,
                )
        except IntegrityError:
            continue  # told already: this delivery is a replay
        mentioned = reason == Notification.Reason.MENTION
        if mentioned and settings_for(user).email_mentions and user.email:
            send_mention_email(notification)
        created.append(notification)
    return created


def notify(activity: Activity) -> None:
    told = {notification.recipient_id for notification in notify_about_idea(activity)}
    if told:
        transaction.on_commit(lambda: push_unread_counts(told), robust=True)
