"""Whatever happens to the ledger, in any order: every transfer sums to zero, so all
entries do; every balance is the sum of its entries; no account but issuance is
ever below zero (Hypothesis draws the sequences)."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridge.errors import Conflict
from rewards.integrity import ledger_problems
from rewards.models import Account, Entry
from rewards.services import ledger

pytestmark = pytest.mark.django_db

PEOPLE = ("ada", "carla", "pat")
_keys = itertools.count()

operations = st.lists(
    st.tuples(
        st.sampled_from(["award", "hold", "release", "settle", "adjust", "reverse"]),
        st.sampled_from(PEOPLE),
        st.integers(min_value=1, max_value=60),
    ),
    min_size=1,
    max_size=25,
)


def _apply(demo, operation: str, who: str, points: int) -> None:
    person, key = demo[who], f"property:{next(_keys)}"
    if operation == "award":
        ledger.award(person=person, points=points, key=key)
    elif operation == "adjust":
        ledger.adjust(actor=demo["grace"], person=person, points=-points, reason="Fix", key=key)
    elif operation == "reverse":
        last = Entry.objects.filter(account__owner=person).order_by("-pk").first()
        if last is not None:
            ledger.reverse(actor=demo["grace"], transfer_to_undo=last.transfer, reason="Undo")
    else:
        getattr(ledger, operation)(person=person, points=points, key=key)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_the_ledger_always_adds_up(demo, steps):
    for operation, who, points in steps:
        try:
            _apply(demo, operation, who, points)
        except Conflict:  # not enough points, or reversed already
            pass  # refused whole: the invariants must hold all the same

        assert ledger_problems() == []
    assert not Account.objects.exclude(kind=Account.Kind.ISSUANCE).filter(balance__lt=0).exists()
