"""What each kind of hit may show, as the access policy's querysets
(network/access.py, ideas/access.py): the database backend searches inside them,
and the Elasticsearch backend re-checks its hits against them before showing any
(decision 0015: the index is never trusted alone)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from ideas.access import ideas_visible_to
from network import access
from network.models import Hashtag, User


def hashtags_visible_to(reader: User | AnonymousUser) -> QuerySet[Hashtag]:
    """Hashtags used where the reader may read: on a post that is not deleted, or
    an idea, in a readable community (as search/serialize.py records them)."""
    readable = access.communities_readable_by(reader).values("pk")
    return Hashtag.objects.filter(
        Q(pk__in=Hashtag.objects.filter(posts__community__in=readable, posts__deleted_at=None))
        | Q(pk__in=Hashtag.objects.filter(ideas__board__community__in=readable))
    )


def visible(reader: User | AnonymousUser, kind: str) -> QuerySet:
    """The rows of a kind the reader may find, with what a hit shows joined."""
    if kind == "post":
        return access.posts_visible_to(reader).select_related("community", "author")
    if kind == "comment":
        return access.comments_visible_to(reader).select_related("post__community", "author")
    if kind == "idea":
        # Merged duplicates only redirect to the idea they were merged into.
        return (
            ideas_visible_to(reader)
            .filter(merged_into__isnull=True)
            .select_related("board__community", "author", "stage")
        )
    if kind == "person":
        return access.people_visible_to(reader).filter(is_active=True)
    if kind == "community":
        return access.communities_visible_to(reader)
    if kind == "hashtag":
        return hashtags_visible_to(reader)
    raise ValueError(f"no search results of kind {kind!r}")
