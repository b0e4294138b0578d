"""Programme budgets: a programme groups rules, and each month HR gives it a budget,
a ledger account of kind `budget` that its rules' awards draw on
(rewards/services/budgets.py). The ledger's never-below-zero rule is what stops
awards when the budget is spent."""

from django.db import models
from django.db.models import Q

from network.models import User
from rewards.models.ledger import Account


class Programme(models.Model):
    """A named group of rules ("Brand ambassadors 2026") that shares a monthly budget.
    Programmes are kept, never deleted: rules and budgets point at them."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """What a programme may award in one month (`period`, the month's first day).
    `amount` is what HR set, and exactly what was funded into `account`
    (issuance → budget); spent is `amount - account.balance`."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="budgets")
    period = models.DateField(help_text="The first day of the month the budget is for.")
    amount = models.PositiveBigIntegerField(default=0)
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="budget")
    # Bumped at every change of amount: the funding transfer's key, so each change
    # funds once (rewards/services/budgets.py).
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period"], name="rewards_budget_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period__day=1), name="rewards_budget_period_is_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.period:%Y-%m}: {self.amount}"
