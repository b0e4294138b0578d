"""People and the communities they meet in, across the corporate firewall."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from network.validators import ProfileURLValidator


class Affiliation(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    PARTNER = "partner", "Partner"
    CUSTOMER = "customer", "Customer"


class ProfileURLField(models.URLField):
    """A URL people type about themselves; forms assume https when they omit it."""

    def formfield(self, **kwargs: object) -> object:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class User(AbstractUser):
    """A person: an employee, or a partner or customer from another organisation.

    Staff roles are flags rather than Django groups because the access policy
    (network/access.py) reads them on every request and they are few and fixed.
    """

    display_name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150, blank=True)
    department = models.CharField(max_length=150, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    location = models.CharField(max_length=150, blank=True)
    linkedin_url = ProfileURLField(
        "LinkedIn", blank=True, validators=[ProfileURLValidator("linkedin.com")]
    )
    x_url = ProfileURLField(
        "X", blank=True, validators=[ProfileURLValidator("x.com", "twitter.com")]
    )
    blog_url = ProfileURLField("Blog", blank=True, validators=[ProfileURLValidator()])
    website_url = ProfileURLField("Website", blank=True, validators=[ProfileURLValidator()])
    affiliation = models.CharField(
        max_length=16, choices=Affiliation.choices, default=Affiliation.EMPLOYEE
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="The company an external person works for."
    )
    is_platform_admin = models.BooleanField(default=False)
    is_hr_admin = models.BooleanField(default=False)
    is_community_manager = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="network_user_email_ci_unique", condition=~models.Q(email="")
            ),
            models.CheckConstraint(
                condition=models.Q(affiliation="employee") | ~models.Q(organisation=""),
                name="network_user_external_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_employee(self) -> bool:
        return self.affiliation == Affiliation.EMPLOYEE

    @property
    def is_external(self) -> bool:
        return not self.is_employee


class Community(models.Model):
    """A place where people meet. Its audience decides who may ever be inside."""

    class Audience(models.TextChoices):
        INTERNAL = "internal", "Internal (employees only)"
        PARTNER = "partner", "Partners"
        CUSTOMER = "customer", "Customers"

    class Visibility(models.TextChoices):
        OPEN = "open", "Open"
        PRIVATE = "private", "Private"
        SECRET = "secret", "Secret"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    rules = models.TextField("Rules and guidelines", max_length=10000, blank=True)
    # Fixed at creation: turning an internal community into a customer one would
    # show years of internal talk to outsiders.
    audience = models.CharField(max_length=16, choices=Audience.choices)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    members = models.ManyToManyField(User, through="Membership", related_name="communities")

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_external(self) -> bool:
        """Whether people from outside the company may be in it."""
        return self.audience != self.Audience.INTERNAL


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MODERATOR = "moderator", "Moderator"
        MEMBER = "member", "Member"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="network_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role})"


class JoinRequest(models.Model):
    """Someone asking to join a private community; its moderators decide."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                name="network_join_request_open",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.community} ({self.status})"


class Ban(models.Model):
    """A person removed from a community and kept out of it."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="bans")
    reason = models.TextField(max_length=1000)
    banned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="network_ban_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} banned from {self.community}"


class Invitation(models.Model):
    """An emailed, single-use, expiring invitation into a community.

    The link carries a token signed with SECRET_KEY over the invitation's id and a
    random nonce (network/invitations.py), so the email can be re-sent after a
    crash without storing the token itself; revoking, accepting or expiry ends it.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    organisation = models.CharField(
        max_length=200, blank=True, help_text="For people new to Bridge: their company."
    )
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    nonce = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted_invitations"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "community",
                name="network_invitation_one_open_per_email",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.accepted_at:
            return "accepted"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


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

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "-created_at", "-id"],
                name="network_post_feed_idx",
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


class Follow(models.Model):
    """Someone following a person, a community or a hashtag (exactly one of them)."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    hashtag = models.ForeignKey(
        Hashtag, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="network_follow_one_target",
                condition=(
                    models.Q(person__isnull=False, community__isnull=True, hashtag__isnull=True)
                    | models.Q(person__isnull=True, community__isnull=False, hashtag__isnull=True)
                    | models.Q(person__isnull=True, community__isnull=True, hashtag__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                name="network_follow_person",
                condition=models.Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["follower", "community"],
                name="network_follow_community",
                condition=models.Q(community__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["follower", "hashtag"],
                name="network_follow_hashtag",
                condition=models.Q(hashtag__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.follower_id} follows {self.person_id or self.community_id or self.hashtag_id}"
        )
