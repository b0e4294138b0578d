"""Helpers for tests that call the API with a token."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from integrations import tokens
from network.models import User


def issue(owner: User, scopes: list[str], *, by: User | None = None, **fields: object) -> str:
    """A new token's secret for ``owner`` with ``scopes``."""
    fields.setdefault("expires_at", timezone.now() + timedelta(days=30))
    return tokens.issue(
        owner=owner, created_by=by or owner, name="test", scopes=scopes, **fields
    ).secret


def bearer(secret: str) -> Client:
    """A client that sends the token on every request, with no session."""
    return Client(headers={"Authorization": f"Bearer {secret}"})
