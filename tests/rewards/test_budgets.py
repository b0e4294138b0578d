"""Programme budgets on real PostgreSQL: a programme's rules draw on its budget for
the activity's month, awards are cut to what remains and stop when it is spent,
racing awards never overspend, funding happens once per change, a budget cannot go
below what it spent, and rules outside programmes keep drawing on issuance."""

import time as clock
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import activity
from activity.models import Activity
from bridge.errors import Conflict
from rewards.integrity import ledger_problems
from rewards.models import Account, Budget, Transfer
from rewards.services import budgets, ledger, rules
from rewards.services.awards import award_for_activity
from rewards.services.leaderboards import leaderboard
from tests.fixtures.personas import EVERYONE, client_for
from tests.rewards.redeeming import race

THIS_MONTH = budgets.month_of(timezone.now())
EVERY_AFFILIATION = ["employee", "partner", "customer"]


def _posted(person, at=None) -> Activity:
    """What post_create records, for the earning `post_created` (its earner: the actor)."""
    with transaction.atomic():
        posted = activity.record(actor=person, verb="post.created", object_type="post", object_id=1)
    if at is not None:
        Activity.objects.filter(pk=posted.pk).update(created_at=at)
        posted.refresh_from_db()
    return posted


def _deliver(posted: Activity) -> list[Transfer]:
    with transaction.atomic():
        return award_for_activity(posted)


def _awarded(transfers) -> list[int]:
    return [transfer.entries.get(amount__gt=0).amount for transfer in transfers]


def _wallet(person) -> int:
    return ledger.account_of(Account.Kind.WALLET, person).balance


def _programme_with_rule(grace, points=10, **terms):
    programme = budgets.programme_create(actor=grace, name="Brand ambassadors 2026")
    rule = rules.rule_create(
        actor=grace, name="Share our news", earning="post_created", points=points, **terms
    )
    budgets.programme_set_rules(actor=grace, programme=programme, rules=[rule])
    return programme, rule


def _figures(programme, period=THIS_MONTH) -> tuple[int, int, int]:
    found = budgets.budget_in(programme, period)
    return found.amount, found.spent, found.remaining


@pytest.mark.django_db
def test_awards_draw_on_the_budget_are_cut_to_what_remains_and_stop_when_spent(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=10)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=25)

    awarded = [_awarded(_deliver(_posted(ada))) for _ in range(4)]

    assert awarded == [[10], [10], [5], []]
    assert _wallet(ada) == 25
    assert _figures(programme) == (25, 25, 0)
    assert ledger.system_balance(Account.Kind.ISSUANCE) == -25, "funded once, awarded from it"
    assert ledger_problems() == []


@pytest.mark.django_db
def test_an_activity_draws_on_the_budget_of_its_own_month(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, rule = _programme_with_rule(grace, points=10)
    last_month = (THIS_MONTH - timedelta(days=1)).replace(day=1)
    rule.versions.update(created_at=timezone.now() - timedelta(days=70))
    budgets.budget_set(actor=grace, programme=programme, period=last_month, amount=100)
    mid_last_month = timezone.make_aware(datetime.combine(last_month, time(12)) + timedelta(days=9))
    late = _posted(ada, at=mid_last_month)

    assert _deliver(_posted(ada)) == [], "no budget this month: a programme is its budget"
    assert _awarded(_deliver(late)) == [10], "delivered now, drawn on last month's budget"
    assert _figures(programme, last_month) == (100, 10, 90)
    assert _figures(programme) == (0, 0, 0)


@pytest.mark.django_db
def test_a_rule_without_a_programme_keeps_drawing_on_issuance(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=10)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=10)
    free = rules.rule_create(actor=grace, name="Anything", earning="post_created", points=3)

    for _ in range(3):
        _deliver(_posted(ada))

    by_rule = Transfer.objects.filter(kind=Transfer.Kind.AWARD, rule_version__rule=free)
    assert _awarded(by_rule) == [3, 3, 3], "unlimited, however spent the programme is"
    assert _wallet(ada) == 10 + 9
    assert _figures(programme) == (10, 10, 0)
    assert ledger_problems() == []


@pytest.mark.django_db
def test_awards_from_a_budget_count_as_earned_on_the_leaderboard_and_funding_does_not(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=10)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=500)
    _deliver(_posted(ada))

    board = leaderboard(reader=ada, period="month")

    assert [(row.person, row.points) for row in board.rows] == [(ada, 10)]
    assert board.total_points == 10


@pytest.mark.django_db
def test_raising_funds_the_difference_once_and_setting_the_same_amount_changes_nothing(demo):
    grace = demo["grace"]
    programme, _ = _programme_with_rule(grace)

    for _ in range(3):
        budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=100)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=150)

    funding = Transfer.objects.filter(kind=Transfer.Kind.FUNDING).order_by("pk")
    assert _awarded(funding) == [100, 50]
    assert _figures(programme) == (150, 0, 150)
    assert Activity.objects.filter(verb="budget.set").count() == 2
    assert ledger_problems() == []


@pytest.mark.django_db
def test_lowering_gives_points_back_and_is_refused_below_what_is_spent(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=30)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=100)
    _deliver(_posted(ada))

    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=50)
    with pytest.raises(Conflict, match="30 points of this budget are spent already") as refused:
        budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=29)
    assert refused.value.details == {"spent": 30}
    assert _figures(programme) == (50, 30, 20), "the refusal changed nothing"

    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=30)
    assert _figures(programme) == (30, 30, 0)
    assert ledger.system_balance(Account.Kind.ISSUANCE) == -30
    assert ledger_problems() == []


@pytest.mark.django_db
def test_a_reversed_award_goes_back_to_the_budget_and_funding_is_not_reversed(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=10)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=10)
    [award] = _deliver(_posted(ada))

    ledger.reverse(actor=grace, transfer_to_undo=award, reason="Posted by mistake")

    assert _figures(programme) == (10, 0, 10)
    funding = Transfer.objects.get(kind=Transfer.Kind.FUNDING)
    with pytest.raises(Conflict, match="set the budget's amount instead"):
        ledger.reverse(actor=grace, transfer_to_undo=funding, reason="Oops")
    assert ledger_problems() == []


@pytest.mark.django_db
def test_the_check_finds_a_budget_that_is_not_what_was_funded(demo):
    grace = demo["grace"]
    programme, _ = _programme_with_rule(grace)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=40)
    assert ledger_problems() == []

    Budget.objects.filter(programme=programme).update(amount=400)  # behind the service's back

    assert ledger_problems() == [
        f"budget budget:{programme.pk}:{THIS_MONTH:%Y-%m}: set to 400, but funded with 40"
    ]


@pytest.mark.django_db
def test_only_hr_admins_manage_programmes_and_bad_input_is_refused_by_field(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace)

    for call in (
        lambda: budgets.programme_create(actor=ada, name="Mine"),
        lambda: budgets.budget_set(actor=ada, programme=programme, period=THIS_MONTH, amount=5),
        lambda: budgets.programme_set_rules(actor=ada, programme=programme, rules=[]),
        lambda: budgets.programmes_for(ada),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(ValidationError) as taken:
        budgets.programme_create(actor=grace, name="brand ambassadors 2026")
    assert taken.value.message_dict == {"name": ["Another programme has this name."]}
    with pytest.raises(ValidationError) as negative:
        budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=-1)
    assert list(negative.value.message_dict) == ["amount"]
    with pytest.raises(ValidationError):
        budgets.parse_period("November")
    assert budgets.parse_period("2026-02") == date(2026, 2, 1)
    assert Transfer.objects.filter(kind=Transfer.Kind.FUNDING).count() == 0


@pytest.mark.django_db(transaction=True)
def test_fifty_racing_awards_against_a_budget_worth_thirty_award_exactly_thirty(demo):
    """The hot row: every award of the programme this month locks the one budget row
    until its delivery commits. 50 at once, from every persona, queue on it and
    still finish quickly; the budget never goes below zero."""
    grace = demo["grace"]
    programme, _ = _programme_with_rule(grace, points=1, affiliations=EVERY_AFFILIATION)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=30)
    people = list(demo.values())
    posts = [_posted(people[n % len(people)]) for n in range(50)]

    started = clock.monotonic()
    outcomes = race([lambda posted=posted: _deliver(posted) for posted in posts])
    elapsed = clock.monotonic() - started

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sum(len(made) for made in outcomes) == 30
    assert sum(_wallet(person) for person in people) == 30
    assert _figures(programme) == (30, 30, 0)
    assert elapsed < 10, f"50 racing awards took {elapsed:.1f}s"
    print(f"50 racing awards on one budget: {elapsed * 1000:.0f} ms")  # noqa: T201 -- the measure
    assert ledger_problems() == []


@pytest.mark.django_db(transaction=True)
def test_the_same_amount_set_five_times_at_once_funds_once(demo):
    grace = demo["grace"]
    programme = budgets.programme_create(actor=grace, name="Launch week")

    outcomes = race(
        [
            lambda: budgets.budget_set(
                actor=grace, programme=programme, period=THIS_MONTH, amount=70
            )
            for _ in range(5)
        ]
    )

    assert all(isinstance(outcome, Budget) for outcome in outcomes), outcomes
    assert _awarded(Transfer.objects.filter(kind=Transfer.Kind.FUNDING)) == [70]
    assert _figures(programme) == (70, 0, 70)
    assert ledger_problems() == []


# --- The API ------------------------------------------------------------------------------


def _call(client, method: str, path: str, data: dict | None = None):
    return getattr(client, method)(path, data, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_reach_the_budgets_api(demo, who):
    programme, _ = _programme_with_rule(demo["grace"])
    client = client_for(demo, who)
    hr = who == "grace"
    month = f"{THIS_MONTH:%Y-%m}"
    calls = {
        "list": ("get", reverse("api-programmes"), None, 200),
        "create": ("post", reverse("api-programmes"), {"name": f"Programme of {who}"}, 201),
        "read": ("get", reverse("api-programme", args=[programme.pk]), None, 200),
        "rename": ("patch", reverse("api-programme", args=[programme.pk]), {"name": "New"}, 200),
        "set budget": (
            "put",
            reverse("api-programme-budget", args=[programme.pk, month]),
            {"amount": 10},
            200,
        ),
        "assign rules": (
            "put",
            reverse("api-programme-rules", args=[programme.pk]),
            {"rule_ids": []},
            200,
        ),
    }

    answers = {
        name: _call(client, method, path, data).status_code
        for name, (method, path, data, _) in calls.items()
    }

    refused = 401 if who == "anonymous" else 403
    assert answers == {name: (call[3] if hr else refused) for name, call in calls.items()}
    funded = Transfer.objects.filter(kind=Transfer.Kind.FUNDING).count()
    assert funded == (1 if hr else 0)


@pytest.mark.django_db
def test_the_api_shows_per_month_budget_spent_and_remaining(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, rule = _programme_with_rule(grace, points=10)
    client = client_for(demo, "grace")
    month = f"{THIS_MONTH:%Y-%m}"

    set_it = _call(
        client, "put", reverse("api-programme-budget", args=[programme.pk, month]), {"amount": 25}
    )
    _deliver(_posted(ada))
    shown = client.get(reverse("api-programme", args=[programme.pk])).json()

    assert set_it.json() == {"period": month, "amount": 25, "spent": 0, "remaining": 25}
    assert shown["rules"] == [{"id": rule.pk, "name": "Share our news", "earning": "post_created"}]
    assert shown["this_month"] == {"period": month, "amount": 25, "spent": 10, "remaining": 15}
    assert shown["budgets"] == [shown["this_month"]]


@pytest.mark.django_db
def test_the_api_refuses_bad_input_by_field_and_lowering_below_spent_with_409(demo):
    ada, grace = demo["ada"], demo["grace"]
    programme, _ = _programme_with_rule(grace, points=10)
    client = client_for(demo, "grace")
    month = reverse("api-programme-budget", args=[programme.pk, f"{THIS_MONTH:%Y-%m}"])
    _call(client, "put", month, {"amount": 25})
    _deliver(_posted(ada))

    lowered = _call(client, "put", month, {"amount": 5})
    negative = _call(client, "put", month, {"amount": -5})
    bad_month = _call(
        client, "put", reverse("api-programme-budget", args=[programme.pk, "soon"]), {"amount": 5}
    )
    unknown_rule = _call(
        client, "put", reverse("api-programme-rules", args=[programme.pk]), {"rule_ids": [999999]}
    )
    taken = _call(client, "post", reverse("api-programmes"), {"name": "Brand ambassadors 2026"})
    missing = client.get(reverse("api-programme", args=[999999]))

    assert lowered.status_code == 409
    assert "10 points of this budget are spent already" in lowered.json()["detail"]
    assert (negative.status_code, list(negative.json()["fields"])) == (400, ["amount"])
    assert (bad_month.status_code, list(bad_month.json()["fields"])) == (400, ["period"])
    assert (unknown_rule.status_code, list(unknown_rule.json()["fields"])) == (400, ["rule_ids"])
    assert (taken.status_code, list(taken.json()["fields"])) == (400, ["name"])
    assert missing.status_code == 404
    assert _figures(programme) == (25, 10, 15)


@pytest.mark.django_db(transaction=True)
def test_lowering_while_awards_race_never_takes_the_budget_below_what_they_spent(demo):
    grace = demo["grace"]
    programme, _ = _programme_with_rule(grace, points=1, affiliations=EVERY_AFFILIATION)
    budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=30)
    people = list(demo.values())
    posts = [_posted(people[n % len(people)]) for n in range(30)]

    def lower():
        return budgets.budget_set(actor=grace, programme=programme, period=THIS_MONTH, amount=10)

    outcomes = race([lower, *[lambda posted=posted: _deliver(posted) for posted in posts]])

    lowered, awards = outcomes[0], outcomes[1:]
    assert isinstance(lowered, Budget | Conflict), lowered
    assert not [outcome for outcome in awards if isinstance(outcome, Exception)], awards
    awarded = sum(len(made) for made in awards)
    amount, spent, remaining = _figures(programme)
    assert amount == (10 if isinstance(lowered, Budget) else 30)
    assert spent == awarded == sum(_wallet(person) for person in people)
    assert remaining == amount - awarded >= 0
    assert ledger_problems() == []
