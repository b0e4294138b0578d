"""Writes to the network: each service checks, then does, then records an activity."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

import activity
from network.models import Community, Membership, User


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "community"
    slug, counter = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def community_create(
    *,
    actor: User,
    name: str,
    audience: str,
    visibility: str = Community.Visibility.PRIVATE,
    description: str = "",
) -> Community:
    if not actor.is_employee:
        raise PermissionDenied("Only employees may create communities.")
    with transaction.atomic():
        community = Community.objects.create(
            name=name,
            slug=_unique_slug(name),
            description=description,
            audience=audience,
            visibility=visibility,
            created_by=actor,
        )
        Membership.objects.create(community=community, user=actor, role=Membership.Role.OWNER)
        activity.record(
            actor=actor,
            verb="community.created",
            object_type="community",
            object_id=community.pk,
            community=community,
            payload={"name": community.name},
        )
    return community


def membership_add(
    *, actor: User, community: Community, user: User, role: str = Membership.Role.MEMBER
) -> Membership:
    """Put a person in a community (invitation acceptance and seeding use this)."""
    if user.is_external and community.audience == Community.Audience.INTERNAL:
        raise ValidationError("External people cannot join internal communities.")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            community=community, user=user, defaults={"role": role}
        )
        if created:
            activity.record(
                actor=actor,
                verb="membership.added",
                object_type="membership",
                object_id=membership.pk,
                community=community,
                payload={"user_id": user.pk, "role": role},
            )
    return membership
