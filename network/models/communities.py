"""Communities, who is in them, and how people get in."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from network.models.people import User
from network.storage import cover_path


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
    # A 3:1 WebP banner made by services/media.py; served only by network/downloads.py.
    cover = models.FileField(upload_to=cover_path, max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    members = models.ManyToManyField(User, through="Membership", related_name="communities")

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def cover_url(self) -> str | None:
        from network.downloads import cover_url  # the URL lives with the view serving it

        return cover_url(self)

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
