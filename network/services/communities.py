"""Creating, changing and archiving communities."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

import activity
from bridge.errors import Conflict
from network import access, membership_memo
from network.models import Community, Membership, User

EDITABLE_FIELDS = frozenset({"name", "description", "rules", "visibility"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "community"
    slug, counter = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def can_create_communities(actor: User) -> bool:
    if not actor.is_active or not actor.is_employee:
        return False
    if settings.COMMUNITY_CREATION == "managers":
        return actor.is_community_manager or actor.is_platform_admin
    return True


def community_create(
    *,
    actor: User,
    name: str,
    audience: str,
    visibility: str = Community.Visibility.PRIVATE,
    description: str = "",
    rules: str = "",
) -> Community:
    if not can_create_communities(actor):
        raise PermissionDenied("You may not create communities.")
    community = Community(
        name=name,
        slug=_unique_slug(name),
        description=description,
        rules=rules,
        audience=audience,
        visibility=visibility,
        created_by=actor,
    )
    community.full_clean()
    with transaction.atomic():
        community.save()
        Membership.objects.create(community=community, user=actor, role=Membership.Role.OWNER)
        membership_memo.forget()
        activity.record(
            actor=actor,
            verb="community.created",
            object_type="community",
            object_id=community.pk,
            community=community,
            payload={"name": community.name},
        )
    return community


def ensure_writable(community: Community) -> None:
    if community.is_archived:
        raise Conflict("This community is archived: it can be read but not changed.")


def community_update(*, actor: User, community: Community, changes: dict[str, str]) -> Community:
    """Moderators edit the description and rules; owners also the name and visibility."""
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators can change it.")
    owner_only = {"name", "visibility"} & set(changes)
    if owner_only and not access.is_owner(actor, community):
        raise PermissionDenied("Only owners can rename a community or change its visibility.")
    ensure_writable(community)
    for field, value in changes.items():
        if field not in EDITABLE_FIELDS:
            raise PermissionDenied(f"{field} cannot be changed.")
        setattr(community, field, value)
    community.full_clean()
    with transaction.atomic():
        community.save()
        activity.record(
            actor=actor,
            verb="community.updated",
            object_type="community",
            object_id=community.pk,
            community=community,
            payload={"fields": sorted(changes)},
        )
    return community


def community_archive(*, actor: User, community: Community) -> Community:
    if not access.is_owner(actor, community):
        raise PermissionDenied("Only owners can archive a community.")
    ensure_writable(community)
    with transaction.atomic():
        community.archived_at = timezone.now()
        community.save(update_fields=["archived_at"])
        activity.record(
            actor=actor,
            verb="community.archived",
            object_type="community",
            object_id=community.pk,
            community=community,
        )
    return community
