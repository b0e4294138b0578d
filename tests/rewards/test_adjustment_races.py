"""A retried adjustment, ten times at once through the API on real PostgreSQL
(each request on its own connection): one transfer, and every answer names it."""

import pytest

from rewards.integrity import ledger_problems
from rewards.models import Account, Transfer
from rewards.services import ledger
from tests.fixtures.personas import signed_in
from tests.rewards.redeeming import balance, race

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 10


def test_the_same_adjustment_ten_times_at_once_adjusts_once(demo):
    ada, grace = demo["ada"], demo["grace"]
    ledger.award(person=ada, points=50, key="award:seed:ada")
    client = signed_in(grace)
    path = f"/api/v1/rewards/people/{ada.pk}/adjustments/"

    def adjust() -> tuple[int, int]:
        answer = client.post(
            path,
            {"points": -30, "reason": "Duplicate award"},
            content_type="application/json",
            headers={"Idempotency-Key": "one-click"},
        )
        return answer.status_code, answer.json().get("id")

    answers = race([adjust] * PARALLEL)

    made = Transfer.objects.get(kind=Transfer.Kind.ADJUSTMENT)
    assert answers == [(201, made.pk)] * PARALLEL
    assert balance(Account.Kind.WALLET, ada) == 20
    assert ledger_problems() == []


def test_different_adjustments_at_once_never_take_a_wallet_below_zero(demo):
    ada, grace = demo["ada"], demo["grace"]
    ledger.award(person=ada, points=50, key="award:seed:ada")
    client = signed_in(grace)
    path = f"/api/v1/rewards/people/{ada.pk}/adjustments/"

    def adjust(n: int) -> int:
        return client.post(
            path,
            {"points": -10, "reason": "Correction"},
            content_type="application/json",
            headers={"Idempotency-Key": f"click-{n}"},
        ).status_code

    statuses = race([(lambda n=n: adjust(n)) for n in range(PARALLEL)])

    assert sorted(statuses) == [201] * 5 + [409] * 5
    assert balance(Account.Kind.WALLET, ada) == 0
    assert ledger_problems() == []
