"""Reports on posts and comments, and the moderators' decisions on them."""

from django.db import models

from network.models.communities import Community
from network.models.people import User
from network.models.posts import Comment, Post


class Report(models.Model):
    """One person telling a community's moderators that a post or comment is wrong.

    The target is the post, or the comment (``post`` then holds the comment's post,
    so the queue groups and filters without joins). A decision on a target closes
    every open report on it at once, with the same ``outcome`` and ``decided_at``.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        HARASSMENT = "harassment", "Harassment or abuse"
        OFF_TOPIC = "off_topic", "Off-topic"
        CONFIDENTIAL = "confidential", "Confidential information"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        HIDDEN = "hidden", "Hidden"
        REMOVED = "removed", "Removed"
        DISMISSED = "dismissed", "Dismissed"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "post"],
                name="network_report_post_once",
                condition=models.Q(comment__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                name="network_report_comment_once",
                condition=models.Q(comment__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["community", "created_at"],
                name="network_report_open_idx",
                condition=models.Q(outcome=""),
            ),
        ]

    def __str__(self) -> str:
        target = f"comment #{self.comment_id}" if self.comment_id else f"post #{self.post_id}"
        return f"{self.reporter_id} reported {target} ({self.reason})"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN
