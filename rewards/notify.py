"""The activity handler that tells a person HR decided their redemption (how the
notice reads: rewards/notices.py)."""

from django.db import IntegrityError, transaction

from activity.models import Activity
from network.handlers import push_unread_counts
from network.models import Notification, User
from rewards.notices import TEXT


def notify_about_redemption(activity: Activity) -> list[Notification]:
    """The person whose redemption it is, unless they did it (a replay tells nobody
    twice: one notification per person and activity)."""
    if activity.verb not in TEXT:
        return []
    wanted = set(activity.payload.get("notify", [])) - {activity.actor_id}
    created = []
    for user in User.objects.filter(pk__in=wanted, is_active=True).order_by("pk"):
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
