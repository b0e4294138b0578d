"""Values every page's layout needs."""

from django.http import HttpRequest

from network import inbox
from rewards.selectors import wallet_balance


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The nav's unread badge: one indexed count, evaluated only if the page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: inbox.unread_count(user)}


def points_balance(request: HttpRequest) -> dict[str, object]:
    """The nav's "★ 120": one query by the wallet's unique key, only if the page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"points_balance": lambda: wallet_balance(user)}
