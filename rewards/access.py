"""Who sees what of the reward catalog, of redemptions and of the ledger: one
queryset per model, used by lists and single lookups alike; hidden and missing look
the same (404).

HR admins see every item, every redemption and every ledger entry. Anyone else who
is signed in sees the active items open to their affiliation, and their own
redemptions and the entries on their own accounts only.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet

from network.access import NotFound, one_or_none
from network.models import User
from rewards.models import Entry, Item, Redemption


def is_hr(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_hr_admin)


def _open_to(affiliation: str) -> Q:
    """Items whose affiliations list holds this one. SQLite (the embedded default)
    cannot look inside JSON lists, so there the short catalog is read in Python."""
    if connection.features.supports_json_field_contains:
        return Q(affiliations__contains=[affiliation])
    listed = Item.objects.values_list("pk", "affiliations")
    return Q(pk__in=[pk for pk, affiliations in listed if affiliation in affiliations])


def items_visible_to(user: User | AnonymousUser) -> QuerySet[Item]:
    if is_hr(user):
        return Item.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Item.objects.none()
    return Item.objects.filter(_open_to(user.affiliation), active=True)


def access_item(user: User | AnonymousUser, item_id: int) -> Item:
    """The item, or NotFound when it does not exist or the person may not see it."""
    item = one_or_none(items_visible_to(user), pk=item_id)
    if item is None:
        raise NotFound("No such reward.")
    return item


def redemptions_visible_to(user: User | AnonymousUser) -> QuerySet[Redemption]:
    if is_hr(user):
        return Redemption.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Redemption.objects.none()
    return Redemption.objects.filter(person=user)


def access_redemption(user: User | AnonymousUser, redemption_id: int) -> Redemption:
    """The redemption, or NotFound when it does not exist or is someone else's."""
    found = one_or_none(
        redemptions_visible_to(user).select_related("item", "person", "decided_by"),
        pk=redemption_id,
    )
    if found is None:
        raise NotFound("No such redemption.")
    return found


def entries_visible_to(user: User | AnonymousUser) -> QuerySet[Entry]:
    """Ledger entries: all for HR; a person's own accounts' (wallet, hold) for them."""
    if is_hr(user):
        return Entry.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Entry.objects.none()
    return Entry.objects.filter(account__owner=user)
