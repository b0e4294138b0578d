"""Reads for the catalog, redemptions and a person's own points."""

from dataclasses import dataclass

from django.db.models import QuerySet

from network.models import User
from rewards.access import items_visible_to, redemptions_visible_to
from rewards.ledger_views import balance_of, transfers_of
from rewards.models import Account, Entry, Item, Redemption, Transfer

LAST_ENTRIES = 20


def catalog_for(user: User) -> QuerySet[Item]:
    return items_visible_to(user).order_by("name", "pk")


def redeemable_by(user: User) -> list[Item]:
    """The items the person may ask for: offered, and open to their affiliation (HR
    sees every item, but redeems like anyone else)."""
    return [
        item
        for item in catalog_for(user).filter(active=True)
        if user.affiliation in item.affiliations
    ]


def redemptions_for(user: User, *, status: str | None = None) -> QuerySet[Redemption]:
    """The person's own redemptions; HR's, everyone's. Newest first."""
    found = redemptions_visible_to(user).select_related("item", "person", "decided_by")
    if status:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Wallet:
    balance: int
    held: int
    entries: list[Entry]


def wallet_of(person: User) -> Wallet:
    """A person's own points: spendable, held for redemptions, and the latest
    entries on their accounts. Only ever the caller's own (the API asks for no id)."""
    entries = (
        Entry.objects.filter(account__owner=person)
        .select_related("transfer", "account")
        .order_by("-pk")[:LAST_ENTRIES]
    )
    return Wallet(
        balance=balance_of(Account.Kind.WALLET, person),
        held=balance_of(Account.Kind.HOLD, person),
        entries=list(entries),
    )


# --- A person's history, for their rewards page ------------------------------------

HISTORY_ROWS = 50


@dataclass(frozen=True)
class HistoryRow:
    """One transfer as its person sees it: what it did to their spendable points and
    to their held points (a settlement moves held points only)."""

    transfer: Transfer
    wallet: int
    held: int


def history_of(person: User, *, limit: int = HISTORY_ROWS) -> list[HistoryRow]:
    """The transfers touching the person's own accounts, newest first: the same read
    as HR's view of their ledger (rewards.ledger_views.transfers_of). Only ever the
    reader's own: there is no id to ask for someone else's."""
    transfers = transfers_of(person)[:limit]
    return [HistoryRow(t, t.wallet_amount or 0, t.hold_amount or 0) for t in transfers]


def points_of(person: User) -> tuple[int, int]:
    """(spendable, held) in one query; accounts not made yet are zero."""
    found = dict(
        Account.objects.filter(
            key__in=[f"{Account.Kind.WALLET}:{person.pk}", f"{Account.Kind.HOLD}:{person.pk}"]
        ).values_list("kind", "balance")
    )
    return found.get(Account.Kind.WALLET, 0), found.get(Account.Kind.HOLD, 0)


def wallet_balance(person: User) -> int:
    """The spendable balance alone, in one query: the nav shows it on every page."""
    return balance_of(Account.Kind.WALLET, person)
