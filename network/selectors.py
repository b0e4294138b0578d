"""Reads for the network, always through the access policy."""

from django.db.models import Count, QuerySet

from network import access
from network.models import Community, User


def communities_of(user: User) -> QuerySet[Community]:
    """The communities a person belongs to, for their home page."""
    # Filter through a subquery: filtering on memberships__user and counting
    # memberships in the same query would count only the person's own row.
    mine = access.communities_visible_to(user).filter(memberships__user=user).values("pk")
    return (
        Community.objects.filter(pk__in=mine)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )
