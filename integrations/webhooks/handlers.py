"""Activity handlers: deliveries for the subscriptions that may hear of an activity,
and telling an owner their subscription was disabled (registered in
activity/handlers.py)."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string

from activity.models import Activity
from integrations.webhooks import delivery, notices, visibility
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from network.handlers import push_unread_counts
from network.models import Notification, User


def fan_out(activity: Activity) -> None:
    """One delivery per active subscription to the verb (and to the activity's
    community, when it names one) whose owner may see the activity, with the payload
    as they see it. A replay makes nothing twice: one delivery per subscription and
    activity, and the handler's writes commit with its outbox record."""
    candidates = WebhookSubscription.objects.filter(active=True).filter(
        Q(community__isnull=True) | Q(community_id=activity.community_id)
    )
    # Filtered here, not in SQL: SQLite (the embedded default) cannot look inside JSON
    # lists, and active subscriptions are few.
    wanting = [s for s in candidates.select_related("owner") if activity.verb in s.verbs]
    if not wanting:
        return
    made = set(
        WebhookDelivery.objects.filter(activity=activity).values_list("subscription_id", flat=True)
    )
    deliveries = [
        WebhookDelivery(
            subscription=subscription,
            activity=activity,
            event_type=activity.verb,
            payload=visibility.event_payload(subscription.owner, activity),
        )
        for subscription in wanting
        if subscription.pk not in made and visibility.owner_may_see(subscription.owner, activity)
    ]
    WebhookDelivery.objects.bulk_create(deliveries)
    subscription_ids = sorted({new.subscription_id for new in deliveries})
    if subscription_ids:
        transaction.on_commit(lambda: delivery.dispatch_queues(subscription_ids), robust=True)


def notify_disabled(activity: Activity) -> None:
    """In the inbox and by email: the subscription stopped, why, and how to resume."""
    if not activity.payload.get("automatic"):
        return
    told = set()
    for owner in User.objects.filter(pk__in=activity.payload.get("notify", []), is_active=True):
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=owner, activity=activity, reason=Notification.Reason.WEBHOOK
                )
        except IntegrityError:
            continue  # told already: this delivery is a replay
        told.add(owner.pk)
        if owner.email:
            _email(owner, notification)
    if told:
        transaction.on_commit(lambda: push_unread_counts(told), robust=True)


def _email(owner: User, notification: Notification) -> None:
    subscription = WebhookSubscription.objects.filter(
        pk=notification.activity.object_id, owner=owner
    ).first()
    if subscription is None:
        return  # deleted since: nothing to act on
    context = {"owner": owner, "subscription": subscription, **notices.links(subscription)}
    send_mail(
        subject=notices.subject(subscription),
        message=render_to_string("integrations/email/webhook_disabled.txt", context),
        from_email=None,
        recipient_list=[owner.email],
    )
