"""A community's members as a download for the CRM (CSV or JSON: bridge/exports.py):
who is in, from which organisation, in which role, since when."""

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bridge.exports import Export, iso
from network import access, selectors
from network.models import Community, Membership, User

MEMBER_COLUMNS = [
    "id",
    "username",
    "name",
    "email",
    "affiliation",
    "organisation",
    "role",
    "joined_at",
]


def members_export(*, actor: User, community: Community) -> Export:
    """The members of a community (active people, as its member list shows them),
    for those who manage them: its owners and moderators, and platform admins.
    Emails only where the actor may see them (access.can_see_email)."""
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators export its members.")
    memberships = selectors.members_of(community).iterator(chunk_size=2000)
    return Export(
        name=f"members-{community.slug}-{timezone.localdate().isoformat()}",
        header=MEMBER_COLUMNS,
        records=_records(actor, memberships),
    )


def _records(actor: User, memberships: Iterator[Membership]) -> Iterator[dict]:
    for membership in memberships:
        person = membership.user
        yield {
            "id": person.pk,
            "username": person.username,
            "name": person.name,
            "email": person.email if access.can_see_email(actor, person) else None,
            "affiliation": person.affiliation,
            "organisation": person.organisation,
            "role": membership.role,
            "joined_at": iso(membership.joined_at),
        }
