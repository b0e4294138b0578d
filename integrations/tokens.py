"""Creating, finding and revoking API tokens.

A token reads ``brg_`` followed by 43 URL-safe characters (256 random bits). The
prefix makes a leaked token recognisable to secret scanners and to people; only its
SHA-256 is stored, so the database never holds a usable token.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

import activity
from activity.models import Audience
from integrations.models import ApiToken
from integrations.scopes import Scope
from network.models import User

TOKEN_PREFIX = "brg_"  # noqa: S105 -- a public marker, not a secret
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
DEFAULT_LIFETIME = timedelta(days=90)
# Personal tokens expire within a year; an integration token may be made without
# an expiry, because a service account has no person to renew it.
MAX_PERSONAL_LIFETIME = timedelta(days=366)
# last_used_at is written at most this often: a busy integration should not turn
# every read into a write.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# Scopes only some owners could ever use, and who they are.
RESTRICTED_SCOPES = {
    # Communications staff curate the share hub with HR.
    Scope.REWARDS_ADMIN: lambda owner: owner.is_hr_admin or owner.is_communications,
    Scope.PEOPLE_ADMIN: lambda owner: owner.is_hr_admin or owner.is_platform_admin,
}


def scopes_open_to(owner: User) -> list[str]:
    """The scopes a token of ``owner`` may carry: none that the owner could never use."""
    return [
        scope.value
        for scope in Scope
        if scope not in RESTRICTED_SCOPES or RESTRICTED_SCOPES[scope](owner)
    ]


@transaction.atomic
def issue(
    *,
    owner: User,
    created_by: User,
    name: str,
    scopes: list[str],
    expires_at: datetime | None,
) -> IssuedToken:
    """A new token for ``owner``: a personal one made by its owner, or an
    integration token that a platform admin makes for a service account."""
    kind = _kind_of(owner, created_by)
    _check_scopes(owner, scopes)
    _check_expiry(kind, expires_at)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        kind=kind,
        name=name,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=digest(secret),
        scopes=[scope for scope in Scope.values if scope in scopes],
        created_by=created_by,
        expires_at=expires_at,
    )
    _record("token.created", token, actor=created_by)
    return IssuedToken(token=token, secret=secret)


def default_expiry() -> datetime:
    return timezone.now() + DEFAULT_LIFETIME


def _kind_of(owner: User, created_by: User) -> str:
    if owner.is_service_account:
        if not created_by.is_platform_admin:
            raise PermissionDenied("Only platform admins make tokens for service accounts.")
        return ApiToken.Kind.INTEGRATION
    if owner != created_by:
        raise PermissionDenied("People make their personal tokens themselves.")
    return ApiToken.Kind.PERSONAL


def _check_scopes(owner: User, scopes: list[str]) -> None:
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one scope."})
    open_to_owner = scopes_open_to(owner)
    beyond = sorted(set(scopes) - set(open_to_owner))
    if beyond:
        raise ValidationError(
            {
                "scopes": f"Not open to {owner.name}: {', '.join(beyond)}. A token never "
                "grants more than its owner may do."
            }
        )


def _check_expiry(kind: str, expires_at: datetime | None) -> None:
    now = timezone.now()
    if expires_at is None:
        if kind == ApiToken.Kind.PERSONAL:
            raise ValidationError({"expires_at": "A personal token needs an expiry date."})
        return
    if expires_at <= now:
        raise ValidationError({"expires_at": "Choose a time in the future."})
    if kind == ApiToken.Kind.PERSONAL and expires_at > now + MAX_PERSONAL_LIFETIME:
        raise ValidationError({"expires_at": "A personal token lasts a year at most."})


def authenticate(secret: str) -> ApiToken | None:
    """The usable token for ``secret`` with its owner loaded, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("owner").filter(digest=digest(secret)).first()
    if token is None or not token.is_usable() or not token.owner.is_active:
        return None
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_managed_by(user: User) -> QuerySet[ApiToken]:
    """Tokens ``user`` may list and revoke: their own, and service accounts' for
    platform admins."""
    tokens = ApiToken.objects.select_related("owner", "created_by")
    if user.is_platform_admin:
        return tokens.filter(owner=user) | tokens.filter(owner__is_service_account=True)
    return tokens.filter(owner=user)


@transaction.atomic
def revoke(token: ApiToken, *, actor: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _record("token.revoked", token, actor=actor)
    return token


def _record(verb: str, token: ApiToken, *, actor: User) -> None:
    """In the audit log: which token, whose, with what scopes (never the secret)."""
    activity.record(
        actor=actor,
        verb=verb,
        object_type="api_token",
        object_id=token.pk,
        audience=Audience.PERSONAL,
        payload={"owner": token.owner_id, "prefix": token.prefix, "scopes": token.scopes},
    )
