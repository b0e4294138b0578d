"""What a subscription's owner may be told of an activity, and the payload they get.

A webhook hears what its owner's live stream hears (activity/selectors.py, the
catch-up stream's rule): the activities of the communities they are a member of,
and the personal ones that concern them (their own, and those naming them in
``payload["notify"]``, as realtime/handlers.py pushes them); never staff-only ones;
then ``readable_by`` drops those about posts they may not read now. The payload is
put together through the access policy too: an excerpt only of what they may read.

Checked when the delivery is made and again before every attempt: someone removed
from a community, or whose post was hidden, between the event and its delivery is
sent nothing of it.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator

from activity.models import Activity, Audience
from activity.selectors import activities_visible_to, readable_by
from ideas import access as ideas_access
from network import access
from network.models import User
from realtime.events import activity_event

EXCERPT_CHARS = 280


def owner_may_see(owner: User, activity: Activity) -> bool:
    if not (owner.is_active and activity.audience != Audience.STAFF):
        return False
    concerns_them = activity.audience == Audience.PERSONAL and (
        owner.pk == activity.actor_id or owner.pk in activity.payload.get("notify", [])
    )
    heard = concerns_them or activities_visible_to(owner).filter(pk=activity.pk).exists()
    return heard and bool(readable_by(owner, [activity]))


def event_payload(owner: User, activity: Activity) -> dict[str, Any]:
    """The body of the event, as ``owner`` may see it (docs/webhooks.md, "Payload")."""
    event = dict(activity_event(activity))
    del event["type"]
    community = None
    if activity.community_id is not None:
        found = access.communities_visible_to(owner).filter(pk=activity.community_id).first()
        if found is not None:
            community = {"id": found.pk, "name": found.name}
    return {
        "type": activity.verb,
        "timestamp": activity.created_at.isoformat(),
        "data": {
            "activity": event,
            "community": community,
            "object": object_summary(owner, activity.object_type, activity.object_id),
        },
    }


def object_summary(owner: User, object_type: str, object_id: str) -> dict[str, Any] | None:
    """Words about the object, if ``owner`` may read it now; None otherwise (the ids in
    the activity are all the event says)."""
    summarise = _SUMMARIES.get(object_type)
    if summarise is None or not object_id.isdigit():
        return None
    return summarise(owner, int(object_id))


def _post(owner: User, pk: int) -> dict[str, Any] | None:
    post = access.posts_visible_to(owner).select_related("author").filter(pk=pk).first()
    if post is None:
        return None
    return {
        "type": "post",
        "id": post.pk,
        "author": {"id": post.author_id, "name": post.author.name},
        "excerpt": Truncator(post.body).chars(EXCERPT_CHARS),
        "url": _url("post", post.pk),
    }


def _comment(owner: User, pk: int) -> dict[str, Any] | None:
    comment = access.comments_visible_to(owner).select_related("author").filter(pk=pk).first()
    if comment is None:
        return None
    return {
        "type": "comment",
        "id": comment.pk,
        "post_id": comment.post_id,
        "author": {"id": comment.author_id, "name": comment.author.name},
        "excerpt": Truncator(comment.body).chars(EXCERPT_CHARS),
        "url": _url("post", comment.post_id) + f"#comment-{comment.pk}",
    }


def _idea(owner: User, pk: int) -> dict[str, Any] | None:
    idea = ideas_access.ideas_visible_to(owner).filter(pk=pk).first()
    if idea is None:
        return None
    return {"type": "idea", "id": idea.pk, "title": idea.title, "url": _url("idea", idea.pk)}


def _community(owner: User, pk: int) -> dict[str, Any] | None:
    community = access.communities_visible_to(owner).filter(pk=pk).first()
    if community is None:
        return None
    return {"type": "community", "id": community.pk, "name": community.name}


_SUMMARIES: dict[str, Callable[[User, int], dict[str, Any] | None]] = {
    "post": _post,
    "comment": _comment,
    "idea": _idea,
    "community": _community,
}


def still_visible(owner: User, activity: Activity, payload: dict[str, Any]) -> bool:
    """Before each attempt: may the owner still see the activity, and every object
    summary the frozen payload carries?"""
    if not owner_may_see(owner, activity):
        return False
    shown = payload.get("data", {}).get("object")
    if shown is None:
        return True
    return object_summary(owner, shown["type"], str(shown["id"])) is not None


def _url(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])
