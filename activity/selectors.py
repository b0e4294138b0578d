"""Reads of the activity stream, through the access policy."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from activity.models import Activity, Audience
from network import access
from network.models import Notification, User
from realtime.events import post_id_of

# Audiences whose activities every member of their community may hear of.
COMMUNITY_AUDIENCES = (Audience.INTERNAL, Audience.PARTNER, Audience.CUSTOMER)


def activities_visible_to(user: User | AnonymousUser) -> QuerySet[Activity]:
    """The activities a person's live socket would have been sent: those of the
    communities they are a member of now, and the personal ones that concern them
    (their own, and those they were notified of). Staff-only activities never.

    Membership is read now, not at the time of the activity: someone removed from
    a community catches up on nothing more of it.
    """
    if not (user.is_authenticated and user.is_active):
        return Activity.objects.none()
    in_my_communities = Q(
        community_id__in=access.community_ids_of_member(user), audience__in=COMMUNITY_AUDIENCES
    )
    told = Notification.objects.filter(recipient=user).values("activity_id")
    about_me = Q(audience=Audience.PERSONAL) & (Q(actor=user) | Q(pk__in=told))
    return Activity.objects.filter(in_my_communities | about_me)


def activities_after(
    user: User, *, after: int, limit: int, overlap: timedelta = timedelta(0)
) -> list[Activity]:
    """The next ``limit`` activities after id ``after`` in the person's stream, oldest
    first (the catch-up stream). Filter them with ``readable_by`` before showing them.

    With an ``overlap``, also those with a smaller id created within that long before
    activity ``after``: ids are allocated before commit and activities are pushed by
    parallel workers, so a socket can receive a newer id before an older one it then
    lost. Clients ask for an overlap on their first page only, and drop ids they
    already have.
    """
    newer = Q(pk__gt=after)
    if overlap:
        anchor = Activity.objects.filter(pk=after).values_list("created_at", flat=True).first()
        if anchor is not None:
            newer |= Q(created_at__gte=anchor - overlap, pk__lte=after)
    return list(
        activities_visible_to(user).filter(newer).select_related("actor").order_by("pk")[:limit]
    )


def readable_by(user: User, activities: list[Activity]) -> list[Activity]:
    """Drop the community activities about posts the person may not read now (hidden
    by moderators, deleted), as the live socket does. Personal activities were
    addressed to the person after an access check and stay; so does the news that a
    post was deleted, which its readers' pages need."""
    about = {a.pk: post_id_of(a) for a in activities if a.audience != Audience.PERSONAL}
    post_ids = set(about.values()) - {None}
    if not post_ids:
        return activities
    visible = set(
        access.posts_visible_to(user).filter(pk__in=post_ids).values_list("pk", flat=True)
    )
    return [
        a
        for a in activities
        if about.get(a.pk) is None or about[a.pk] in visible or a.verb == "post.deleted"
    ]


def latest_activity_id() -> int:
    """The newest activity's id, 0 if there is none: the cursor a page hands its live
    client, which catches up from it (with an overlap, for ids committed late)."""
    return Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
