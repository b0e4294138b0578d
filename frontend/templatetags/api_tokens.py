"""Template helpers for the API token pages (frontend/tokens.py)."""

from django import template

from integrations.models import ApiToken

register = template.Library()


@register.filter
def token_status(token: ApiToken) -> str:
    """What a token's row says it is: active, expired or revoked."""
    if token.revoked_at is not None:
        return "revoked"
    return "active" if token.is_usable() else "expired"
