"""The verbs whose activities change search documents, by what they change.

No model imports: activity/handlers.py reads INDEXED_VERBS when the app registry
is still loading.
"""

MODERATION = ("hidden", "unhidden", "removed")
POST_VERBS = ("post.created", "post.edited", "post.deleted", *(f"post.{m}" for m in MODERATION))
COMMENT_VERBS = ("comment.created", "comment.deleted", *(f"comment.{m}" for m in MODERATION))
# Those that change an idea's document: its text, tags, stage or merged flag.
IDEA_VERBS = (
    "idea.submitted",
    "idea.edited",
    "idea.stage_changed",
    "idea.merged",
    "idea.unmerged",
    "idea.outcome_recorded",
)
COMMUNITY_VERBS = ("community.created", "community.updated", "community.archived")
# A person's community_ids.
MEMBERSHIP_VERBS = (
    "membership.added",
    "membership.left",
    "membership.removed",
    "membership.role_changed",
    "member.banned",
    "join_request.approved",
    "invitation.accepted",
)
# person.created and person.updated: platform admins, in the Django admin.
PERSON_VERBS = ("person.profile_updated", "person.deactivated", "person.created", "person.updated")

INDEXED_VERBS: tuple[str, ...] = (
    *POST_VERBS,
    *COMMENT_VERBS,
    *IDEA_VERBS,
    *COMMUNITY_VERBS,
    *MEMBERSHIP_VERBS,
    *PERSON_VERBS,
)
