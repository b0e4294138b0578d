"""Activities (outbox, audit log, catch-up stream) and their per-handler deliveries."""

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    """Who may ever see an activity; copied from its community at write time."""

    INTERNAL = "internal", "Employees"
    PARTNER = "partner", "Partner community"
    CUSTOMER = "customer", "Customer community"
    PERSONAL = "personal", "The people it concerns"
    STAFF = "staff", "Platform staff"


class Activity(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    community = models.ForeignKey(
        "network.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["community", "id"], name="activity_community_id_idx"),
            models.Index(fields=["object_type", "object_id"], name="activity_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.verb} {self.object_type}:{self.object_id}"


class Delivery(models.Model):
    """One activity owed to one handler: the outbox row and its progress record.

    Created with the activity, in the same transaction, so that a crash can never
    leave an activity that some handler will not hear about.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed (gave up; requeue from the admin)"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(max_length=100)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the sweep may send it again: pushed forward on every dispatch so that
    # an in-flight delivery is not sent twice while its task is still queued.
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["activity", "handler"], name="activity_delivery_unique")
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="activity_delivery_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.handler} ← activity #{self.activity_id} ({self.status})"
