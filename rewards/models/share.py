"""The share hub (rewards/services/share.py): company content HR curates for people
to share outside, each ambassador's personal tracked link, and the clicks counted.

A click is kept once per (link, visitor, day) by a unique constraint, so racing
requests and reloads never count twice. A visitor is a keyed hash of the IP address
and user agent: the raw address is never stored.
"""

from django.db import models
from django.db.models import F, Q

from network.models import User
from rewards.models.catalog import employees_only

# Hex of an HMAC-SHA256 (rewards/services/share.py::visitor_of).
VISITOR_LENGTH = 64


class ShareItem(models.Model):
    """Something worth sharing: a page outside Bridge and words to go with it.
    Retired (``active`` off) rather than deleted: links already shared still work."""

    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    suggested_text = models.TextField(max_length=1000)
    # Who may share it: network.models.Affiliation values.
    affiliations = models.JSONField(default=employees_only)
    active = models.BooleanField(default=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="rewards_shareitem_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ShareLink(models.Model):
    """One ambassador's tracked link to one item, with their own words."""

    item = models.ForeignKey(ShareItem, on_delete=models.PROTECT, related_name="links")
    ambassador = models.ForeignKey(User, on_delete=models.PROTECT, related_name="share_links")
    # Unguessable (secrets.token_urlsafe): the link is public, its clicks are points.
    token = models.CharField(max_length=43, unique=True)
    # The ambassador's words; empty: the item's suggested text. The disclosure is
    # never stored here: the server appends it when it composes the text.
    text = models.TextField(max_length=1000, blank=True)
    # The visitor hashes the ambassador opened the hub from (most recent last, a few
    # kept): a click from one of them is the ambassador's own and is not counted.
    own_visitors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "ambassador"], name="rewards_sharelink_one_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"share link {self.token[:6]}… of {self.ambassador_id} for {self.item_id}"


class ShareClick(models.Model):
    """A counted click: once per visitor per day and link, whatever the retries."""

    link = models.ForeignKey(ShareLink, on_delete=models.PROTECT, related_name="clicks")
    visitor = models.CharField(max_length=VISITOR_LENGTH)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "visitor", "day"], name="rewards_shareclick_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"click on {self.link_id} on {self.day}"
