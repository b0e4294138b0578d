"""Reads for the network, always through the access policy."""

from django.db.models import Count, QuerySet

from network import access
from network.models import Community, User


def communities_of(user: User) -> QuerySet[Community]:
    """The communities a person belongs to, for their home page."""
    return (
        access.communities_visible_to(user)
        .filter(memberships__user=user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
