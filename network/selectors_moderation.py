"""Reads for moderators: the report queue, its history and the audit trail.

Callers check that the person moderates the community (access.is_moderator);
these functions only shape what moderators may read.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Min, Q, QuerySet

from activity.models import Activity
from network import access
from network.models import Comment, Community, Membership, Post, Report, User

# What the audit trail shows: decisions on content and on people. Reports closed
# by hiding or removing are told by the content's own activity; dismissals only
# exist as report.resolved.
AUDIT_VERBS = (
    "post.hidden",
    "post.unhidden",
    "post.removed",
    "comment.hidden",
    "comment.unhidden",
    "comment.removed",
    "post.pinned",
    "post.unpinned",
    "member.banned",
    "membership.removed",
    "membership.role_changed",
    "join_request.approved",
    "join_request.declined",
    "community.updated",
    "community.archived",
)


def queue_community_ids(user: User) -> QuerySet:
    """The communities whose reports a person decides on, as a subquery of ids."""
    if user.is_platform_admin:
        return Community.objects.values("pk")
    return access.moderated_community_ids(user)


def moderates_anything(user: User) -> bool:
    return user.is_platform_admin or access.moderated_community_ids(user).exists()


def _open_reports(community_ids: QuerySet) -> QuerySet[Report]:
    # Content its author deleted meanwhile needs no decision.
    return Report.objects.filter(
        Q(comment__isnull=True) | Q(comment__deleted_at__isnull=True),
        outcome=Report.Outcome.OPEN,
        community__in=community_ids,
        post__deleted_at__isnull=True,
    )


def open_report_count(community: Community) -> int:
    """Open reports on a community's content (for the Moderation link)."""
    return _open_reports(Community.objects.filter(pk=community.pk).values("pk")).count()


def open_groups(community_ids: QuerySet) -> QuerySet:
    """One row per reported post or comment with open reports, oldest report first."""
    return (
        _open_reports(community_ids)
        .values("community_id", "post_id", "comment_id")
        .annotate(
            report_count=Count("pk"),
            first_reported_at=Min("created_at"),
            last_reported_at=Max("created_at"),
        )
        .order_by("first_reported_at", "post_id", "comment_id")
    )


def decided_groups(community_ids: QuerySet) -> QuerySet:
    """One row per decision (the reports it closed), newest decision first."""
    return (
        Report.objects.filter(community__in=community_ids)
        .exclude(outcome=Report.Outcome.OPEN)
        .values(
            "community_id",
            "post_id",
            "comment_id",
            "outcome",
            "decided_at",
            "decided_by_id",
            "decision_reason",
        )
        .annotate(
            report_count=Count("pk"),
            first_reported_at=Min("created_at"),
            last_reported_at=Max("created_at"),
        )
        .order_by("-decided_at", "-post_id", "-comment_id")
    )


@dataclass
class QueueItem:
    """A reported post or comment, with the reports on it, for one queue row."""

    target_type: str
    post: Post
    comment: Comment | None
    report_count: int
    first_reported_at: datetime
    last_reported_at: datetime
    reports: list[Report] = field(default_factory=list)
    outcome: str = ""
    decided_at: datetime | None = None
    decided_by: User | None = None
    decision_reason: str = ""

    @property
    def post_id(self) -> int:
        return self.post.pk

    @property
    def comment_id(self) -> int | None:
        return self.comment.pk if self.comment is not None else None

    @property
    def target(self) -> Post | Comment:
        return self.comment if self.comment is not None else self.post

    @property
    def community(self) -> Community:
        return self.post.community

    @property
    def state(self) -> str:
        target = self.target
        if target.removed_at is not None:
            return "removed"
        if target.deleted_at is not None:
            return "deleted"
        return "hidden" if target.hidden_at is not None else "visible"

    @property
    def reasons(self) -> list[dict]:
        counts = Counter(report.reason for report in self.reports)
        labels = dict(Report.Reason.choices)
        return [
            {"reason": reason, "label": labels[reason], "count": count}
            for reason, count in counts.most_common()
        ]


def queue_items(rows: list[dict]) -> list[QueueItem]:
    """The rows of a queue page with their targets and reports: four queries."""
    post_ids = {row["post_id"] for row in rows}
    comment_ids = {row["comment_id"] for row in rows if row["comment_id"]}
    posts = Post.objects.select_related("author", "community").in_bulk(post_ids)
    comments = Comment.objects.select_related("author").in_bulk(comment_ids)
    decided_by = User.objects.in_bulk({row.get("decided_by_id") for row in rows} - {None})
    reports = defaultdict(list)
    for report in Report.objects.filter(post__in=post_ids).select_related("reporter"):
        key = (report.post_id, report.comment_id, report.outcome, report.decided_at)
        reports[key].append(report)
    items = []
    for row in rows:
        outcome, decided_at = row.get("outcome", ""), row.get("decided_at")
        comment = comments.get(row["comment_id"]) if row["comment_id"] else None
        items.append(
            QueueItem(
                target_type="comment" if comment is not None else "post",
                post=posts[row["post_id"]],
                comment=comment,
                report_count=row["report_count"],
                first_reported_at=row["first_reported_at"],
                last_reported_at=row["last_reported_at"],
                reports=reports[(row["post_id"], row["comment_id"], outcome, decided_at)],
                outcome=outcome,
                decided_at=decided_at,
                decided_by=decided_by.get(row.get("decided_by_id")),
                decision_reason=row.get("decision_reason", ""),
            )
        )
    return items


def audit_trail(community: Community) -> QuerySet[Activity]:
    """The community's moderation history from the activity stream, newest first."""
    return (
        Activity.objects.filter(community=community)
        .filter(
            Q(verb__in=AUDIT_VERBS)
            | Q(verb="report.resolved", payload__outcome=Report.Outcome.DISMISSED)
        )
        .select_related("actor")
        .order_by("-id")
    )


def _people_named(activities: list[Activity]) -> dict[int, User]:
    ids = {a.payload.get("user_id") for a in activities} - {None}
    return User.objects.in_bulk([pk for pk in ids if isinstance(pk, int)])


ROLE_NAMES = dict(Membership.Role.choices)


def describe(activities: list[Activity]) -> dict[int, str]:
    """A sentence for each audit entry (without its actor): one query for the page."""
    people = _people_named(activities)
    lines = {}
    for entry in activities:
        payload = entry.payload
        person = people.get(payload.get("user_id"))
        who = person.name if person is not None else "someone"
        thing = "a comment" if entry.object_type == "comment" else "a post"
        verb = entry.verb.split(".", 1)[-1]
        if entry.verb in {"post.hidden", "comment.hidden"}:
            text = f"hid {thing}"
        elif entry.verb in {"post.unhidden", "comment.unhidden"}:
            text = f"showed {thing} again"
        elif entry.verb in {"post.removed", "comment.removed"}:
            text = f"removed {thing}"
        elif entry.verb == "report.resolved":
            count = payload.get("reports", 0)
            text = f"dismissed {count} report{'s' if count != 1 else ''} on {thing}"
        elif entry.verb == "member.banned":
            text = f"banned {who}"
        elif entry.verb == "membership.removed":
            text = f"removed {who} from the community"
        elif entry.verb == "membership.role_changed":
            text = f"made {who} {ROLE_NAMES.get(payload.get('role'), 'member').lower()}"
        elif entry.verb.startswith("join_request."):
            text = f"{verb} {who}'s request to join"
        elif entry.verb in {"post.pinned", "post.unpinned"}:
            text = f"{verb} {thing}"
        else:
            text = f"{verb} the community"
        reports = payload.get("reports")
        if reports and entry.verb != "report.resolved":
            text += f", closing {reports} report{'s' if reports != 1 else ''}"
        lines[entry.pk] = text
    return lines


def removed_post_of(user: User, post_id: int) -> Post | None:
    """A post moderators removed, for its author to read why (None for anyone else)."""
    if not user.is_authenticated:
        return None
    return (
        Post.objects.filter(
            pk=post_id,
            author=user,
            removed_at__isnull=False,
            community__in=access.communities_readable_by(user).values("pk"),
        )
        .select_related("community")
        .first()
    )
