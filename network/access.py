"""THE visibility policy. Every surface asks this module what a person may see.

Hidden and missing look the same: `access_*` functions raise `NotFound` in both
cases so that no surface can leak an object's existence through a 403.
"""

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from network import membership_memo
from network.models import Affiliation, Comment, Community, Membership, Post, User

M = TypeVar("M", bound=Model)


class NotFound(Http404):
    """The object does not exist, or the person may not know that it does."""


def one_or_none(queryset: QuerySet[M], **unique: object) -> M | None:
    """The one row matching a unique lookup, or None. Not first(): its ORDER BY
    costs planning and a sort on every request for a row found by its key."""
    try:
        return queryset.get(**unique)
    except queryset.model.DoesNotExist:
        return None


def _is_active_person(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def communities_visible_to(user: User | AnonymousUser) -> QuerySet[Community]:
    """Communities a person may know exist (listed, reachable by URL).

    Employees see every community except secret ones they are not in; external
    people see only the communities they were invited into.
    """
    if not _is_active_person(user):
        return Community.objects.none()
    if user.is_platform_admin:
        return Community.objects.all()
    # A subquery, not a join: no DISTINCT to plan and sort on every lookup.
    is_member = Q(pk__in=Membership.objects.filter(user=user).values("community_id"))
    if user.is_external:
        return Community.objects.filter(is_member)
    return Community.objects.filter(~Q(visibility=Community.Visibility.SECRET) | is_member)


def access_community(user: User | AnonymousUser, community_id: int) -> Community:
    try:
        return communities_visible_to(user).get(pk=community_id)
    except Community.DoesNotExist:
        raise NotFound("No such community.") from None


def community_member_ids(community_id: int) -> set[int]:
    """Who receives what happens inside a community (feeds, sockets, notifications)."""
    return set(
        User.objects.filter(memberships__community_id=community_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def community_ids_of_member(user: User) -> list[int]:
    """Communities whose live events a person's sockets receive: the ones they are in."""
    return list(
        communities_visible_to(user).filter(memberships__user=user).values_list("pk", flat=True)
    )


def people_visible_to(user: User | AnonymousUser) -> QuerySet[User]:
    """People a person may find, mention and look at (deactivated ones included).

    External people find only those who share a community with them; employees
    find every employee plus the external members of their own communities.
    Directories and pickers add ``is_active=True``; profiles stay reachable so
    that deactivated authors remain attributed.
    """
    if not _is_active_person(user):
        return User.objects.none()
    if user.is_platform_admin:
        return User.objects.all()
    my_communities = Membership.objects.filter(user=user).values("community_id")
    sharing_a_community = Membership.objects.filter(community_id__in=my_communities).values(
        "user_id"
    )
    if user.is_external:
        return User.objects.filter(Q(pk__in=sharing_a_community) | Q(pk=user.pk))
    return User.objects.filter(Q(affiliation=Affiliation.EMPLOYEE) | Q(pk__in=sharing_a_community))


def access_person(user: User | AnonymousUser, person_id: int) -> User:
    try:
        return people_visible_to(user).get(pk=person_id)
    except User.DoesNotExist:
        raise NotFound("No such person.") from None


def membership_of(user: User | AnonymousUser, community: Community) -> Membership | None:
    if not _is_active_person(user):
        return None
    return membership_memo.remembered(
        user.pk,
        community.pk,
        lambda: one_or_none(Membership.objects.all(), community=community, user=user),
    )


def can_read_community(user: User | AnonymousUser, community: Community) -> bool:
    """Whether a person may read a community's content (posts, members).

    Open communities are read by everyone who may see them; private and secret
    ones by their members.
    """
    if not _is_active_person(user):
        return False
    if user.is_platform_admin or membership_of(user, community) is not None:
        return True
    return community.visibility == Community.Visibility.OPEN and not user.is_external


def is_moderator(user: User | AnonymousUser, community: Community) -> bool:
    if not _is_active_person(user):
        return False
    if user.is_platform_admin:
        return True
    membership = membership_of(user, community)
    return membership is not None and membership.role in (
        Membership.Role.OWNER,
        Membership.Role.MODERATOR,
    )


def is_owner(user: User | AnonymousUser, community: Community) -> bool:
    if not _is_active_person(user):
        return False
    membership = membership_of(user, community)
    is_community_owner = membership is not None and membership.role == Membership.Role.OWNER
    return user.is_platform_admin or is_community_owner


def communities_readable_by(user: User | AnonymousUser) -> QuerySet[Community]:
    """Communities whose content a person may read: the queryset form of
    can_read_community, for lists and feeds."""
    if not _is_active_person(user):
        return Community.objects.none()
    if user.is_platform_admin:
        return Community.objects.all()
    member = Q(pk__in=Membership.objects.filter(user=user).values("community_id"))
    if user.is_external:
        return Community.objects.filter(member)
    return Community.objects.filter(Q(visibility=Community.Visibility.OPEN) | member)


def moderated_community_ids(user: User | AnonymousUser) -> QuerySet[Membership]:
    """The communities a person owns or moderates, as a subquery of community ids."""
    if not _is_active_person(user):
        return Membership.objects.none().values("community_id")
    return Membership.objects.filter(
        user=user, role__in=(Membership.Role.OWNER, Membership.Role.MODERATOR)
    ).values("community_id")


def not_hidden_from(user: User | AnonymousUser, community_path: str, prefix: str = "") -> Q:
    """Content hidden by moderators stays visible to its author and to the moderators of
    its community (platform admins moderate everywhere); everyone else loses it.

    ``prefix`` applies the rule to a related post or comment (``"parent__"``).
    """
    if not _is_active_person(user):
        return Q(**{f"{prefix}hidden_at__isnull": True})
    if user.is_platform_admin:
        # Always true; unlike Q(), it survives being OR-ed with another condition.
        return Q(pk__isnull=False)
    return (
        Q(**{f"{prefix}hidden_at__isnull": True})
        | Q(**{f"{prefix}author": user})
        | Q(**{f"{community_path}__in": moderated_community_ids(user)})
    )


def posts_visible_to(user: User | AnonymousUser) -> QuerySet[Post]:
    """Posts a person may read: in a community they may read, neither deleted nor
    hidden from them. Every list, feed and detail starts here."""
    if not _is_active_person(user):
        return Post.objects.none()
    return Post.objects.filter(
        not_hidden_from(user, "community"),
        community__in=communities_readable_by(user).values("pk"),
        deleted_at__isnull=True,
    )


def access_post(user: User | AnonymousUser, post_id: int) -> Post:
    try:
        return posts_visible_to(user).select_related("community", "author").get(pk=post_id)
    except Post.DoesNotExist:
        raise NotFound("No such post.") from None


def comments_visible_to(user: User | AnonymousUser) -> QuerySet[Comment]:
    """Comments a person may read: on posts they may read, neither deleted nor hidden
    from them (the same rule as posts), nor replies under such a comment."""
    if not _is_active_person(user):
        return Comment.objects.none()
    return Comment.objects.filter(
        not_hidden_from(user, "post__community"),
        # A reply lives under its comment: hidden or deleted with it.
        not_hidden_from(user, "post__community", prefix="parent__"),
        Q(parent__isnull=True) | Q(parent__deleted_at__isnull=True),
        post__in=posts_visible_to(user),
        deleted_at__isnull=True,
    )


def access_comment(user: User | AnonymousUser, comment_id: int) -> Comment:
    try:
        return (
            comments_visible_to(user)
            .select_related("post__community", "post__author", "author")
            .get(pk=comment_id)
        )
    except Comment.DoesNotExist:
        raise NotFound("No such comment.") from None


# --- One row at a time --------------------------------------------------------------
# communities_visible_to, posts_visible_to and comments_visible_to as predicates over
# rows already loaded (with their community): for checking a batch of rows found
# elsewhere (search re-checks its hits), where planning those querysets' subqueries
# costs more than reading the rows. Memberships come through membership_of, so after
# memberships_of() a batch asks nothing more. tests/network/test_access_rows.py holds
# each one to its queryset.


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """Every membership of a person, in one query. While memberships are remembered
    (a request, membership_memo.remembering()), they are read once, and membership_of
    answers from them for every community."""
    if not _is_active_person(user):
        return []
    memberships = membership_memo.all_remembered(user.pk)
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user))
        membership_memo.remember_all(user.pk, memberships)
    return memberships


def can_see_community(user: User | AnonymousUser, community: Community) -> bool:
    """communities_visible_to, for one community."""
    if not _is_active_person(user):
        return False
    if user.is_platform_admin or membership_of(user, community) is not None:
        return True
    return not user.is_external and community.visibility != Community.Visibility.SECRET


def _shown_to(user: User | AnonymousUser, row: Post | Comment, community: Community) -> bool:
    """not_hidden_from, for one post or comment."""
    return row.hidden_at is None or row.author_id == user.pk or is_moderator(user, community)


def can_read_post(user: User | AnonymousUser, post: Post) -> bool:
    """posts_visible_to, for one post."""
    return (
        post.deleted_at is None
        and can_read_community(user, post.community)
        and _shown_to(user, post, post.community)
    )


def can_read_comment(user: User | AnonymousUser, comment: Comment) -> bool:
    """comments_visible_to, for one comment (its post, community and parent loaded)."""
    post, parent = comment.post, comment.parent
    return (
        comment.deleted_at is None
        and can_read_post(user, post)
        and _shown_to(user, comment, post.community)
        and (
            parent is None
            or (parent.deleted_at is None and _shown_to(user, parent, post.community))
        )
    )


def people_who_can_read(community: Community) -> QuerySet[User]:
    """Active people who can read a community's posts (for mentions and notices)."""
    readers = Q(pk__in=Membership.objects.filter(community=community).values("user_id"))
    if community.visibility == Community.Visibility.OPEN:
        readers |= Q(affiliation=Affiliation.EMPLOYEE)
    return User.objects.filter(readers, is_active=True)


def can_see_email(user: User | AnonymousUser, person: User) -> bool:
    """Email addresses are not part of a profile: a person sees their own, HR admins
    see everyone's (the HR console's people pages) and platform admins too (Django's
    admin site). Directories, members and pickers never show them."""
    if not _is_active_person(user):
        return False
    return user.pk == person.pk or user.is_platform_admin or user.is_hr_admin
