"""The event types a webhook may subscribe to: the activity verbs, by name.

No model imports: activity/handlers.py reads EVENT_TYPES while the app registry is
still loading.

Offered are the verbs whose activities someone outside platform staff may be told
of (a community's members, or the people a personal activity concerns); whether a
given subscription hears of one is decided per activity by its owner's access
(integrations/webhooks/visibility.py). Staff-only verbs (invitations, reports, the
rewards programme's set-up, accounts) reach nobody's stream and are not offered
(NOT_OFFERED). tests/integrations/test_webhook_events.py holds both lists to the verbs the code
records.
"""

PING = "webhook.ping"

EVENT_TYPES: dict[str, str] = {
    # Posts and comments (network)
    "post.created": "A post was published",
    "post.edited": "A post was edited",
    "post.deleted": "A post was deleted by its author",
    "post.pinned": "A post was pinned",
    "post.unpinned": "A post was unpinned",
    "post.hidden": "Moderators hid your post",
    "post.unhidden": "Moderators restored your post",
    "post.removed": "Moderators removed your post",
    "comment.created": "A comment was written",
    "comment.deleted": "A comment was deleted by its author",
    "comment.marked_helpful": "A comment was marked helpful",
    "comment.unmarked_helpful": "A comment was no longer marked helpful",
    "comment.hidden": "Moderators hid your comment",
    "comment.unhidden": "Moderators restored your comment",
    "comment.removed": "Moderators removed your comment",
    "reaction.added": "Someone reacted to a post",
    "reaction.removed": "Someone took back a reaction",
    "poll.voted": "Someone voted in a poll",
    # Communities and who is in them
    "community.created": "A community was created",
    "community.updated": "A community's settings changed",
    "community.archived": "A community was archived",
    "membership.added": "Someone joined a community",
    "membership.left": "Someone left a community",
    "membership.removed": "Someone was removed from a community",
    "membership.role_changed": "Someone's role in a community changed",
    "member.banned": "Someone was banned from a community",
    "join_request.approved": "Your request to join was approved",
    "join_request.declined": "Your request to join was declined",
    "person.profile_updated": "You updated your profile",
    # Idea boards (ideas)
    "board.created": "An idea board was opened",
    "board.updated": "An idea board changed",
    "board.criteria_set": "An idea board's review criteria were set",
    "board.role_granted": "You were given a role on an idea board",
    "board.role_revoked": "Your role on an idea board was taken back",
    "idea.submitted": "An idea was submitted",
    "idea.edited": "An idea was edited",
    "idea.stage_changed": "An idea moved to another stage",
    "idea.merged": "An idea was merged into another",
    "idea.unmerged": "A merge of ideas was undone",
    "idea.outcome_recorded": "An idea's outcome was recorded",
    "idea.voted": "Someone voted for an idea",
    "idea.vote_changed": "Someone changed their vote on an idea",
    "idea.vote_withdrawn": "Someone withdrew their vote on an idea",
    "idea.commented": "Someone commented on an idea",
    "idea.comment_deleted": "A comment on an idea was deleted",
    "idea.comment_hidden": "Moderators hid a comment on an idea",
    "idea.comment_unhidden": "Moderators restored a comment on an idea",
    "idea.coauthor_invited": "Someone was invited to co-author an idea",
    "idea.coauthor_joined": "Someone became a co-author of an idea",
    "idea.coauthor_declined": "Someone declined to co-author an idea",
    "idea.builds_on": "An idea was marked as building on another",
    "idea.builds_on_removed": "An idea no longer builds on another",
    "idea.followed": "You followed an idea",
    "idea.unfollowed": "You stopped following an idea",
    "idea.scored": "You scored an idea in review",
    # Rewards: one's own points, badges, redemptions and share links
    "points.award": "Points were awarded to you",
    "points.adjustment": "HR adjusted your points",
    "points.hold": "Points were held for your redemption",
    "points.release": "Points held for your redemption were released",
    "points.settlement": "Points were spent on your reward",
    "points.reversal": "Points were reversed",
    "badge.awarded": "You were awarded a badge",
    "badge.revoked": "A badge of yours was revoked",
    "redemption.requested": "You asked for a reward",
    "redemption.approved": "Your reward was approved",
    "redemption.declined": "Your reward was declined",
    "redemption.cancelled": "You cancelled a reward",
    "share.link_created": "You made a share link",
    "share.link_reworded": "You reworded a share link",
    "share.clicked": "Someone opened your share link",
    "leaderboard.listing_changed": "You chose whether leaderboards list you",
}

# Recorded by the code but never offered: told to platform staff only, or about
# webhooks themselves.
NOT_OFFERED: frozenset[str] = frozenset(
    {
        "join_request.created",
        "invitation.created",
        "invitation.revoked",
        "invitation.accepted",
        "report.created",
        "report.resolved",
        "person.created",
        "person.updated",
        "person.deactivated",
        "person.signed_out",
        "service_account.created",
        "token.created",
        "token.revoked",
        "badge.created",
        "badge.activated",
        "badge.retired",
        "budget.programme_created",
        "budget.programme_changed",
        "budget.rules_assigned",
        "budget.set",
        "points.funding",  # a programme's budget funded by HR: no one's wallet
        "reward_rule.created",
        "reward_rule.changed",
        "reward_item.created",
        "reward_item.updated",
        "reward_item.deactivated",
        "share_item.created",
        "share_item.updated",
        "share_item.retired",
        # One's own subscriptions changing (their audit trail); that one was disabled
        # reaches its owner's inbox (integrations/webhooks/handlers.py).
        "webhook.created",
        "webhook.updated",
        "webhook.deleted",
        "webhook.secret_rotated",
        "webhook.enabled",
        "webhook.disabled",
    }
)

VERBS: tuple[str, ...] = tuple(EVENT_TYPES)
