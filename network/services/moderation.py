"""Moderation: reporting posts and comments, and the moderators' decisions on them.

A decision on a target (a post or a comment) closes every open report on it in one
transaction. Hiding keeps the content for its author and the community's
moderators (see access.posts_visible_to); removing is a soft delete with a reason
the author is told; dismissing leaves the content alone. Every step is recorded in
the activity stream, which is also the moderators' audit trail.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network import access
from network.models import Comment, Community, Membership, Post, Report, User
from network.services.memberships import member_ban

MAX_NOTE = 1000
MAX_REASON = 1000

HIDE, UNHIDE, REMOVE, DISMISS = "hide", "unhide", "remove", "dismiss"
ACTIONS = {
    HIDE: "Hide",
    UNHIDE: "Show again",
    REMOVE: "Remove",
    DISMISS: "Dismiss the reports",
}
# What each decision does to the open reports on its target (unhiding closes none).
OUTCOMES = {
    HIDE: Report.Outcome.HIDDEN,
    REMOVE: Report.Outcome.REMOVED,
    DISMISS: Report.Outcome.DISMISSED,
}
# The activity recorded on the content itself, per decision.
CONTENT_VERBS = {HIDE: "hidden", UNHIDE: "unhidden", REMOVE: "removed"}


@dataclass(frozen=True)
class Decision:
    action: str
    target_type: str
    target_id: int
    reports_closed: int
    author_banned: bool


def _moderator_ids(community: Community) -> list[int]:
    return list(
        Membership.objects.filter(
            community=community,
            role__in=(Membership.Role.OWNER, Membership.Role.MODERATOR),
            user__is_active=True,
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _target_ids(post: Post, comment: Comment | None) -> dict[str, int | None]:
    return {"post_id": post.pk, "comment_id": comment.pk if comment else None}


def report_create(
    *, actor: User, post: Post, comment: Comment | None = None, reason: str, note: str = ""
) -> Report:
    """Report a post, or a comment on it, to the community's moderators.

    The caller has already checked that the actor may read the target
    (access.access_post / access_comment), so reporting what one cannot see is a 404.
    """
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": f"Choose one of {', '.join(Report.Reason.values)}."})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"Keep it under {MAX_NOTE} characters."})
    if comment is not None and comment.post_id != post.pk:
        raise ValidationError({"comment": "This comment is not on this post."})
    author_id = comment.author_id if comment else post.author_id
    if author_id == actor.pk:
        raise PermissionDenied("You cannot report what you wrote.")
    community = post.community
    report = Report(
        community=community, post=post, comment=comment, reporter=actor, reason=reason, note=note
    )
    try:
        with transaction.atomic():
            report.save()
            # Staff audience: never pushed to the community; the moderators are told.
            activity.record(
                actor=actor,
                verb="report.created",
                object_type="report",
                object_id=report.pk,
                community=community,
                audience=Audience.STAFF,
                payload={
                    **_target_ids(post, comment),
                    "reason": reason,
                    "notify": [pk for pk in _moderator_ids(community) if pk != actor.pk],
                },
            )
    except IntegrityError:
        raise Conflict("You have already reported this; the moderators will look at it.") from None
    return report


def _clean_decision(action: str, reason: str, ban_author: bool) -> str:
    if action not in ACTIONS:
        raise ValidationError({"action": f"Choose one of {', '.join(ACTIONS)}."})
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Keep it under {MAX_REASON} characters."})
    if action == REMOVE and not reason:
        raise ValidationError({"reason": "Say why it is removed: the author is told."})
    if ban_author and action == UNHIDE:
        raise ValidationError({"ban_author": "Showing something again does not go with a ban."})
    if ban_author and not reason:
        raise ValidationError({"reason": "Say why the author is banned."})
    return reason


def _apply(target: Post | Comment, action: str, reason: str, open_reports: int) -> list[str]:
    """Change the target's moderation state; the fields to save."""
    now = timezone.now()
    if action == HIDE:
        if target.hidden_at is not None:
            raise Conflict("This is already hidden.")
        target.hidden_at, target.moderation_reason = now, reason
        return ["hidden_at", "moderation_reason"]
    if action == UNHIDE:
        if target.hidden_at is None:
            raise Conflict("This is not hidden.")
        target.hidden_at, target.moderation_reason = None, ""
        return ["hidden_at", "moderation_reason"]
    if action == REMOVE:
        target.deleted_at = target.removed_at = now
        target.moderation_reason = reason
        return ["deleted_at", "removed_at", "moderation_reason"]
    if not open_reports:
        raise Conflict("There are no open reports on this.")
    return []


def moderation_decide(
    *,
    actor: User,
    post: Post,
    comment: Comment | None = None,
    action: str,
    reason: str = "",
    ban_author: bool = False,
) -> Decision:
    """Hide, show again, remove or dismiss a post or comment; optionally ban its author.

    Closes every open report on the target (removing a post also closes those on its
    comments), tells the author (hide, unhide, remove) and the reporters (the
    outcome). A second decision racing this one waits on the target's row lock and
    then finds the state changed: 409.
    """
    community = post.community
    if not access.is_moderator(actor, community):
        raise PermissionDenied("Only the community's moderators decide on reports.")
    reason = _clean_decision(action, reason, ban_author)
    kind = "comment" if comment is not None else "post"
    model = Comment if comment is not None else Post
    target_pk = comment.pk if comment is not None else post.pk
    with transaction.atomic():
        target = model.objects.select_for_update().get(pk=target_pk)
        if target.deleted_at is not None:
            raise Conflict("This was already removed.")
        reports = Report.objects.filter(outcome=Report.Outcome.OPEN)
        if comment is not None:
            reports = reports.filter(comment=comment)
        elif action == REMOVE:
            reports = reports.filter(post=post)  # its comments go with it
        else:
            reports = reports.filter(post=post, comment__isnull=True)
        open_reports = list(reports.select_for_update().order_by("pk"))
        fields = _apply(target, action, reason, len(open_reports))
        if fields:
            target.save(update_fields=fields)
        now = timezone.now()
        outcome = OUTCOMES.get(action)
        if outcome and open_reports:
            Report.objects.filter(pk__in=[r.pk for r in open_reports]).update(
                outcome=outcome, decided_by=actor, decided_at=now, decision_reason=reason
            )
        payload = {**_target_ids(post, comment), "community_id": community.pk}
        if action in CONTENT_VERBS:
            # Personal: the author is told (with the reason); members are not.
            activity.record(
                actor=actor,
                verb=f"{kind}.{CONTENT_VERBS[action]}",
                object_type=kind,
                object_id=target.pk,
                community=community,
                audience=Audience.PERSONAL,
                payload={
                    **payload,
                    "outcome": CONTENT_VERBS[action],
                    "reason": reason,
                    "reports": len(open_reports),
                    "notify": [target.author_id] if target.author_id != actor.pk else [],
                },
            )
        if outcome and open_reports:
            reporters = sorted({r.reporter_id for r in open_reports} - {actor.pk})
            activity.record(
                actor=actor,
                verb="report.resolved",
                object_type=kind,
                object_id=target.pk,
                community=community,
                audience=Audience.STAFF,
                payload={
                    **payload,
                    "outcome": outcome,
                    "reports": len(open_reports),
                    "report_ids": [r.pk for r in open_reports],
                    "notify": reporters,
                },
            )
        if ban_author:
            member_ban(actor=actor, community=community, user=target.author, reason=reason)
    return Decision(
        action=action,
        target_type=kind,
        target_id=target.pk,
        reports_closed=len(open_reports),
        author_banned=ban_author,
    )
