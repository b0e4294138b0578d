"""Redemptions on real PostgreSQL with real threads: the cost is held on the ledger
and then spent or returned, exactly once; never more holds than the balance covers,
never more approvals than the stock; the person hears of every step."""

import pytest

from activity import relay
from activity.models import Activity, Audience, Delivery
from bridge.errors import Conflict
from rewards.integrity import ledger_problems
from rewards.models import Account, Redemption, Transfer
from rewards.services import ledger
from rewards.services.redemptions import (
    redemption_approve,
    redemption_cancel,
    redemption_decline,
    redemption_request,
)
from tests.fixtures.personas import signed_in
from tests.rewards.redeeming import balance, held, make_item, race, wallet

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 100


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


def _give(person, points: int) -> None:
    ledger.award(person=person, points=points, key=f"award:test:{person.pk}:{points}")


def _told(redemption: Redemption) -> list[tuple[str, list[int]]]:
    """(verb, notified) of the redemption's activities, oldest first."""
    found = Activity.objects.filter(object_type="redemption", object_id=str(redemption.pk))
    for told in found:
        assert told.audience == Audience.PERSONAL
    return [(told.verb, told.payload["notify"]) for told in found.order_by("pk")]


def test_redeeming_holds_the_cost_and_hr_approving_spends_it_and_takes_one_from_stock(demo):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=30, stock=2)
    _give(ada, 100)

    asked = signed_in(ada).post(f"/api/v1/rewards/items/{item.pk}/redeem/")

    assert asked.status_code == 201, asked.content
    assert (asked.json()["status"], asked.json()["points"]) == ("pending", 30)
    assert (wallet(ada), held(ada)) == (70, 30)
    redemption = Redemption.objects.get(pk=asked.json()["id"])
    assert Transfer.objects.get(key=f"redemption:{redemption.pk}").kind == Transfer.Kind.HOLD

    approved = signed_in(grace).post(f"/api/v1/rewards/redemptions/{redemption.pk}/approve/")

    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"]["id"] == grace.pk
    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == (70, 0, 30)
    item.refresh_from_db()
    assert item.stock == 1
    assert _told(redemption) == [
        ("redemption.requested", [ada.pk]),
        ("redemption.approved", [ada.pk]),
    ]


def test_hr_declines_with_a_note_and_the_points_come_back(demo):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=30, stock=2)
    _give(ada, 100)
    redemption = redemption_request(actor=ada, item=item)
    hr = signed_in(grace)
    path = f"/api/v1/rewards/redemptions/{redemption.pk}/decline/"

    without_note = hr.post(path, {"note": "  "}, content_type="application/json")
    declined = hr.post(path, {"note": "Out of season"}, content_type="application/json")

    assert without_note.status_code == 400
    assert "note" in without_note.json()["fields"]
    assert declined.status_code == 200, declined.content
    assert (declined.json()["status"], declined.json()["note"]) == ("declined", "Out of season")
    assert (wallet(ada), held(ada)) == (100, 0)
    item.refresh_from_db()
    assert item.stock == 2
    told = Activity.objects.get(verb="redemption.declined", object_id=str(redemption.pk))
    assert told.payload["note"] == "Out of season"
    assert told.payload["notify"] == [ada.pk]


def test_the_person_cancels_their_own_pending_redemption(demo):
    ada = demo["ada"]
    item = make_item(demo["grace"], cost=30)
    _give(ada, 100)
    redemption = redemption_request(actor=ada, item=item)

    cancelled = signed_in(ada).post(f"/api/v1/rewards/redemptions/{redemption.pk}/cancel/")

    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert (wallet(ada), held(ada)) == (100, 0)
    assert [verb for verb, _ in _told(redemption)] == [
        "redemption.requested",
        "redemption.cancelled",
    ]


@pytest.mark.parametrize("first", ["approve", "decline", "cancel"])
def test_a_redemption_is_decided_once(demo, first):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=30, stock=5)
    _give(ada, 100)
    redemption = redemption_request(actor=ada, item=item)
    hr, person = signed_in(grace), signed_in(ada)
    path = f"/api/v1/rewards/redemptions/{redemption.pk}"
    decide = {
        "approve": lambda: hr.post(f"{path}/approve/"),
        "decline": lambda: hr.post(
            f"{path}/decline/", {"note": "No"}, content_type="application/json"
        ),
        "cancel": lambda: person.post(f"{path}/cancel/"),
    }
    assert decide[first]().status_code == 200
    after = (wallet(ada), held(ada), balance(Account.Kind.REDEEMED))

    again = {name: call().status_code for name, call in decide.items()}

    assert again == {"approve": 409, "decline": 409, "cancel": 409}
    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == after
    item.refresh_from_db()
    assert item.stock == (4 if first == "approve" else 5)


def test_not_enough_points_is_a_409_and_writes_nothing(demo):
    ada = demo["ada"]
    item = make_item(demo["grace"], cost=30)
    _give(ada, 29)
    activities = Activity.objects.count()

    response = signed_in(ada).post(f"/api/v1/rewards/items/{item.pk}/redeem/")

    assert response.status_code == 409
    assert "Not enough points" in response.json()["detail"]
    assert not Redemption.objects.exists()
    assert not Transfer.objects.filter(kind=Transfer.Kind.HOLD).exists()
    assert Activity.objects.count() == activities
    assert (wallet(ada), held(ada)) == (29, 0)


def test_out_of_stock_at_request_time_is_a_409(demo):
    ada = demo["ada"]
    item = make_item(demo["grace"], cost=10, stock=0)
    _give(ada, 100)

    response = signed_in(ada).post(f"/api/v1/rewards/items/{item.pk}/redeem/")

    assert response.status_code == 409
    assert "out of stock" in response.json()["detail"]
    assert not Redemption.objects.exists()
    assert wallet(ada) == 100


def test_a_cost_changed_later_does_not_change_what_a_pending_redemption_settles(demo):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=30)
    _give(ada, 100)
    redemption = redemption_request(actor=ada, item=item)
    signed_in(grace).patch(
        f"/api/v1/rewards/items/{item.pk}/", {"cost": 80}, content_type="application/json"
    )

    redemption_approve(actor=grace, redemption=redemption)

    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == (70, 0, 30)


def test_a_hundred_redemptions_at_once_against_ten_worth_of_points_hold_exactly_ten(demo):
    carla = demo["carla"]
    item = make_item(demo["grace"], cost=10, affiliations=["customer"])
    _give(carla, 100)

    outcomes = race([lambda: redemption_request(actor=carla, item=item)] * PARALLEL)

    made = [outcome for outcome in outcomes if isinstance(outcome, Redemption)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ledger.NotEnoughPoints)]
    assert (len(made), len(refused)) == (10, 90), outcomes
    assert Redemption.objects.count() == 10
    assert Transfer.objects.filter(kind=Transfer.Kind.HOLD).count() == 10
    assert (wallet(carla), held(carla)) == (0, 100)
    assert not Account.objects.filter(balance__lt=0).exclude(kind=Account.Kind.ISSUANCE).exists()


def test_a_hundred_redemption_requests_at_once_through_the_api_hold_exactly_ten(demo):
    carla = demo["carla"]
    item = make_item(demo["grace"], cost=10, affiliations=["customer"])
    _give(carla, 100)
    client = signed_in(carla)
    path = f"/api/v1/rewards/items/{item.pk}/redeem/"

    statuses = race([lambda: client.post(path).status_code] * PARALLEL)

    assert sorted(statuses) == [201] * 10 + [409] * 90
    assert Redemption.objects.filter(person=carla, status="pending").count() == 10
    assert (wallet(carla), held(carla)) == (0, 100)


def test_ten_approvals_at_once_against_a_stock_of_three_settle_three(demo):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=10, stock=3)
    _give(ada, 100)
    pending = [redemption_request(actor=ada, item=item) for _ in range(10)]

    outcomes = race([(lambda r=r: redemption_approve(actor=grace, redemption=r)) for r in pending])

    approved = [outcome for outcome in outcomes if isinstance(outcome, Redemption)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, Conflict)]
    assert (len(approved), len(refused)) == (3, 7), outcomes
    item.refresh_from_db()
    assert item.stock == 0
    statuses = sorted(Redemption.objects.values_list("status", flat=True))
    assert statuses == ["approved"] * 3 + ["pending"] * 7
    # The refused ones' points are still held, waiting for HR to decline or restock.
    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == (0, 70, 30)
    assert Transfer.objects.filter(kind=Transfer.Kind.SETTLEMENT).count() == 3


def test_the_same_redemption_approved_ten_times_at_once_is_settled_once(demo):
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=10, stock=5)
    _give(ada, 100)
    redemption = redemption_request(actor=ada, item=item)
    client = signed_in(grace)
    path = f"/api/v1/rewards/redemptions/{redemption.pk}/approve/"

    statuses = race([lambda: client.post(path).status_code] * 10)

    assert sorted(statuses) == [200] + [409] * 9
    item.refresh_from_db()
    assert item.stock == 4
    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == (90, 0, 10)


def test_hr_lists_the_pending_queue_and_people_their_own(demo):
    ada, linus, grace = demo["ada"], demo["linus"], demo["grace"]
    item = make_item(grace, cost=10)
    for person in (ada, linus):
        _give(person, 100)
    first = redemption_request(actor=ada, item=item)
    redemption_request(actor=linus, item=item)
    redemption_request(actor=ada, item=item)
    redemption_cancel(actor=ada, redemption=first)

    queue = signed_in(grace).get("/api/v1/rewards/redemptions/?status=pending")
    mine = signed_in(ada).get("/api/v1/rewards/redemptions/")
    bad_filter = signed_in(grace).get("/api/v1/rewards/redemptions/?status=lost")

    assert queue.status_code == 200
    assert [r["person"]["id"] for r in queue.json()["results"]] == [ada.pk, linus.pk]
    assert {r["person"]["id"] for r in mine.json()["results"]} == {ada.pk}
    assert [r["status"] for r in mine.json()["results"]] == ["pending", "cancelled"]
    assert bad_filter.status_code == 400
    assert "status" in bad_filter.json()["fields"]


def test_my_wallet_shows_my_balance_holds_and_latest_entries(demo):
    ada = demo["ada"]
    item = make_item(demo["grace"], cost=30)
    _give(ada, 100)
    _give(demo["linus"], 55)
    redemption = redemption_request(actor=ada, item=item)
    redemption_decline(actor=demo["grace"], redemption=redemption, note="Sold out")

    response = signed_in(ada).get("/api/v1/rewards/me/")

    assert response.status_code == 200
    me = response.json()
    assert (me["balance"], me["held"]) == (100, 0)
    kinds = [(entry["kind"], entry["account"], entry["amount"]) for entry in me["entries"]]
    assert kinds == [
        ("release", "wallet", 30),
        ("release", "hold", -30),
        ("hold", "hold", 30),
        ("hold", "wallet", -30),
        ("award", "wallet", 100),
    ]


def _deliver_reward_notifications() -> None:
    """Run the rewards notification handler as the worker would, in the test's process."""
    for delivery in Delivery.objects.filter(handler="rewards.notify", status="pending"):
        relay.deliver(delivery.pk)


def _notices(person) -> list[dict]:
    response = signed_in(person).get("/api/v1/notifications/")
    assert response.status_code == 200
    return response.json()["results"]


def test_hr_is_told_of_requests_and_the_person_of_hrs_decisions(demo):
    ada, grace = demo["ada"], demo["grace"]
    hoodie, mug = make_item(grace, name="Hoodie", cost=30), make_item(grace, name="Mug", cost=5)
    _give(ada, 100)
    approved = redemption_request(actor=ada, item=hoodie)
    declined = redemption_request(actor=ada, item=mug)
    cancelled = redemption_request(actor=ada, item=mug)
    redemption_cancel(actor=ada, redemption=cancelled)
    redemption_approve(actor=grace, redemption=approved)
    redemption_decline(actor=grace, redemption=declined, note="Mugs are gone.")

    _deliver_reward_notifications()
    _deliver_reward_notifications()  # a replayed delivery tells nobody twice

    notices = _notices(ada)
    assert [(n["reason"], n["text"], n["excerpt"]) for n in notices] == [
        ("reward", "Grace Hopper declined your “Mug”: 5 points are back", "Mugs are gone."),
        ("reward", "Grace Hopper approved your “Hoodie”: 30 points spent", ""),
    ]
    assert notices[0]["url"] == f"/rewards/#redemption-{declined.pk}"
    # Asking and cancelling are the person's own doing: in their stream, not their inbox.
    assert Activity.objects.filter(verb="redemption.cancelled", actor=ada).exists()
    # HR admins are told of each request (not of their own decisions), linked to the queue.
    asked = [(n["text"], n["url"]) for n in _notices(grace)]
    assert asked == [
        (f"Ada Lovelace asked for “{item.name}” ({item.cost} points): approve or decline it",
         f"/hr/redemptions/#redemption-{redemption.pk}")
        for redemption, item in ((cancelled, mug), (declined, mug), (approved, hoodie))
    ]  # fmt: skip
    assert _notices(demo["linus"]) == []


def test_approvals_and_new_requests_for_the_same_item_at_once_never_deadlock(demo):
    """An approval locks only its redemption, then takes stock with an UPDATE; a
    request's foreign key check on the item (at COMMIT) must not wait for that.
    When the approval locked the item row FOR UPDATE too (select_related without
    `of`), approvals queued on the item, requests queued behind them while holding
    the person's accounts, and the approvals waited for those accounts: PostgreSQL
    found deadlocks in bench/ledger.py."""
    ada, grace = demo["ada"], demo["grace"]
    item = make_item(grace, cost=10)
    _give(ada, 400)
    pending = [redemption_request(actor=ada, item=item) for _ in range(15)]

    approvals = [(lambda r=r: redemption_approve(actor=grace, redemption=r)) for r in pending]
    requests = [lambda: redemption_request(actor=ada, item=item)] * 15
    outcomes = race([call for pair in zip(approvals, requests, strict=True) for call in pair])

    assert [o for o in outcomes if not isinstance(o, Redemption)] == []
    assert Redemption.objects.filter(status="approved").count() == 15
    assert Redemption.objects.filter(status="pending").count() == 15
    assert (wallet(ada), held(ada), balance(Account.Kind.REDEEMED)) == (100, 150, 150)
