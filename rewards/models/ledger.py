"""The points ledger: accounts, and transfers made of entries that sum to zero.

Points are money-like (docs/rewards.md). Entries and transfers are append-only:
the database refuses to update or delete them (triggers in migration 0001), and a
mistake is corrected by a reversal, a new transfer with a reason and the HR admin
who made it. An account's balance is kept on its row, moved in the transaction that
writes the entries; `manage.py ledger_check` proves it equals the sum of them.
"""

from django.db import models
from django.db.models import F, Q

from network.models import User


class Account(models.Model):
    class Kind(models.TextChoices):
        WALLET = "wallet", "A person's points"
        HOLD = "hold", "A person's points held for redemptions"
        REDEEMED = "redeemed", "Points spent on rewards"
        # Where points come from: the one account whose balance goes below zero, by
        # as much as was ever issued.
        ISSUANCE = "issuance", "Points issued"
        # A programme's budget for a month ("budget:<programme>:<YYYY-MM>"), funded
        # from issuance; its rules' awards draw on it (rewards/services/budgets.py).
        BUDGET = "budget", "A programme's budget for a month"

    # "wallet:<person>", "hold:<person>"; the system kinds (issuance, redeemed) are
    # split into shards, "issuance:shard-3" (services/ledger.py: SYSTEM_SHARDS).
    key = models.CharField(max_length=100, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="point_accounts"
    )
    balance = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The backstop of services/ledger.py's conditional UPDATE: whatever
            # races, no account but issuance is ever below zero.
            models.CheckConstraint(
                condition=Q(balance__gte=0) | Q(kind="issuance"),
                name="rewards_account_never_negative",
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(kind__in=["wallet", "hold"]),
                name="rewards_account_personal_kinds_have_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.balance}"


class Transfer(models.Model):
    """One movement of points: its entries sum to zero."""

    class Kind(models.TextChoices):
        AWARD = "award", "Award"
        ADJUSTMENT = "adjustment", "Adjustment by HR"
        HOLD = "hold", "Held for a redemption"
        RELEASE = "release", "Released from a hold"
        SETTLEMENT = "settlement", "Spent on a reward"
        REVERSAL = "reversal", "Reversal"
        FUNDING = "funding", "A programme's budget set by HR"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    # What makes it happen once however often it is asked for: "award:<rule
    # version>:<activity>" for automatic awards, a request's key for the rest.
    key = models.CharField(max_length=200, unique=True)
    reason = models.TextField(max_length=2000, blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The rule version that awarded it (automatic awards only).
    rule_version = models.ForeignKey(
        "rewards.RuleVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    # The activity an automatic award was earned by: leaderboards find a community's
    # awards through it (rewards/services/leaderboards.py).
    activity = models.ForeignKey(
        "activity.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A transfer is reversed at most once.
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reverses=F("id")), name="rewards_transfer_not_its_own_reversal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.key})"


class Entry(models.Model):
    """One account's side of a transfer: points in (positive) or out (negative)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["account", "-id"], name="rewards_entry_account_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="rewards_entry_not_zero"),
            models.UniqueConstraint(
                fields=["transfer", "account"], name="rewards_entry_one_per_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+} to {self.account_id} in transfer #{self.transfer_id}"
