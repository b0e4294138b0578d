"""Posts and the conversations under them: comments, reactions, polls."""

from django.db import models
from django.utils import timezone

from network.models.communities import Community
from network.models.people import User


class Hashtag(models.Model):
    name = models.CharField(max_length=50, unique=True)  # lower-cased

    def __str__(self) -> str:
        return f"#{self.name}"


class Post(models.Model):
    """Something said in a community; it inherits the community's audience."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="posts")
    body = models.TextField(max_length=20000, help_text="Markdown.")
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Announcements: moderators pin posts, which stay on top of the community.
    pinned_at = models.DateTimeField(null=True, blank=True)
    hashtags = models.ManyToManyField(Hashtag, blank=True, related_name="posts")
    # Only people who can read the post are ever recorded (and linked) as mentioned.
    mentions = models.ManyToManyField(User, blank=True, related_name="mentioned_in_posts")
    # Moderation (network/services/moderation.py): hidden content is seen only by its
    # author and the community's moderators; removal is a soft delete with a reason.
    hidden_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "-created_at", "-id"],
                name="network_post_feed_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
            # The feeds walk these newest first (network/feed.py, decision 0005).
            # (INCLUDE lets the feed's candidate scans read the index alone.)
            models.Index(
                fields=["community", "-id"],
                include=["created_at"],
                name="network_post_community_new_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
            models.Index(
                fields=["author", "-id"],
                include=["community", "created_at"],
                name="network_post_author_new_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"post #{self.pk} in {self.community_id}"

    def poll_view(self) -> dict | None:
        """The poll as its reader sees it (templates call this; see selectors)."""
        from network.selectors import poll_summary  # selectors import models

        return poll_summary(self)

    def reaction_summary(self) -> list[dict]:
        """Per kind: count and whether the reader reacted (from selectors.with_engagement)."""
        return [
            {
                "kind": kind,
                "label": label,
                "count": getattr(self, f"reactions_{kind}", 0),
                "mine": getattr(self, f"mine_{kind}", False),
            }
            for kind, label in Reaction.Kind.choices
        ]


class PostRevision(models.Model):
    """A post's earlier text, kept when it is edited; moderators read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"revision of post #{self.post_id}"


class Comment(models.Model):
    """A reply to a post, or to a comment (one level deep: replies have no replies)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(max_length=5000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    mentions = models.ManyToManyField(User, blank=True, related_name="mentioned_in_comments")
    hidden_at = models.DateTimeField(null=True, blank=True)  # as on Post
    removed_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(max_length=1000, blank=True)
    # Marked helpful by the post's author or a moderator (network/services/helpful.py);
    # several comments of a post may be helpful at once.
    helpful_at = models.DateTimeField(null=True, blank=True)
    helpful_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "created_at"], name="network_comment_post_idx")]

    def __str__(self) -> str:
        return f"comment #{self.pk} on post #{self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", "Like"
        CELEBRATE = "celebrate", "Celebrate"
        INSIGHTFUL = "insightful", "Insightful"
        SUPPORT = "support", "Support"
        CURIOUS = "curious", "Curious"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="network_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} post #{self.post_id}"


class Poll(models.Model):
    """A question attached to a post: its body is the question."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    multiple = models.BooleanField(default=False, help_text="Several answers allowed.")
    closes_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"poll on post #{self.post_id}"

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="poll_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="network_poll_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → option #{self.option_id}"
