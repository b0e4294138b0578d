"""Webhook subscriptions, the deliveries owed to them, and every attempt made.

Imported from integrations/models.py, so they belong to the integrations app.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookSubscription(models.Model):
    """A URL that hears of some event types, as its owner would see them.

    ``secret`` signs every delivery (Standard Webhooks, ``whsec_`` and base64). It is
    kept as is, not hashed: signing needs it. It leaves Bridge once, in the answer to
    the request that made it (create, rotate). After a rotation the previous secret
    also signs until ``previous_secret_expires_at``, so receivers can switch over.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    verbs = models.JSONField(default=list)
    community = models.ForeignKey(
        "network.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="integ_webhook_owner_idx"),
            models.Index(
                fields=["community"],
                name="integ_webhook_active_idx",
                condition=models.Q(active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"webhook #{self.pk} → {self.url}"


class WebhookDelivery(models.Model):
    """One event owed to one subscription, with its payload frozen when it was made.

    ``event_id`` is the ``webhook-id`` header: every attempt, automatic or by hand,
    of the same delivery carries it, so receivers drop what they already have.
    Deliveries of activities are sent one at a time per subscription, in the order of
    their activities (integrations/webhooks/delivery.py); pings are sent at once,
    outside that queue.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed after retrying for a day"
        WITHHELD = "withheld", "Not sent: its owner may no longer see it"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    activity = models.ForeignKey(
        "activity.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=64)
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            # The activity handler may run twice for one activity: one delivery each.
            models.UniqueConstraint(
                fields=["subscription", "activity"], name="integ_webhook_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["subscription", "-id"], name="integ_webhook_delivery_list"),
            # The head of each subscription's queue, and the sweep's due ones.
            models.Index(
                fields=["subscription", "activity", "id"],
                name="integ_webhook_queue_idx",
                condition=models.Q(state="pending", activity__isnull=False),
            ),
            models.Index(
                fields=["next_attempt_at"],
                name="integ_webhook_due_idx",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} → webhook #{self.subscription_id} ({self.state})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, and what came back (the log people read)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=1000, blank=True)
    manual = models.BooleanField(default=False, help_text="Asked for by a person")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["delivery", "id"], name="integ_webhook_attempt_idx")]

    def __str__(self) -> str:
        return f"attempt on {self.delivery_id}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300  # noqa: PLR2004
