"""The points ledger on real PostgreSQL: double entry, never below zero under any
concurrency, each award once however often it is delivered, history that cannot be
rewritten, and a check that proves it all adds up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from activity.models import Activity
from bridge.errors import Conflict
from rewards.integrity import ledger_problems
from rewards.models import Account, Entry, Transfer
from rewards.services import ledger
from tests.rewards.redeeming import race

pytestmark = pytest.mark.django_db(transaction=True)


def _balance(kind: str, person) -> int:
    return ledger.account_of(kind, person).balance


def test_an_award_moves_points_from_issuance_to_the_wallet(demo):
    ada = demo["ada"]

    made, created = ledger.award(person=ada, points=30, key="award:1:100", reason="Idea delivered")

    assert created
    assert _balance(Account.Kind.WALLET, ada) == 30
    assert ledger.system_balance(Account.Kind.ISSUANCE) == -30
    assert sorted(made.entries.values_list("amount", flat=True)) == [-30, 30]
    told = Activity.objects.get(verb="points.award", object_id=str(made.pk))
    assert told.payload["notify"] == [ada.pk]
    assert ledger_problems() == []


def test_the_same_award_delivered_five_times_at_once_is_one_transfer(demo):
    ada = demo["ada"]

    outcomes = race(
        [lambda: ledger.award(person=ada, points=10, key="award:7:555")[1] for _ in range(5)]
    )

    assert sorted(outcomes) == [False, False, False, False, True]
    assert Transfer.objects.filter(key="award:7:555").count() == 1
    assert _balance(Account.Kind.WALLET, ada) == 10
    assert ledger_problems() == []


def test_a_hundred_holds_at_once_against_ten_holds_worth_make_exactly_ten(demo):
    carla = demo["carla"]
    ledger.award(person=carla, points=100, key="award:seed")

    outcomes = race(
        [
            (lambda n=n: ledger.hold(person=carla, points=10, key=f"redemption:{n}"))
            for n in range(100)
        ]
    )

    held = [outcome for outcome in outcomes if isinstance(outcome, Transfer)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ledger.NotEnoughPoints)]
    assert (len(held), len(refused)) == (10, 90), outcomes
    assert _balance(Account.Kind.WALLET, carla) == 0
    assert _balance(Account.Kind.HOLD, carla) == 100
    assert ledger_problems() == []


def test_held_points_are_released_or_spent(demo):
    pat = demo["pat"]
    ledger.award(person=pat, points=50, key="award:pat")
    ledger.hold(person=pat, points=20, key="hold:a")
    ledger.hold(person=pat, points=20, key="hold:b")

    ledger.release(person=pat, points=20, key="release:a")
    ledger.settle(person=pat, points=20, key="settle:b")

    assert _balance(Account.Kind.WALLET, pat) == 30
    assert _balance(Account.Kind.HOLD, pat) == 0
    assert ledger.system_balance(Account.Kind.REDEEMED) == 20
    with pytest.raises(ledger.NotEnoughPoints):
        ledger.settle(person=pat, points=1, key="settle:nothing-held")
    assert not Transfer.objects.filter(key="settle:nothing-held").exists(), "refused whole"
    assert ledger_problems() == []


@pytest.mark.parametrize("kind", ["hold", "release", "settle"])
def test_points_of_a_redemption_are_not_reversed_apart_from_it(demo, kind):
    """Holds, releases and settlements follow a redemption's status: HR declines,
    cancels or refunds by adjustment instead (rewards/services/ledger.py)."""
    grace, ada = demo["grace"], demo["ada"]
    ledger.award(person=ada, points=40, key="award:ada")
    moves = {
        "hold": ledger.hold(person=ada, points=20, key="hold:ada"),
        "release": ledger.release(person=ada, points=5, key="release:ada"),
        "settle": ledger.settle(person=ada, points=5, key="settle:ada"),
    }

    with pytest.raises(Conflict, match="move with the redemption"):
        ledger.reverse(actor=grace, transfer_to_undo=moves[kind], reason="Undo")
    assert not Transfer.objects.filter(kind=Transfer.Kind.REVERSAL).exists()


def test_hr_adjusts_and_reverses_with_a_reason_and_never_below_zero(demo):
    grace, ada, linus = demo["grace"], demo["ada"], demo["linus"]  # grace is the HR admin
    award, _ = ledger.award(person=ada, points=40, key="award:ada")

    with pytest.raises(PermissionDenied):
        ledger.adjust(actor=linus, person=ada, points=5, reason="Nice", key="adj:1")
    with pytest.raises(ValidationError) as no_reason:
        ledger.adjust(actor=grace, person=ada, points=5, reason="  ", key="adj:2")
    adjusted = ledger.adjust(
        actor=grace, person=ada, points=-15, reason="Counted twice", key="adj:3"
    )
    ledger.hold(person=ada, points=20, key="hold:ada")
    with pytest.raises(ledger.NotEnoughPoints):
        # 40 - 15 - 20 = 5 left: the award's 40 cannot come back.
        ledger.reverse(actor=grace, transfer_to_undo=award, reason="Not earned")
    reversal = ledger.reverse(actor=grace, transfer_to_undo=adjusted, reason="Was right after all")
    with pytest.raises(Conflict):
        ledger.reverse(actor=grace, transfer_to_undo=adjusted, reason="Again")

    assert no_reason.value.message_dict == {
        "reason": ["Say why: the reason stays in the ledger for good."]
    }
    assert (reversal.reverses, reversal.actor, reversal.reason) == (
        adjusted,
        grace,
        "Was right after all",
    )
    assert _balance(Account.Kind.WALLET, ada) == 20
    assert ledger_problems() == []


def test_the_database_refuses_to_rewrite_history(demo):
    made, _ = ledger.award(person=demo["ada"], points=5, key="award:history")
    entry = made.entries.first()

    for statement, params in [
        ("UPDATE rewards_entry SET amount = 500 WHERE id = %s", [entry.pk]),
        ("DELETE FROM rewards_entry WHERE id = %s", [entry.pk]),
        ("UPDATE rewards_transfer SET reason = 'edited' WHERE id = %s", [made.pk]),
        ("DELETE FROM rewards_transfer WHERE id = %s", [made.pk]),
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, params)

    assert Entry.objects.get(pk=entry.pk).amount == entry.amount


def test_the_check_finds_a_balance_that_is_not_its_entries(demo):
    ledger.award(person=demo["ada"], points=5, key="award:check")
    call_command("ledger_check")  # adds up

    # Only a hand in the database can do this: services never write a balance alone.
    Account.objects.filter(key=f"wallet:{demo['ada'].pk}").update(balance=7)

    with pytest.raises(CommandError, match=r"balance 7, but its entries sum to 5"):
        call_command("ledger_check")


def test_transfers_that_do_not_add_up_are_refused_before_anything_is_written(demo):
    wallet = ledger.account_of(Account.Kind.WALLET, demo["ada"])
    issuance = ledger.system_account(Account.Kind.ISSUANCE)

    for lines in [
        [ledger.Line(issuance, -5), ledger.Line(wallet, 4)],
        [ledger.Line(wallet, 5)],
        [ledger.Line(issuance, 0), ledger.Line(wallet, 0)],
        [ledger.Line(wallet, -5), ledger.Line(wallet, 5)],
    ]:
        with pytest.raises(ValueError):
            ledger.transfer(kind=Transfer.Kind.AWARD, key="bad", lines=lines)

    assert not Transfer.objects.exists()
