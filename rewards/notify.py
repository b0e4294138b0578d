"""The activity handler that tells a person HR decided their redemption, and HR admins
that someone asked for a reward (how the notice reads: rewards/notices.py)."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from activity.models import Activity
from network.handlers import push_unread_counts
from network.models import Notification, User
from rewards.notices import TEXT


def _told(activity: Activity) -> QuerySet[User]:
    """A request: every HR admin, who decide; a decision: the person whose redemption
    it is. Never who did it."""
    if activity.verb == "redemption.requested":
        wanted = User.objects.filter(is_hr_admin=True)
    else:
        wanted = User.objects.filter(pk__in=activity.payload.get("notify", []))
    return wanted.filter(is_active=True).exclude(pk=activity.actor_id).order_by("pk")


def notify_about_redemption(activity: Activity) -> list[Notification]:
    """Who `_told` names (a replay tells nobody twice: one notification per person
    and activity)."""
    if activity.verb not in TEXT:
        return []
    created = []
    for user in _told(activity):
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        activity=activity,
                        reason=Notification.Reason.REWARD,
                        actor_id=activity.actor_id,
                    )
                )
        except IntegrityError:
            continue  # told already: this delivery is a replay
    return created


def notify(activity: Activity) -> None:
    told = {notification.recipient_id for notification in notify_about_redemption(activity)}
    if told:
        transaction.on_commit(lambda: push_unread_counts(told), robust=True)
