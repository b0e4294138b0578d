"""``Authorization: Bearer brg_…``: an API token acting as its owner."""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from integrations import tokens
from integrations.models import ApiToken
from network.models import User


class TokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # not ours: the session may still authenticate
        _, *rest = parts
        if len(rest) != 1:
            raise AuthenticationFailed("Send the token as `Authorization: Bearer <token>`.")
        secret = rest[0].decode(errors="replace")
        token = tokens.authenticate(secret)
        if token is None:
            raise AuthenticationFailed("This token is not valid: unknown, expired or revoked.")
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        # Makes an unauthenticated API call a 401 that says how to authenticate.
        return 'Bearer realm="api"'
