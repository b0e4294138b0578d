"""Inviting people into communities by email, and accepting invitations."""

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network import access
from network.models import Affiliation, Community, Invitation, Membership, User
from network.services.communities import ensure_writable
from network.services.memberships import membership_add

BULK_LIMIT = 500


def _existing_account(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def invitation_create(
    *, actor: User, community: Community, email: str, organisation: str = ""
) -> Invitation:
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators invite people.")
    ensure_writable(community)
    email = email.strip().lower()
    validate_email(email)
    if email == actor.email.lower():
        raise ValidationError({"email": "You can't invite yourself."})
    account = _existing_account(email)
    if (
        account is not None
        and Membership.objects.filter(community=community, user=account).exists()
    ):
        raise Conflict(f"{email} is already a member.")
    if not community.is_external and (account is None or account.is_external):
        raise ValidationError({"email": "Internal communities are for employees with an account."})
    if account is None and not organisation.strip():
        raise ValidationError({"organisation": "Say which company this person works for."})
    now = timezone.now()
    with transaction.atomic():
        open_ones = Invitation.objects.select_for_update().filter(
            community=community, email__iexact=email, accepted_at=None, revoked_at=None
        )
        if open_ones.filter(expires_at__gt=now).exists():
            raise Conflict(f"{email} already has an open invitation.")
        open_ones.update(revoked_at=now)  # expired ones make way for the new one
        invitation = Invitation.objects.create(
            community=community,
            email=email,
            organisation=organisation.strip(),
            invited_by=actor,
            nonce=secrets.token_urlsafe(24),
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        activity.record(
            actor=actor,
            verb="invitation.created",
            object_type="invitation",
            object_id=invitation.pk,
            community=community,
            audience=Audience.STAFF,
            payload={"email": email},
        )
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not access.is_moderator(actor, invitation.community):
        raise PermissionDenied("Only the community's moderators revoke invitations.")
    if invitation.status != "pending":
        raise Conflict(f"This invitation is already {invitation.status}.")
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        activity.record(
            actor=actor,
            verb="invitation.revoked",
            object_type="invitation",
            object_id=invitation.pk,
            community=invitation.community,
            audience=Audience.STAFF,
        )
    return invitation


def _check_open(invitation: Invitation) -> None:
    if invitation.status != "pending":
        raise Conflict(f"This invitation is {invitation.status}.")


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    _check_open(invitation)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied("This invitation was sent to another address.")
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(locked)
        membership = membership_add(actor=user, community=locked.community, user=user)
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        activity.record(
            actor=user,
            verb="invitation.accepted",
            object_type="invitation",
            object_id=locked.pk,
            community=locked.community,
            audience=Audience.STAFF,
            # Who referred them: the "referral_accepted" earning credits the inviter.
            payload={"invited_by": locked.invited_by_id},
        )
    return membership


def invitation_signup(
    *, invitation: Invitation, username: str, first_name: str, last_name: str, password: str
) -> User:
    """Create the account of an invited partner or customer, then accept."""
    _check_open(invitation)
    community = invitation.community
    if not community.is_external:
        raise Conflict("Employees sign in with their company account.")
    if _existing_account(invitation.email) is not None:
        raise Conflict("An account with this address exists: sign in to accept.")
    affiliation = (
        Affiliation.PARTNER
        if community.audience == Community.Audience.PARTNER
        else Affiliation.CUSTOMER
    )
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=invitation.email,
        affiliation=affiliation,
        organisation=invitation.organisation or "Unknown",
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        invitation_accept(invitation=invitation, user=user)
    return user


@dataclass(frozen=True)
class BulkRow:
    row: int
    email: str
    status: str  # "invited" or "error"
    error: str = ""


def _rows(text: str) -> list[tuple[str, str]]:
    rows = []
    for raw in csv.reader(io.StringIO(text)):
        cells = [cell.strip() for cell in raw]
        if not cells or not any(cells) or cells[0].lower() == "email":
            continue
        rows.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return rows


def invitations_bulk(*, actor: User, community: Community, text: str) -> list[BulkRow]:
    """Invite from a pasted list or CSV (email[, organisation]); one result per row."""
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators invite people.")
    rows = _rows(text)
    if not rows:
        raise ValidationError({"text": "Paste at least one email address."})
    if len(rows) > BULK_LIMIT:
        raise ValidationError({"text": f"At most {BULK_LIMIT} rows at a time."})
    results = []
    for number, (email, organisation) in enumerate(rows, start=1):
        try:
            invitation_create(
                actor=actor, community=community, email=email, organisation=organisation
            )
        except (ValidationError, Conflict) as error:
            message = error.message if isinstance(error, Conflict) else "; ".join(error.messages)
            results.append(BulkRow(number, email, "error", message))
        else:
            results.append(BulkRow(number, email.lower(), "invited"))
    return results
