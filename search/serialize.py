"""From the database to search documents: what each kind's document says, read in
batches with the joins it needs (a reindex streams every row through here).

`sources(kind, ids)` yields `(id, document source)` for the rows that exist; a
missing id means the row was deleted and its document must go.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from html import unescape
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.html import strip_tags

from ideas.models import Idea
from network.models import Comment, Community, Hashtag, Membership, Post, User

Source = dict[str, Any]


def text_of(html: str) -> str:
    """The words of rendered Markdown: snippets show text, never markup. Entities
    are decoded, so that marking a snippet (search/presenting.py) escapes it once."""
    return unescape(strip_tags(html)).strip()


def _content(kind: str, obj: Post | Comment | Idea, community: Community) -> Source:
    return {
        "type": kind,
        "created_at": obj.created_at,
        "community_id": community.pk,
        "audience": community.audience,
        "author_id": obj.author_id,
        "author_affiliation": obj.author.affiliation,
        "body": text_of(obj.body_html),
    }


def post_source(post: Post) -> Source:
    return {
        **_content("post", post, post.community),
        "hidden": post.hidden_at is not None,
        "deleted": post.deleted_at is not None,
        "hashtags": [tag.name for tag in post.hashtags.all()],
    }


def comment_source(comment: Comment) -> Source:
    post, parent = comment.post, comment.parent
    thread = [comment, post] + ([parent] if parent else [])
    return {
        **_content("comment", comment, post.community),
        "post_id": post.pk,
        "hidden": any(item.hidden_at is not None for item in thread),
        "deleted": any(item.deleted_at is not None for item in thread),
        "hashtags": [tag.name for tag in post.hashtags.all()],
    }


def idea_source(idea: Idea) -> Source:
    return {
        **_content("idea", idea, idea.board.community),
        "board_id": idea.board_id,
        "title": idea.title,
        "stage": idea.stage.name,
        "merged": idea.merged_into_id is not None,
        "hidden": False,
        "deleted": False,
        "hashtags": [tag.name for tag in idea.tags.all()],
        "tags": [tag.name for tag in idea.tags.all()],
    }


def person_source(person: User) -> Source:
    return {
        "type": "person",
        "created_at": person.date_joined,
        "name": person.name,
        "username": person.username,
        "title": person.title,
        "organisation": person.organisation,
        "department": person.department,
        "affiliation": person.affiliation,
        "active": person.is_active,
        "community_ids": [membership.community_id for membership in person.memberships.all()],
    }


def community_source(community: Community) -> Source:
    return {
        "type": "community",
        "created_at": community.created_at,
        "name": community.name,
        "description": community.description,
        "audience": community.audience,
        "visibility": community.visibility,
        "archived": community.archived_at is not None,
    }


def hashtag_source(hashtag: Hashtag) -> Source:
    return {"type": "hashtag", "name": hashtag.name, "community_ids": hashtag.community_ids}


def _hashtags_with_communities(ids: Iterable[int] | None) -> Iterator[Hashtag]:
    """Hashtags with the communities where a visible post or an idea uses them."""
    hashtags = Hashtag.objects.order_by("pk")
    if ids is not None:
        hashtags = hashtags.filter(pk__in=list(ids))
    hashtags = list(hashtags)
    used: dict[int, set[int]] = defaultdict(set)
    tag_ids = [hashtag.pk for hashtag in hashtags]
    for tag_id, community_id in (
        Post.hashtags.through.objects.filter(
            hashtag_id__in=tag_ids, post__deleted_at__isnull=True
        ).values_list("hashtag_id", "post__community_id")
    ).distinct():
        used[tag_id].add(community_id)
    for tag_id, community_id in (
        Idea.tags.through.objects.filter(hashtag_id__in=tag_ids).values_list(
            "hashtag_id", "idea__board__community_id"
        )
    ).distinct():
        used[tag_id].add(community_id)
    for hashtag in hashtags:
        hashtag.community_ids = sorted(used[hashtag.pk])
        yield hashtag


def queryset_for(kind: str) -> QuerySet:
    """Every row of a kind, with what its document needs joined or prefetched."""
    if kind == "post":
        return Post.objects.select_related("community", "author").prefetch_related("hashtags")
    if kind == "comment":
        return Comment.objects.select_related(
            "post__community", "author", "post", "parent"
        ).prefetch_related("post__hashtags")
    if kind == "idea":
        return Idea.objects.select_related("board__community", "author", "stage").prefetch_related(
            "tags"
        )
    if kind == "person":
        return User.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.only("user_id", "community_id"))
        )
    if kind == "community":
        return Community.objects.all()
    if kind == "hashtag":
        return Hashtag.objects.all()
    raise ValueError(f"no search documents of kind {kind!r}")


SOURCES = {
    "post": post_source,
    "comment": comment_source,
    "idea": idea_source,
    "person": person_source,
    "community": community_source,
    "hashtag": hashtag_source,
}


def sources_of(kind: str, rows: Iterable[Any]) -> Iterator[tuple[int, Source]]:
    to_source = SOURCES[kind]
    if kind == "hashtag":
        rows = _hashtags_with_communities(row.pk for row in rows)
    for row in rows:
        yield row.pk, {**to_source(row), "key": f"{kind}:{row.pk}"}


def sources(kind: str, ids: Iterable[int]) -> Iterator[tuple[int, Source]]:
    """The current documents of these rows (those that still exist)."""
    return sources_of(kind, queryset_for(kind).filter(pk__in=list(ids)).order_by("pk"))
