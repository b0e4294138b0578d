"""Notifications about redemptions: how the notice reads in the inbox (network/inbox.py
asks); who is told is rewards/notify.py, the activity handler.

Every step records a personal activity naming the person in payload["notify"]
(rewards/services/redemptions.py), which their live stream shows. HR's decisions
also reach their inbox; their own request and cancellation do not: people are not
notified of what they did themselves (nor HR of deciding their own redemption). A
new request reaches HR admins' inboxes, linked to the console's queue."""

from django.urls import reverse

from network.models import Notification
from rewards.models import Item

Reason = Notification.Reason

TEXT = {
    "redemption.requested": "{actor} asked for “{item}” ({points} points): approve or decline it",
    "redemption.approved": "{actor} approved your “{item}”: {points} points spent",
    "redemption.declined": "{actor} declined your “{item}”: {points} points are back",
}


def present(notifications: list[Notification]) -> dict[int, tuple[str, str, str]]:
    """(text, excerpt, url) by notification id, for those about redemptions. The
    excerpt is HR's note on a decline."""
    about = [n for n in notifications if n.reason == Reason.REWARD]
    if not about:
        return {}
    items = Item.objects.in_bulk({n.activity.payload.get("item_id") for n in about} - {None})
    shown = {}
    for notification in about:
        activity = notification.activity
        item = items.get(activity.payload.get("item_id"))
        text = TEXT.get(activity.verb, "{actor} changed your “{item}”").format(
            actor=notification.actor.name if notification.actor else "Someone",
            item=item.name if item else "a reward",
            points=activity.payload.get("points", 0),
        )
        # HR is told of requests, people of decisions: each opens the page they act on.
        page = "hr-redemptions" if activity.verb == "redemption.requested" else "rewards"
        url = f"{reverse(page)}#redemption-{activity.object_id}"
        shown[notification.pk] = (text, activity.payload.get("note", ""), url)
    return shown
