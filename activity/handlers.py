"""The list of projections fed by the activity stream, in one place.

Later subsystems (search indexing, notifications, rewards rules, webhooks) add
their line here.
"""

from django.utils.module_loading import import_string

from activity import registry
from integrations.webhooks.events import VERBS as WEBHOOK_VERBS
from search.verbs import INDEXED_VERBS

BUILTIN_HANDLERS: list[tuple[str, str, tuple[str, ...] | None]] = [
    # (name, dotted path of the function, verbs or None for all)
    ("realtime.push", "realtime.handlers.push_activity", None),
    ("network.invitation_email", "network.handlers.send_invitation_email", ("invitation.created",)),
    (
        "network.notify",
        "network.handlers.notify",
        (
            "post.created",
            "post.edited",
            "comment.created",
            "reaction.added",
            "comment.marked_helpful",
            "join_request.created",
            "join_request.approved",
            "join_request.declined",
            "invitation.created",
            "report.created",
            "report.resolved",
            *(
                f"{kind}.{change}"
                for kind in ("post", "comment")
                for change in ("hidden", "unhidden", "removed")
            ),
        ),
    ),
    (
        "ideas.notify",
        "ideas.handlers.notify",
        (
            "idea.stage_changed",
            "idea.coauthor_invited",
            "idea.submitted",
            "idea.edited",
            "idea.commented",
        ),
    ),
    (
        "rewards.notify",
        "rewards.notify.notify",
        ("redemption.requested", "redemption.approved", "redemption.declined"),
    ),
    # rewards.earnings.EARNING_VERBS (tests/rewards/test_awards.py holds the two equal).
    (
        "rewards.award",
        "rewards.handlers.award_points",
        (
            "post.created",
            "idea.submitted",
            "idea.coauthor_joined",
            "idea.stage_changed",
            "share.clicked",
            "comment.marked_helpful",
            "invitation.accepted",
        ),
    ),
    ("search.index", "search.handlers.index_activity", INDEXED_VERBS),
    # Outbound webhooks: every verb they offer (integrations/webhooks/events.py).
    ("integrations.webhooks", "integrations.webhooks.handlers.fan_out", WEBHOOK_VERBS),
    (
        "integrations.webhook_disabled",
        "integrations.webhooks.handlers.notify_disabled",
        ("webhook.disabled",),
    ),
]


def register_builtin_handlers() -> None:
    for name, path, verbs in BUILTIN_HANDLERS:
        registry.register(name, import_string(path), verbs=verbs)
