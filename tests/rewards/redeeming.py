"""Helpers for the catalog and redemption tests: racing calls, making items, reading
balances (through the ledger's own accounts, never written here)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from network.models import User
from rewards.models import Account, Item
from rewards.services import catalog, ledger


def race(calls) -> list:
    """Run the calls at the same moment, each on its own thread and connection; what
    each returned, or the exception it raised."""
    from django.db import connections

    start = threading.Barrier(len(calls))

    def run(call):
        try:
            start.wait()
            return call()
        except Exception as error:  # noqa: BLE001 -- the outcome is what is compared
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def make_item(hr: User, **terms) -> Item:
    return catalog.item_create(actor=hr, **{"name": "Hoodie", "cost": 10, **terms})


def balance(kind: str, person: User | None = None) -> int:
    """A person's account, or a system account (the sum of its shards) without one."""
    if person is None:
        return ledger.system_balance(kind)
    return ledger.account_of(kind, person).balance


def wallet(person: User) -> int:
    return balance(Account.Kind.WALLET, person)


def held(person: User) -> int:
    return balance(Account.Kind.HOLD, person)
