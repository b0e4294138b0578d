"""Which search documents an activity changes: `affected(activity)` maps it to
{kind: ids}. The handler then writes those rows' current state, so this only has to
name them, never to know what changed in them.

Ids come from the activity (object_type/object_id, payload) and, where they are not
there, from the database: a post's comments and hashtags, a comment's replies, an
idea's tags. Who may read what is worked out at query time (decision 0015), so a
membership change touches only the person's own document (community_ids) and a
community turned private needs no reindexing at all.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from network.models import Comment, Hashtag, Invitation
from search.verbs import (
    COMMENT_VERBS,
    COMMUNITY_VERBS,
    IDEA_VERBS,
    MEMBERSHIP_VERBS,
    PERSON_VERBS,
    POST_VERBS,
)

if TYPE_CHECKING:
    from activity.models import Activity

Affected = dict[str, set[int]]


def _post(post_id: int) -> Affected:
    """The post, its comments (their hidden/deleted follow the post) and its hashtags
    (a deleted post no longer puts its community on them)."""
    return {
        "post": {post_id},
        "comment": set(Comment.objects.filter(post_id=post_id).values_list("pk", flat=True)),
        "hashtag": set(Hashtag.objects.filter(posts__pk=post_id).values_list("pk", flat=True)),
    }


def _comment(comment_id: int) -> Affected:
    """The comment and its replies (one level deep), which inherit its flags."""
    replies = Comment.objects.filter(parent_id=comment_id).values_list("pk", flat=True)
    return {"comment": {comment_id, *replies}}


def _idea(idea_id: int) -> Affected:
    return {
        "idea": {idea_id},
        "hashtag": set(Hashtag.objects.filter(ideas__pk=idea_id).values_list("pk", flat=True)),
    }


def _community(activity: "Activity") -> Affected:
    """The community; a new one also its creator, who became its owner (a
    membership made without a membership activity of its own)."""
    documents: Affected = {"community": {int(activity.object_id)}}
    if activity.verb == "community.created" and activity.actor_id is not None:
        documents["person"] = {activity.actor_id}
    return documents


def _member(activity: "Activity") -> Affected:
    """The person whose memberships changed: named in the payload, or for an accepted
    invitation, whoever accepted it."""
    user_id = activity.payload.get("user_id")
    if user_id is None and activity.verb == "invitation.accepted":
        user_id = (
            Invitation.objects.filter(pk=int(activity.object_id))
            .values_list("accepted_by_id", flat=True)
            .first()
        ) or activity.actor_id
    return {"person": {int(user_id)}} if user_id is not None else {}


def _object(kind: str) -> Callable[["Activity"], Affected]:
    return lambda activity: {kind: {int(activity.object_id)}}


_BY_VERBS: tuple[tuple[tuple[str, ...], Callable[["Activity"], Affected]], ...] = (
    (POST_VERBS, lambda activity: _post(int(activity.object_id))),
    (COMMENT_VERBS, lambda activity: _comment(int(activity.object_id))),
    (IDEA_VERBS, lambda activity: _idea(int(activity.object_id))),
    (COMMUNITY_VERBS, _community),
    (MEMBERSHIP_VERBS, _member),
    (PERSON_VERBS, _object("person")),
)
AFFECTED_BY = {verb: find for verbs, find in _BY_VERBS for verb in verbs}


def affected(activity: "Activity") -> Affected:
    """The documents this activity changes, by kind (empty for other verbs)."""
    find = AFFECTED_BY.get(activity.verb)
    return find(activity) if find else {}


def merge(*groups: Affected) -> Affected:
    """Several activities' documents, each once."""
    merged: Affected = defaultdict(set)
    for group in groups:
        for kind, ids in group.items():
            merged[kind] |= ids
    return dict(merged)
