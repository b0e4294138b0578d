"""Scopes: what a token may be used for (see integrations/scopes.py)."""

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from integrations.models import ApiToken
from integrations.scopes import Scope

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views loads
    from rest_framework.views import APIView


def required_scope(method: str, view: "APIView | type[APIView]") -> str | None:
    """The scope a token needs for this call; None when no token may make it."""
    if getattr(view, "session_only", False):
        return None
    if method.upper() in SAFE_METHODS:
        return Scope.READ
    return getattr(view, "write_scope", None)


class TokenHasScope(BasePermission):
    """Signed-in people act with everything they may do; a token, with its scopes.

    Fails closed: a writing view that names no ``write_scope`` refuses every token.
    """

    def has_permission(self, request: Request, view: "APIView") -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        scope = required_scope(request.method or "", view)
        if scope is None:
            self.message = "This operation is not open to API tokens; sign in to do it."
            return False
        if scope not in token.scopes:
            self.message = f"This token lacks the `{scope}` scope."
            return False
        return True
