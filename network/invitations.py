"""Invitation links: signed tokens that name an invitation and its nonce."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from network.models import Invitation

SALT = "bridge.network.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("invitation", args=[invitation_token(invitation)])


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None for a forged, mangled or re-issued link."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    invitation = (
        Invitation.objects.select_related("community", "invited_by")
        .filter(pk=data.get("i"))
        .first()
    )
    if invitation is None or invitation.nonce != data.get("n"):
        return None
    return invitation
