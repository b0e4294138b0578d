"""Badges and leaderboards (rewards/services/badges.py, rewards/services/leaderboards.py)."""

from django.db import models
from django.db.models import Q

from network.models import User


class Badge(models.Model):
    """Something a person is recognised for: earned automatically when their awards
    for one earning (rewards/earnings.py) reach `threshold`, or, without an earning,
    given by HR by hand."""

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    # A key of rewards.earnings.EARNINGS, or empty: awarded by HR only.
    earning = models.CharField(max_length=40, blank=True)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # An earning comes with the number of awards that earns the badge.
            models.CheckConstraint(
                condition=(Q(earning="") & Q(threshold__isnull=True))
                | (~Q(earning="") & Q(threshold__gte=1)),
                name="rewards_badge_criteria_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return not self.earning


class BadgeAward(models.Model):
    """A person holds a badge. Revoking keeps the row (who, when, why): an award is
    never deleted, and a person holds a badge at most once at a time."""

    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="badge_awards")
    # Empty for automatic awards.
    awarded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=2000, blank=True)
    awarded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "person"],
                condition=Q(revoked_at__isnull=True),
                name="rewards_badge_held_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.badge} to {self.person_id}"


class LeaderboardPreference(models.Model):
    """A person's choice not to be listed on leaderboards; their points still count.
    No row: listed."""

    person = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="leaderboard_preference"
    )
    listed = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {'listed' if self.listed else 'not listed'}"
