"""The reward catalog HR keeps, and the redemptions people ask for
(rewards/services/catalog.py, rewards/services/redemptions.py).

A redemption's points never sit on its row: they are held on the ledger
(``redemption:<id>``) from the request until HR settles or releases them. The row
says where the request stands and who decided it.
"""

from django.db import models
from django.db.models import Q

from network.models import Affiliation, User
from network.storage import cover_path


def employees_only() -> list[str]:
    """Who may redeem a new item unless HR opens it wider."""
    return [Affiliation.EMPLOYEE.value]


class Item(models.Model):
    """Something points buy. Deactivated rather than deleted: redemptions point at it."""

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=4000, blank=True)
    image = models.FileField(upload_to=cover_path, max_length=200, blank=True, editable=False)
    cost = models.PositiveIntegerField()
    # None: as many as are asked for. Otherwise what is left; it goes down when HR
    # approves a redemption (a conditional UPDATE, never below zero).
    stock = models.PositiveIntegerField(null=True, blank=True)
    # Who may redeem it: network.models.Affiliation values.
    affiliations = models.JSONField(default=employees_only)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="rewards_item_cost_positive"),
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0),
                name="rewards_item_stock_never_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cost} points)"

    @property
    def image_url(self) -> str | None:
        from rewards.downloads import item_image_url  # the URL lives with the view serving it

        return item_image_url(self)


class Redemption(models.Model):
    """A person's request for an item, paid for by a hold until HR decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for HR"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled by the person"

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="redemptions")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="redemptions")
    # The item's cost when asked for: what was held, whatever HR changes later.
    points = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="rewards_redemption_status_idx"),
            models.Index(fields=["person", "-created_at"], name="rewards_redemption_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0), name="rewards_redemption_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"redemption #{self.pk}: {self.item_id} for {self.person_id} ({self.status})"

    @property
    def ledger_key(self) -> str:
        """The hold's key; the release and the settlement add their name to it."""
        return f"redemption:{self.pk}"
