"""What each kind of hit may show, as the access policy says it (network/access.py,
ideas/access.py): the database backend searches inside its querysets, and the
Elasticsearch backend re-checks its hits against it before showing any (decision
0015: the index is never trusted alone).

Posts, comments and ideas are re-checked row by row (`visible_rows`), with the
policy's predicates for one row: their querysets' subqueries cost more to build and
plan than a page of hits costs to read by key, and the reader's memberships are
already at hand (search/filters.py read them for the query).
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from ideas.access import can_read_idea, ideas_visible_to
from ideas.models import Idea
from network import access
from network.models import Comment, Hashtag, Post, User


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
        return _idea_rows(ideas_visible_to(reader))
    if kind == "person":
        return access.people_visible_to(reader).filter(is_active=True)
    if kind == "community":
        return access.communities_visible_to(reader)
    if kind == "hashtag":
        return hashtags_visible_to(reader)
    raise ValueError(f"no search results of kind {kind!r}")


# A post's or comment's row as the re-check and the hit read it, and no more: a
# page of hits costs the width of its rows (bench/search.py). A field left out here
# would be read one row at a time (tests/search/test_search_api.py counts queries).
_AUTHOR = tuple(
    f"author__{name}"
    for name in ("id", "username", "display_name", "first_name", "last_name", "affiliation")
)
_MODERATED = ("id", "author_id", "deleted_at", "hidden_at")  # what _shown_to reads
_COMMUNITY = ("id", "name", "visibility")
_CONTENT = (*_MODERATED, "body_html", "created_at", *_AUTHOR)


def _post_rows() -> QuerySet[Post]:
    return (
        Post.objects.select_related("community", "author")
        .only("community_id", *_CONTENT, *(f"community__{name}" for name in _COMMUNITY))
        .order_by()
    )


def _comment_rows() -> QuerySet[Comment]:
    return (
        Comment.objects.select_related("post__community", "author", "parent")
        .only(
            "post_id",
            "parent_id",
            *_CONTENT,
            "post__community_id",
            *(f"post__{name}" for name in _MODERATED),
            *(f"post__community__{name}" for name in _COMMUNITY),
            *(f"parent__{name}" for name in _MODERATED),
        )
        .order_by()
    )


def _idea_rows(ideas: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    # Merged duplicates only redirect to the idea they were merged into.
    ideas = Idea.objects.all() if ideas is None else ideas
    return ideas.filter(merged_into__isnull=True).select_related(
        "board__community", "author", "stage"
    )


# The rows of a hit, and the policy's predicate for one of them.
ROW_RULES: dict[
    str, tuple[Callable[[], QuerySet], Callable[[User | AnonymousUser, Model], bool]]
] = {
    "post": (_post_rows, access.can_read_post),
    "comment": (_comment_rows, access.can_read_comment),
    "idea": (_idea_rows, can_read_idea),
}


def visible_rows(reader: User | AnonymousUser, kind: str, pks: Iterable[int]) -> list[Model]:
    """The rows among `pks` that the reader may see now: one query."""
    if kind not in ROW_RULES:
        return list(visible(reader, kind).filter(pk__in=pks))
    rows, may_see = ROW_RULES[kind]
    return [row for row in rows().filter(pk__in=pks) if may_see(reader, row)]
