"""Signing deliveries, as the Standard Webhooks specification has it.

Headers ``webhook-id`` (the event id, the same on every attempt), ``webhook-timestamp``
(Unix seconds, when this attempt was signed) and ``webhook-signature``: ``v1,`` and the
base64 HMAC-SHA256, keyed with the secret's bytes, of ``{id}.{timestamp}.{body}``.
Several signatures are separated by spaces (both secrets while one is rotated out).
The official ``standardwebhooks`` package signs here and verifies on the receiving
side; docs/webhooks.md has the recipe without it.
"""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 -- a prefix, not a secret
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_headers(
    *, event_id: str, body: str, at: datetime, secrets_: list[str]
) -> dict[str, str]:
    at = at.astimezone(UTC)
    signatures = [Webhook(secret).sign(event_id, at, body) for secret in secrets_]
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
