"""The activity handler that pushes activities to the sockets allowed to see them."""

from activity.models import Activity, Audience
from realtime.events import activity_event, community_group, publish, user_group

# Verbs after which a person's sockets must join or leave a community's group.
MEMBERSHIP_VERBS = frozenset(
    {"membership.added", "membership.removed", "membership.left", "member.banned"}
)


def push_activity(activity: Activity) -> None:
    # Community activities go to the community's group, which only sockets of its
    # members have joined (see consumers.py); personal ones to the actor and the
    # people listed in payload["notify"].
    # Staff-only activities are never pushed.
    if activity.verb == "person.deactivated":
        publish(user_group(int(activity.object_id)), {"type": "session.ended"})
        return
    if activity.audience == Audience.STAFF:
        return
    event = activity_event(activity)
    if activity.audience == Audience.PERSONAL:
        for user_id in {activity.actor_id, *activity.payload.get("notify", [])} - {None}:
            publish(user_group(user_id), event)
    elif activity.community_id is not None:
        publish(community_group(activity.community_id), event)
        if activity.verb in MEMBERSHIP_VERBS and activity.payload.get("user_id"):
            # After the event itself, so a removed person still learns of it.
            publish(user_group(activity.payload["user_id"]), {"type": "subscriptions.changed"})
    elif activity.actor_id is not None:
        publish(user_group(activity.actor_id), event)
