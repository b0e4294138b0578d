"""Redemptions: a person spends points on a reward, HR decides.

The points move only through the ledger (rewards/services/ledger.py), under keys
derived from the redemption, so each move happens once:
- asked for: wallet → hold (``redemption:<id>``), in the transaction that writes
  the redemption, so a refused hold (not enough points) leaves no row behind;
- approved: hold → redeemed (``redemption:<id>:settle``) and the item's stock goes
  down by a conditional UPDATE that never takes it below zero;
- declined by HR, or cancelled by the person: hold → wallet
  (``redemption:<id>:release``).
A redemption is decided once: its row is locked while it is decided, and a second
decision meets a 409. The person hears of each step (a personal activity).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

import activity
from activity.models import Audience
from bridge.errors import Conflict
from network.models import User
from rewards.access import is_hr
from rewards.models import Item, Redemption
from rewards.services import ledger

Status = Redemption.Status


def _record(actor: User, redemption: Redemption, verb: str) -> None:
    activity.record(
        actor=actor,
        verb=verb,
        object_type="redemption",
        object_id=redemption.pk,
        audience=Audience.PERSONAL,
        payload={
            "notify": [redemption.person_id],
            "item_id": redemption.item_id,
            "points": redemption.points,
            "status": redemption.status,
            **({"note": redemption.note} if redemption.note else {}),
        },
    )


def _check_may_redeem(actor: User, item: Item) -> None:
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in to redeem rewards.")
    if actor.affiliation not in item.affiliations:
        raise PermissionDenied("This reward is not open to you.")
    if not item.active:
        raise Conflict("This reward is no longer offered.")
    if item.stock is not None and item.stock <= 0:
        raise Conflict("This reward is out of stock.")


def redemption_request(*, actor: User, item: Item) -> Redemption:
    """A person asks for a reward: its cost moves from their wallet to a hold.
    Without enough points (however many requests race), a 409 and nothing written."""
    _check_may_redeem(actor, item)
    with transaction.atomic():
        redemption = Redemption.objects.create(item=item, person=actor, points=item.cost)
        ledger.hold(person=actor, points=redemption.points, key=redemption.ledger_key)
        _record(actor, redemption, "redemption.requested")
    return redemption


def _locked_pending(redemption: Redemption) -> Redemption:
    """The redemption's row, locked until the caller's transaction ends; a 409 when
    it was decided already (by this request's rival, say)."""
    # Only the redemption's row, and a lock that lets foreign key checks through:
    # FOR UPDATE on the joined item would stop every request for that item at its
    # COMMIT while it holds the person's accounts, and deadlock with approvals
    # waiting for those accounts (tests/rewards/test_redemptions.py).
    locked = (
        Redemption.objects.select_for_update(of=("self",), no_key=True)
        .select_related("item")
        .get(pk=redemption.pk)
    )
    if locked.status != Status.PENDING:
        raise Conflict(f"This redemption was {locked.status} already.")
    return locked


def _decided(actor: User, redemption: Redemption, status: str, note: str = "") -> Redemption:
    redemption.status, redemption.note = status, note
    redemption.decided_by, redemption.decided_at = actor, timezone.now()
    redemption.save(update_fields=["status", "note", "decided_by", "decided_at"])
    _record(actor, redemption, f"redemption.{status}")
    return redemption


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied("Only HR admins decide on redemptions.")


def _take_one_from_stock(item_id: int) -> None:
    """One fewer in stock, unless it ran out meanwhile (409). Unlimited stays NULL
    (NULL - 1 is NULL). The UPDATE's condition, not a read before it, decides."""
    taken = (
        Item.objects.filter(pk=item_id)
        .filter(Q(stock__isnull=True) | Q(stock__gt=0))
        .update(stock=F("stock") - 1)
    )
    if not taken:
        raise Conflict("This reward ran out of stock: decline the redemption or add stock.")


def redemption_approve(*, actor: User, redemption: Redemption) -> Redemption:
    """HR approves: one fewer in stock, and the held points leave for good. Out of
    stock: a 409, and the points stay held until HR declines or stock is added."""
    _check_hr(actor)
    with transaction.atomic():
        locked = _locked_pending(redemption)
        ledger.settle(person=locked.person, points=locked.points, key=f"{locked.ledger_key}:settle")
        # Stock last: every approval of the item waits for its row, so it is held
        # only for the end of the transaction. Out of stock rolls the settlement back.
        _take_one_from_stock(locked.item_id)
        return _decided(actor, locked, Status.APPROVED)


def redemption_decline(*, actor: User, redemption: Redemption, note: str) -> Redemption:
    """HR declines, saying why: the held points go back to the person's wallet."""
    _check_hr(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Tell the person why their redemption is declined."})
    with transaction.atomic():
        locked = _locked_pending(redemption)
        ledger.release(
            person=locked.person, points=locked.points, key=f"{locked.ledger_key}:release"
        )
        return _decided(actor, locked, Status.DECLINED, note)


def redemption_cancel(*, actor: User, redemption: Redemption) -> Redemption:
    """The person withdraws their own pending redemption: the points come back."""
    if actor.pk != redemption.person_id:
        raise PermissionDenied("Only the person who asked can cancel a redemption.")
    with transaction.atomic():
        locked = _locked_pending(redemption)
        ledger.release(
            person=locked.person, points=locked.points, key=f"{locked.ledger_key}:release"
        )
        return _decided(actor, locked, Status.CANCELLED)
