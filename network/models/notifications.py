"""What people are told: in-app notifications and how they want to hear about them."""

from django.db import models

from network.models.communities import Community
from network.models.people import User
from network.models.posts import Comment, Post


class Notification(models.Model):
    """One thing a person should know about, derived from one activity.

    It stores pointers, never content: what it says is rendered when it is read,
    through the access policy, so a person who lost access to a community stops
    seeing anything of it in their notifications.
    """

    class Reason(models.TextChoices):
        MENTION = "mention", "Mentioned you"
        REPLY = "reply", "Replied to you"
        REACTION = "reaction", "Reacted to your post"
        HELPFUL = "helpful", "Marked your comment helpful"
        INVITATION = "invitation", "Invited you"
        JOIN_REQUEST = "join_request", "Asked to join"
        JOIN_DECISION = "join_decision", "Decided on your request"
        MODERATION = "moderation", "Moderation"
        # An idea one follows, voted for or shapes moved, or one is invited to
        # co-author it; what happened is in the activity (ideas/notices.py).
        IDEA = "idea", "About an idea"
        # A step of one's own redemption: asked, approved, declined, cancelled
        # (rewards/notices.py).
        REWARD = "reward", "About your rewards"
        # One's own webhook subscription was disabled after failing for a day
        # (integrations/webhooks/notices.py).
        WEBHOOK = "webhook", "About your webhooks"

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    activity = models.ForeignKey(
        "activity.Activity", on_delete=models.CASCADE, related_name="notifications"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # The handler may run twice for one activity (a crash after its work):
            # nobody is told the same thing twice.
            models.UniqueConstraint(
                fields=["recipient", "activity"], name="network_notification_once"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="network_notification_inbox"),
            models.Index(
                fields=["recipient"],
                name="network_notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} for {self.recipient_id} (activity #{self.activity_id})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationSettings(models.Model):
    """A person's choices; people without a row get the defaults."""

    user = models.OneToOneField(
        User, primary_key=True, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mentions = models.BooleanField("Email me when someone mentions me", default=True)
    email_digest = models.BooleanField("Email me a daily digest of what I missed", default=True)
    notify_reactions = models.BooleanField("Notify me of reactions to my posts", default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What a person chooses (forms, API and services list these, and only these).
    CHOICES = ("email_mentions", "email_digest", "notify_reactions")

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"notification settings of {self.user_id}"
