"""HR's programme rules, versioned (rewards/services/rules.py)."""

from django.db import models
from django.db.models import Q

from network.models import Community, User


class Rule(models.Model):
    """What earns points in the programme: one earning (rewards/earnings.py), and its
    terms, which HR changes by adding a version (RuleVersion) so that past awards keep
    the terms they were made under."""

    name = models.CharField(max_length=120)
    earning = models.CharField(max_length=40, help_text="A key of rewards.earnings.EARNINGS.")
    # The programme whose monthly budget pays its awards; none: issuance, unlimited.
    programme = models.ForeignKey(
        "rewards.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class RuleVersion(models.Model):
    """A rule's terms from `created_at` on; an activity is judged by the version in
    force when it happened, whenever its delivery runs."""

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    enabled = models.BooleanField(default=True)
    points = models.PositiveIntegerField()
    # Most points one person earns from this rule per calendar day / ISO week.
    daily_cap = models.PositiveIntegerField(null=True, blank=True)
    weekly_cap = models.PositiveIntegerField(null=True, blank=True)
    # Who takes part: affiliations (network.models.Affiliation values), and the
    # communities whose activities count (none: all).
    affiliations = models.JSONField(default=list)
    communities = models.ManyToManyField(Community, blank=True, related_name="+")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="rewards_rule_version_unique"),
            models.CheckConstraint(condition=Q(points__gt=0), name="rewards_rule_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} v{self.number}: {self.points} points"
