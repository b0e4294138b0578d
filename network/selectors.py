"""Reads for the network, always through the access policy."""

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from network import access
from network.markup import hashtag_name
from network.models import (
    Comment,
    Community,
    Follow,
    Hashtag,
    Invitation,
    JoinRequest,
    Membership,
    PollOption,
    PollVote,
    Post,
    Reaction,
    User,
)


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


def _words(query: str) -> list[str]:
    # PostgreSQL text cannot hold NUL: a query with one would be a 500, not a search.
    return query.replace("\x00", " ").split()


def directory(user: User, *, query: str = "") -> QuerySet[User]:
    """Active people the person may find, matching every word of the query."""
    people = access.people_visible_to(user).filter(is_active=True)
    for word in _words(query)[:8]:
        matches = Q()
        for field in DIRECTORY_FIELDS:
            matches |= Q(**{f"{field}__icontains": word})
        people = people.filter(matches)
    return people.order_by("last_name", "first_name", "pk")


def communities_listed(user: User) -> QuerySet[Community]:
    """Every community the person may know exists, with member counts."""
    visible = access.communities_visible_to(user).values("pk")
    return (
        Community.objects.filter(pk__in=visible)
        .annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
    )


def my_roles(user: User) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(Membership.objects.filter(user=user).values_list("community_id", "role"))


def members_of(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def pending_requests(community: Community) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        community=community, status=JoinRequest.Status.PENDING
    ).select_related("user")


def open_invitations(community: Community) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        community=community, accepted_at=None, revoked_at=None
    ).select_related("invited_by")


def community_posts(user: User, community: Community) -> QuerySet[Post]:
    """A community's posts the person may read, newest first, with their authors."""
    return with_engagement(
        access.posts_visible_to(user).filter(community=community).order_by("-created_at", "-pk"),
        user,
    )


def count_per_post(queryset: QuerySet) -> Coalesce:
    counted = queryset.filter(post=OuterRef("pk")).order_by().values("post")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
    )


def with_engagement(posts: QuerySet[Post], user: User) -> QuerySet[Post]:
    """Posts with their authors, comment count, reactions per kind and the person's own
    reactions, in the same single query (subqueries, no per-post queries)."""
    annotations = {
        # Only what the reader sees: neither hidden from them nor under a hidden comment.
        "comment_count": count_per_post(
            Comment.objects.filter(
                access.not_hidden_from(user, "post__community"),
                Q(parent__isnull=True)
                | access.not_hidden_from(user, "post__community", prefix="parent__"),
                deleted_at__isnull=True,
            )
        ),
    }
    for kind in Reaction.Kind.values:
        annotations[f"reactions_{kind}"] = count_per_post(Reaction.objects.filter(kind=kind))
        annotations[f"mine_{kind}"] = Exists(
            Reaction.objects.filter(post=OuterRef("pk"), user=user.pk, kind=kind)
        )
    # Polls come with the page (a one-to-one join); their options, with vote counts
    # and whether the reader chose each, in one query; attachments in one more.
    # Meta.ordering is dropped from GROUP BY queries: the answers are ordered
    # explicitly, or they come back in whatever order the table holds them.
    options = PollOption.objects.annotate(
        vote_count=Count("votes"),
        mine=Exists(PollVote.objects.filter(option=OuterRef("pk"), user=user.pk)),
    ).order_by("position")
    return (
        posts.select_related("author", "community", "poll")
        .prefetch_related(Prefetch("poll__options", queryset=options), "attachments")
        .annotate(**annotations)
    )


def post_threads(post: Post, user: User) -> QuerySet[Comment]:
    """Top-level comments with their replies and authors: two queries for any thread.

    Only the comments the person may read (access.comments_visible_to), plus their own
    comments that moderators removed, which they see as a notice with the reason.
    """
    visible = Q(pk__in=access.comments_visible_to(user).filter(post=post).values("pk"))
    if user.is_authenticated:
        visible |= Q(author=user, removed_at__isnull=False)
    comments = Comment.objects.filter(visible, post=post)
    return (
        comments.filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=comments.select_related("author")))
    )


# Lists (feeds, a community's posts) show each post's audience; counting the
# members of large communities costs more than the rest of the page, so lists
# read the counts from the cache for up to a minute. A community's own page
# (visible_to) always counts afresh.
AUDIENCE_CACHE_SECONDS = 60


def _audience_counts(community_ids: list[int]) -> dict[int, dict[str, int]]:
    return {
        row["community"]: {"members": row["members"], "external": row["external"]}
        for row in Membership.objects.filter(community__in=community_ids, user__is_active=True)
        .values("community")
        .annotate(
            members=Count("pk"), external=Count("pk", filter=~Q(user__affiliation="employee"))
        )
    }


def audience_cache_key(community: Community) -> str:
    # created_at in the key: ids are reused by a database created anew (tests).
    return f"network:audience:{community.pk}:{community.created_at.timestamp()}"


def visible_to_many(communities: list[Community], *, fresh: bool = False) -> dict[int, str]:
    """The "Visible to" line for several communities: one query at most."""
    keys = {c.pk: audience_cache_key(c) for c in communities}
    cached = {} if fresh else cache.get_many(list(keys.values()))
    counts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in keys if pk not in counts]
    if missing:
        counted = _audience_counts(missing)
        for pk in missing:
            counts[pk] = counted.get(pk, {"members": 0, "external": 0})
        cache.set_many({keys[pk]: counts[pk] for pk in missing}, AUDIENCE_CACHE_SECONDS)
    lines = {}
    for community in communities:
        row = counts[community.pk]
        members = f"{row['members']} member{'s' if row['members'] != 1 else ''}"
        outside = f", {row['external']} from outside the company" if row["external"] else ""
        everyone = community.visibility == Community.Visibility.OPEN
        prefix = "everyone at the company and the " if everyone else ""
        lines[community.pk] = f"Visible to {prefix}{members} of {community.name}{outside}"
    return lines


def visible_to(community: Community) -> dict[str, object]:
    """Who can read what is posted in a community, for the "Visible to" line."""
    return {"text": visible_to_many([community], fresh=True)[community.pk]}


def pinned_posts(user: User, community: Community) -> QuerySet[Post]:
    """A community's announcements, most recently pinned first."""
    return with_engagement(
        access.posts_visible_to(user)
        .filter(community=community, pinned_at__isnull=False)
        .order_by("-pinned_at", "-pk"),
        user,
    )


def hashtag_posts(user: User, tag: str) -> QuerySet[Post]:
    """Posts with a hashtag, across the communities the person may read, newest first."""
    # The tag's id as a scalar subquery, so PostgreSQL walks the (hashtag, post)
    # index newest first and stops at the page (joined by name, it read every post
    # of a popular tag and sorted them); the readable communities as constants
    # (one small query, on top of the policy's own rule), so it knows when a reader
    # of a few communities is better served from their posts than from the tag's.
    name = hashtag_name(tag)
    if name is None:
        return with_engagement(Post.objects.none(), user)
    hashtag = Subquery(Hashtag.objects.filter(name=name).values("pk")[:1])
    readable = list(access.communities_readable_by(user).values_list("pk", flat=True))
    return with_engagement(
        access.posts_visible_to(user)
        .filter(hashtags=hashtag, community_id__in=readable)
        .order_by("-pk"),
        user,
    )


def mentionable(user: User, community: Community, *, query: str = "") -> QuerySet[User]:
    """The mention picker: people who can read the community and whom the person may see."""
    people = access.people_who_can_read(community).filter(
        pk__in=access.people_visible_to(user).values("pk")
    )
    for word in _words(query)[:4]:
        people = people.filter(
            Q(username__istartswith=word)
            | Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(display_name__istartswith=word)
        )
    return people.order_by("first_name", "last_name", "pk")


def poll_summary(post: Post) -> dict | None:
    """A post's poll as a reader sees it: counts only after voting or closing.

    Reads what with_engagement prefetched; works (with more queries) without it.
    """
    try:
        poll = post.poll
    except Post.poll.RelatedObjectDoesNotExist:
        return None
    options = list(poll.options.all())
    mine = [option.pk for option in options if getattr(option, "mine", False)]
    visible = bool(mine) or poll.is_closed
    return {
        "multiple": poll.multiple,
        "closes_at": poll.closes_at,
        "closed": poll.is_closed,
        "my_votes": mine,
        "results_visible": visible,
        "total_votes": sum(getattr(o, "vote_count", 0) for o in options) if visible else None,
        "options": [
            {
                "id": option.pk,
                "text": option.text,
                "votes": getattr(option, "vote_count", 0) if visible else None,
            }
            for option in options
        ],
    }


def follow_state(user: User, **target: object) -> bool:
    return Follow.objects.filter(follower=user, **target).exists()
