"""How notifications about ideas read: words, excerpt and link, put together when
they are read (network/inbox.py asks), through the access policy.

A notification about an idea stores no pointer of its own: the idea is its
activity's object, or payload["idea_id"] when the activity is about a comment.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from activity.models import Activity
from ideas import access
from ideas.models import Stage
from network.models import Notification, User

Reason = Notification.Reason

REASON_BY_VERB = {
    "idea.stage_changed": Reason.IDEA,
    "idea.coauthor_invited": Reason.IDEA,
    # The people @mentioned in an idea or in a comment under it.
    "idea.submitted": Reason.MENTION,
    "idea.edited": Reason.MENTION,
    "idea.commented": Reason.MENTION,
}
TEXT = {
    "idea.stage_changed": "{actor} moved “{title}” to {stage}",
    "idea.coauthor_invited": "{actor} invited you to co-author “{title}”",
    "idea.submitted": "{actor} mentioned you in the idea “{title}”",
    "idea.edited": "{actor} mentioned you in the idea “{title}”",
    "idea.commented": "{actor} mentioned you in a comment on “{title}”",
}
# When the reader can no longer read the idea: nothing of it, only where it was.
TEXT_WITHOUT_ACCESS = "Something changed on an idea in {community}"
EXCERPT = 240


def idea_id_of(activity: Activity) -> int | None:
    """The idea an activity concerns: its object, or the idea of its comment."""
    if activity.object_type == "idea":
        return int(activity.object_id)
    idea_id = activity.payload.get("idea_id")
    return int(idea_id) if idea_id is not None else None


def is_about_an_idea(notification: Notification) -> bool:
    return notification.activity.verb in REASON_BY_VERB


def idea_url(idea_id: int) -> str:
    """The idea's page once the pages exist (a route named "idea"); its API until then."""
    try:
        return reverse("idea", args=[idea_id])
    except NoReverseMatch:
        return reverse("api-idea", args=[idea_id])


def present(user: User, notifications: list[Notification]) -> dict[int, tuple[str, str, str]]:
    """(text, excerpt, url) by notification id, for the notifications about ideas."""
    about = {n.pk: idea_id_of(n.activity) for n in notifications if is_about_an_idea(n)}
    if not about:
        return {}
    ideas = access.ideas_visible_to(user).in_bulk([i for i in about.values() if i is not None])
    comment_ids = [
        int(n.activity.object_id)
        for n in notifications
        if n.pk in about and n.activity.object_type == "idea_comment"
    ]
    comments = access.comments_visible_to(user).in_bulk(comment_ids) if comment_ids else {}
    stage_ids = [n.activity.payload.get("to") for n in notifications if n.pk in about]
    stages = Stage.objects.in_bulk([i for i in stage_ids if i is not None])
    shown = {}
    for notification in notifications:
        if notification.pk not in about:
            continue
        activity, idea = notification.activity, ideas.get(about[notification.pk])
        if idea is None:
            community = notification.community.name if notification.community else "Bridge"
            url = (
                reverse("community", args=[notification.community_id])
                if notification.community_id
                else reverse("notifications")
            )
            shown[notification.pk] = (TEXT_WITHOUT_ACCESS.format(community=community), "", url)
            continue
        stage = stages.get(activity.payload.get("to"))
        text = TEXT[activity.verb].format(
            actor=notification.actor.name if notification.actor else "Someone",
            title=idea.title,
            stage=stage.name if stage else "another stage",
        )
        url, excerpt = idea_url(idea.pk), ""
        if activity.verb == "idea.stage_changed":
            excerpt = activity.payload.get("note", "")
        elif activity.object_type == "idea_comment":
            comment = comments.get(int(activity.object_id))
            excerpt = comment.body if comment else ""
            url += f"#comment-{activity.object_id}" if comment else ""
        elif activity.verb in ("idea.submitted", "idea.edited"):
            excerpt = idea.body
        shown[notification.pk] = (text, Truncator(excerpt).chars(EXCERPT), url)
    return shown
