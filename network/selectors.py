"""Reads for the network, always through the access policy."""

from django.db.models import Count, Q, QuerySet

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


DIRECTORY_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "title",
    "department",
    "organisation",
)


def directory(user: User, *, query: str = "") -> QuerySet[User]:
    """Active people the person may find, matching every word of the query."""
    people = access.people_visible_to(user).filter(is_active=True)
    for word in query.split()[:8]:
        matches = Q()
        for field in DIRECTORY_FIELDS:
            matches |= Q(**{f"{field}__icontains": word})
        people = people.filter(matches)
    return people.order_by("last_name", "first_name", "pk")
