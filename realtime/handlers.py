"""The activity handler that pushes activities to the sockets allowed to see them.

It runs after commit, through the relay (activity/relay.py), so a slow or absent
Redis never slows or breaks a write: the delivery stays pending and is retried.
"""

from activity.models import Activity, Audience
from network.models import Post
from realtime.events import (
    ActivityEvent,
    activity_event,
    board_group,
    board_id_of,
    community_group,
    post_group,
    post_id_of,
    publish,
    user_group,
)

# Told to the author (personal), and to the readers of the thread without the actor.
COMMENT_MODERATION_VERBS = frozenset({"comment.hidden", "comment.unhidden", "comment.removed"})
# The same for comments under ideas: the readers are the board's viewers.
IDEA_COMMENT_MODERATION_VERBS = frozenset({"idea.comment_hidden", "idea.comment_unhidden"})
# After these, the affected person's sockets re-check the topics they hold.
MEMBERSHIP_VERBS = frozenset(
    {"membership.added", "membership.removed", "membership.left", "member.banned"}
)
# After these, every socket following the community re-checks (visibility changed).
COMMUNITY_ACCESS_VERBS = frozenset({"community.updated"})
# After these, every socket following the post's thread re-checks.
POST_ACCESS_VERBS = frozenset({"post.deleted", "post.hidden", "post.unhidden", "post.removed"})


def push_activity(activity: Activity) -> None:
    if activity.verb == "person.deactivated":
        publish(user_group(int(activity.object_id)), {"type": "session.ended"})
        return
    if activity.verb == "person.signed_out":
        publish(activity.payload["session_group"], {"type": "session.ended"})
        return
    if activity.audience != Audience.STAFF:  # staff-only activities are never pushed
        event = activity_event(activity)
        for group in groups_hearing(activity):
            publish(group, event)
        readers = moderated_comment_readers(activity, event)
        if readers is not None:
            # Readers of the thread re-read the comment (and lose it); the decision
            # itself, and who took it, stay with its author.
            publish(readers, {**event, "actor": None})
    # After the event itself, so someone losing access still learns of it.
    for group in groups_to_recheck(activity):
        publish(group, {"type": "access.changed"})


def moderated_comment_readers(activity: Activity, event: ActivityEvent) -> str | None:
    """The group whose pages show a comment moderators just hid or restored: its
    post's thread, or its idea's board. The event names the comment, never its text,
    and the pages fetch their comments again through the access policy."""
    if activity.verb in COMMENT_MODERATION_VERBS and event["post_id"] is not None:
        return post_group(event["post_id"])
    if activity.verb in IDEA_COMMENT_MODERATION_VERBS and event["board_id"] is not None:
        return board_group(event["board_id"])
    return None


def groups_hearing(activity: Activity) -> list[str]:
    """Community activities go to the community's group (joined only after an access
    check, see topics.py) and, when they concern a post or an idea, to its thread's
    or board's group;
    personal ones to the actor and the people listed in payload["notify"]."""
    if activity.audience == Audience.PERSONAL:
        people = {activity.actor_id, *activity.payload.get("notify", [])} - {None}
        return [user_group(user_id) for user_id in sorted(people)]
    if activity.community_id is None:
        return [user_group(activity.actor_id)] if activity.actor_id is not None else []
    board_id = board_id_of(activity)
    if board_id is not None:
        # Idea activities also reach the board's viewers: employees reading an open
        # community's board need not be members (a board's readers are its
        # community's readers, checked when they subscribed).
        return [community_group(activity.community_id), board_group(board_id)]
    post_id = post_id_of(activity)
    if post_id is None:
        return [community_group(activity.community_id)]
    if activity.verb != "post.deleted" and not _open_to_members(post_id):
        # Hidden by moderators (or gone): only the thread's followers, whose access
        # was re-checked when it was hidden, hear of it; the community does not.
        return [post_group(post_id)]
    return [community_group(activity.community_id), post_group(post_id)]


def _open_to_members(post_id: int) -> bool:
    return Post.objects.filter(pk=post_id, hidden_at__isnull=True, deleted_at__isnull=True).exists()


def groups_to_recheck(activity: Activity) -> list[str]:
    """Sockets whose topics may no longer be allowed after this activity."""
    if activity.verb in MEMBERSHIP_VERBS and activity.payload.get("user_id"):
        return [user_group(activity.payload["user_id"])]
    if activity.verb in COMMUNITY_ACCESS_VERBS and activity.community_id is not None:
        return [community_group(activity.community_id)]
    post_id = post_id_of(activity)
    if activity.verb in POST_ACCESS_VERBS and post_id is not None:
        return [post_group(post_id)]
    return []
