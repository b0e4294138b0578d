"""Moving points: every change to a balance is a transfer whose entries sum to zero.

The database keeps the ledger honest, not checks in Python:
- a transfer's key is unique, so the same award (rule version, activity) or request
  asked for twice, or five times at once, is one transfer; the losers find it;
- each balance moves by a conditional UPDATE (``balance >= amount`` taken out), in
  the transfer's transaction, accounts in id order so that two transfers never wait
  on each other; a transfer that would leave a balance below zero is refused whole;
- a check constraint backs that up, and triggers refuse any UPDATE or DELETE of a
  transfer or an entry (migration 0002): history is corrected by reversals.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

import activity
from activity.models import Activity
from bridge.errors import Conflict
from network.access import one_or_none
from network.models import User
from rewards.access import is_hr
from rewards.models import Account, Entry, RuleVersion, Transfer

# Double entry: points leave one account for at least one other.
MIN_LINES = 2


class NotEnoughPoints(Conflict):
    """A transfer would leave an account below zero."""


@dataclass(frozen=True)
class Line:
    """One account's side of a transfer: points in (positive) or out (negative)."""

    account: Account
    amount: int


# Every award takes points from issuance, every settlement gives them to redeemed:
# one row each would make every transfer in the programme wait on its lock
# (bench/ledger.py: 50 clients awarding at once queued behind it). Each of these
# system accounts is split into SYSTEM_SHARDS rows, one picked at random per
# transfer; their sum is its balance (system_balance).
SYSTEM_KINDS = frozenset({Account.Kind.ISSUANCE, Account.Kind.REDEEMED})
SYSTEM_SHARDS = 16


def account_of(kind: str, owner: User) -> Account:
    """A person's account of a kind (wallet, hold), made on first use."""
    return _account(f"{kind}:{owner.pk}", kind, owner)


def system_account(kind: str, shard: int | None = None) -> Account:
    """One shard (random unless given) of a system account (issuance, redeemed)."""
    if kind not in SYSTEM_KINDS:
        raise ValueError(f"{kind} accounts belong to people: use account_of().")
    shard = random.randrange(SYSTEM_SHARDS) if shard is None else shard  # noqa: S311 -- spreading load
    return _account(f"{kind}:shard-{shard}", kind, None)


def budget_account(key: str) -> Account:
    """A programme's budget for a month, "budget:<programme>:<YYYY-MM>", made on first
    use. One row, not shards: its balance is the one limit awards must not cross
    (docs/rewards.md, Budgets)."""
    return _account(key, Account.Kind.BUDGET, None)


def system_balance(kind: str) -> int:
    """A system account's balance: the sum of its shards."""
    return Account.objects.filter(kind=kind).aggregate(total=Sum("balance"))["total"] or 0


def _account(key: str, kind: str, owner: User | None) -> Account:
    found = one_or_none(Account.objects.all(), key=key)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(key=key, kind=kind, owner=owner)
    except IntegrityError:  # made meanwhile by another request
        return Account.objects.get(key=key)


def _check_lines(lines: Sequence[Line]) -> None:
    if len(lines) < MIN_LINES or len({line.account.pk for line in lines}) != len(lines):
        raise ValueError("A transfer moves points between two or more different accounts.")
    if any(not isinstance(line.amount, int) or line.amount == 0 for line in lines):
        raise ValueError("Every line of a transfer moves a whole, non-zero number of points.")
    if sum(line.amount for line in lines) != 0:
        raise ValueError("A transfer's lines must sum to zero.")


def transfer(
    *,
    kind: str,
    key: str,
    lines: Sequence[Line],
    reason: str = "",
    actor: User | None = None,
    reverses: Transfer | None = None,
    rule_version: RuleVersion | None = None,
    earned_by: Activity | None = None,
) -> tuple[Transfer, bool]:
    """Post a transfer once: (the transfer, whether this call made it). Asked again
    with the same key, it changes nothing and answers the first one."""
    _check_lines(lines)
    with transaction.atomic():
        try:
            with transaction.atomic():
                made = Transfer.objects.create(
                    kind=kind,
                    key=key,
                    reason=reason,
                    actor=actor,
                    reverses=reverses,
                    rule_version=rule_version,
                    activity=earned_by,
                )
        except IntegrityError:
            existing = one_or_none(Transfer.objects.all(), key=key)
            if existing is None:
                raise  # not the key: a reversal reversed twice, say
            return existing, False
        for line in sorted(lines, key=lambda line: line.account.pk):
            _move(line)
        Entry.objects.bulk_create(
            Entry(transfer=made, account=line.account, amount=line.amount) for line in lines
        )
        owners = sorted({line.account.owner_id for line in lines} - {None})
        activity.record(
            actor=actor,
            verb=f"points.{kind}",
            object_type="transfer",
            object_id=made.pk,
            payload={
                "notify": owners,
                "lines": [[line.account.key, line.amount] for line in lines],
                **({"reverses": reverses.pk} if reverses is not None else {}),
            },
        )
    return made, True


def _move(line: Line) -> None:
    """Add the line's amount to its account's balance; refuse to go below zero."""
    account = Account.objects.filter(pk=line.account.pk)
    if line.amount < 0 and line.account.kind != Account.Kind.ISSUANCE:
        account = account.filter(balance__gte=-line.amount)
    if not account.update(balance=F("balance") + line.amount):
        available = Account.objects.filter(pk=line.account.pk).values_list("balance", flat=True)
        where = {
            Account.Kind.WALLET: "your wallet",
            Account.Kind.HOLD: "your held points",
            Account.Kind.BUDGET: "the budget",
        }
        raise NotEnoughPoints(
            f"Not enough points: this needs {-line.amount}, and "
            f"{where.get(line.account.kind, line.account.key)} has {available.get()}."
        )


# --- What the programme does with it ---------------------------------------------------


def award(*, person: User, points: int, key: str, reason: str = "") -> tuple[Transfer, bool]:
    """Issue points to a person's wallet, once per key (rules use the rule version and
    the activity that earned them)."""
    if points <= 0:
        raise ValueError("An award is a positive number of points.")
    return transfer(
        kind=Transfer.Kind.AWARD,
        key=key,
        reason=reason,
        lines=[
            Line(system_account(Account.Kind.ISSUANCE), -points),
            Line(account_of(Account.Kind.WALLET, person), points),
        ],
    )


def _move_points(
    kind: str, source: Account, destination: Account, points: int, key: str
) -> Transfer:
    made, _ = transfer(kind=kind, key=key, lines=[Line(source, -points), Line(destination, points)])
    return made


def hold(*, person: User, points: int, key: str) -> Transfer:
    """Set points aside for a redemption: from the wallet to the person's holds."""
    wallet, held = account_of(Account.Kind.WALLET, person), account_of(Account.Kind.HOLD, person)
    return _move_points(Transfer.Kind.HOLD, wallet, held, points, key)


def release(*, person: User, points: int, key: str) -> Transfer:
    """A declined redemption: the held points go back to the wallet."""
    held, wallet = account_of(Account.Kind.HOLD, person), account_of(Account.Kind.WALLET, person)
    return _move_points(Transfer.Kind.RELEASE, held, wallet, points, key)


def settle(*, person: User, points: int, key: str) -> Transfer:
    """An approved redemption: the held points leave for good."""
    held, spent = account_of(Account.Kind.HOLD, person), system_account(Account.Kind.REDEEMED)
    return _move_points(Transfer.Kind.SETTLEMENT, held, spent, points, key)


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins correct the ledger.")


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why: the reason stays in the ledger for good."})
    return reason


def adjust(*, actor: User, person: User, points: int, reason: str, key: str) -> Transfer:
    """HR gives (points > 0) or takes back (points < 0) points by hand, with a reason."""
    _check_hr(actor)
    reason = _check_reason(reason)
    if points == 0:
        raise ValidationError({"points": "Give or take at least one point."})
    issuance = system_account(Account.Kind.ISSUANCE)
    wallet = account_of(Account.Kind.WALLET, person)
    made, _ = transfer(
        kind=Transfer.Kind.ADJUSTMENT,
        key=key,
        reason=reason,
        actor=actor,
        lines=[Line(issuance, -points), Line(wallet, points)],
    )
    return made


REDEMPTION_KINDS = frozenset({Transfer.Kind.HOLD, Transfer.Kind.RELEASE, Transfer.Kind.SETTLEMENT})


def reverse(*, actor: User, transfer_to_undo: Transfer, reason: str) -> Transfer:
    """HR undoes a transfer with a new one, its lines the other way round. Refused when
    the points have moved on (a wallet would go below zero) or it was reversed already."""
    _check_hr(actor)
    reason = _check_reason(reason)
    if transfer_to_undo.kind == Transfer.Kind.REVERSAL:
        raise Conflict("A reversal is not reversed: make a new adjustment instead.")
    if transfer_to_undo.kind == Transfer.Kind.FUNDING:
        # The budget's amount is what was funded: change the amount instead.
        raise Conflict("A budget's funding is not reversed: set the budget's amount instead.")
    if transfer_to_undo.kind in REDEMPTION_KINDS:
        # A hold, release or settlement moves with its redemption's status: undone
        # alone it would leave points held for nothing, or a redemption approved
        # with its points back. Decline or cancel it; refund a settled one with an
        # adjustment.
        raise Conflict(
            "Points held for or spent on a redemption move with the redemption: decline "
            "or cancel it, or refund the person with an adjustment."
        )
    if Transfer.objects.filter(reverses=transfer_to_undo).exists():
        raise Conflict("This transfer was reversed already.")
    lines = [
        Line(entry.account, -entry.amount)
        for entry in transfer_to_undo.entries.select_related("account")
    ]
    try:
        made, _ = transfer(
            kind=Transfer.Kind.REVERSAL,
            key=f"reversal:{transfer_to_undo.pk}",
            reason=reason,
            actor=actor,
            reverses=transfer_to_undo,
            lines=lines,
        )
    except IntegrityError:  # reversed meanwhile, by a request racing this one
        raise Conflict("This transfer was reversed already.") from None
    return made
