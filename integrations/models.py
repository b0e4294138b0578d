"""API tokens, and the responses kept for Idempotency-Key replays."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token acting as its owner, narrowed to its scopes.

    Only the SHA-256 of the secret is stored: a token is 256 random bits, so a slow
    password hash would add nothing but latency to every request. ``prefix`` is the
    token's first characters, kept so that people can tell their tokens apart.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal"
        INTEGRATION = "integration", "Integration"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSONAL)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class IdempotentRequest(models.Model):
    """A POST made with an Idempotency-Key, and the response it got.

    ``caller`` is who sent it (a token or a person), so that two callers' keys never
    meet. ``fingerprint`` is the hash of the method, path and body: the same key with
    another request is a conflict. ``status`` is null while the first request runs.
    """

    caller = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="integrations_idempotency_once")
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"


# --- Outbound webhooks -------------------------------------------------------------
# Their models live with the rest of the subsystem, in integrations/webhooks/.
from integrations.webhooks.models import (  # noqa: E402
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

__all__ = [
    "ApiToken",
    "IdempotentRequest",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
]
