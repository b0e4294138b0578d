"""The console's budgets pages: only HR admins reach them; they show each
programme's month (budget, spent, remaining, a bar) and say when there is no
budget; a refused change shows next to its field and keeps what HR typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rewards.models import Rule, Transfer
from rewards.services import budgets, ledger, rules
from tests.fixtures.personas import EVERYONE, client_for

MONTH = f"{budgets.month_of(timezone.now()):%Y-%m}"


@pytest.fixture
def programme(demo):
    grace = demo["grace"]
    made = budgets.programme_create(actor=grace, name="Brand ambassadors 2026")
    rule = rules.rule_create(actor=grace, name="Share our news", earning="post_created", points=10)
    budgets.programme_set_rules(actor=grace, programme=made, rules=[rule])
    return made


def _spend(programme, points: int) -> None:
    """An award drawn on the programme's budget, as awards.py makes it."""
    budget = programme.budgets.get()
    ledger.transfer(
        kind=Transfer.Kind.AWARD,
        key=f"award:test:{points}",
        lines=[
            ledger.Line(budget.account, -points),
            ledger.Line(ledger.account_of("wallet", programme.created_by), points),
        ],
    )


def _pages(programme) -> dict[str, tuple[str, str, dict]]:
    return {
        "list": ("get", reverse("hr-budgets"), {}),
        "create": ("post", reverse("hr-budgets"), {"name": "Launch week"}),
        "programme": ("get", reverse("hr-budget", args=[programme.pk]), {}),
        "rename": ("post", reverse("hr-budget", args=[programme.pk]), {"name": "Renamed"}),
        "set budget": (
            "post",
            reverse("hr-budget-set", args=[programme.pk]),
            {"period": MONTH, "amount": "40"},
        ),
        "rules": ("post", reverse("hr-budget-rules", args=[programme.pk]), {"rules": []}),
    }


GRACE = {
    "list": 200,
    "create": 302,
    "programme": 200,
    "rename": 302,
    "set budget": 302,
    "rules": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_and_change_budgets(demo, programme, who):
    client = client_for(demo, who)

    answers = {
        name: getattr(client, method)(path, data)
        for name, (method, path, data) in _pages(programme).items()
    }

    codes = {name: response.status_code for name, response in answers.items()}
    if who == "grace":
        assert codes == GRACE
    elif who == "anonymous":
        assert codes == dict.fromkeys(GRACE, 302)
        assert all(r["Location"].startswith(reverse("login")) for r in answers.values())
    else:
        assert codes == dict.fromkeys(GRACE, 403)
    assert programme.budgets.exists() == (who == "grace")


@pytest.mark.django_db
def test_the_console_shows_this_month_and_says_when_there_is_no_budget(demo, programme):
    grace = client_for(demo, "grace")
    assert reverse("hr-budgets") in grace.get(reverse("hr-home")).content.decode(), "a tab"

    before = grace.get(reverse("hr-budgets")).content.decode()
    assert "data-no-budget" in before and "award nothing this month" in before

    budgets.budget_set(
        actor=demo["grace"], programme=programme, period=budgets.parse_period(MONTH), amount=40
    )
    _spend(programme, 10)
    page = grace.get(reverse("hr-budgets")).content.decode()
    detail = grace.get(reverse("hr-budget", args=[programme.pk])).content.decode()

    assert "data-no-budget" not in page
    assert "<td data-amount>40</td>" in page
    assert "<td data-remaining>30</td>" in page
    assert '<meter min="0" max="40" value="10" aria-label="25% spent">' in page
    assert f'data-period="{MONTH}"' in detail and "<td data-remaining>30</td>" in detail
    assert "Share our news" in page


@pytest.mark.django_db
def test_setting_a_budget_through_the_form_funds_it(demo, programme):
    grace = client_for(demo, "grace")

    answer = grace.post(
        reverse("hr-budget-set", args=[programme.pk]), {"period": MONTH, "amount": "40"}
    )

    assert answer["Location"] == reverse("hr-budget", args=[programme.pk])
    figures = budgets.budget_in(programme, budgets.parse_period(MONTH))
    assert (figures.amount, figures.remaining) == (40, 40)
    assert Transfer.objects.filter(kind=Transfer.Kind.FUNDING).count() == 1


@pytest.mark.django_db
def test_lowering_below_spent_shows_next_to_the_amount_and_keeps_what_was_typed(demo, programme):
    budgets.budget_set(
        actor=demo["grace"], programme=programme, period=budgets.parse_period(MONTH), amount=40
    )
    _spend(programme, 10)
    grace = client_for(demo, "grace")

    refused = grace.post(
        reverse("hr-budget-set", args=[programme.pk]), {"period": MONTH, "amount": "7"}
    )
    bad_month = grace.post(
        reverse("hr-budget-set", args=[programme.pk]), {"period": "next May", "amount": "7"}
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    assert (
        '<div class="field__error" id="id_amount_error">10 points of this budget are spent already'
        in page
    )
    assert 'name="amount" value="7"' in page
    assert budgets.budget_in(programme, budgets.parse_period(MONTH)).amount == 40
    month_page = bad_month.content.decode()
    assert bad_month.status_code == 400
    assert 'id="id_period_error">Give a month as YYYY-MM' in month_page
    assert 'value="next May"' in month_page


@pytest.mark.django_db
def test_a_taken_name_shows_next_to_the_name_and_keeps_what_was_typed(demo, programme):
    grace = client_for(demo, "grace")

    refused = grace.post(
        reverse("hr-budgets"), {"name": "brand ambassadors 2026", "description": "Again"}
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'id="id_name_error">Another programme has this name.' in page
    assert 'value="brand ambassadors 2026"' in page and ">\nAgain</textarea>" in page


@pytest.mark.django_db
def test_the_rules_form_chooses_the_rules_the_budget_pays_for(demo, programme):
    grace = demo["grace"]
    other = rules.rule_create(actor=grace, name="Ideas", earning="idea_submitted", points=5)
    client = client_for(demo, "grace")

    client.post(reverse("hr-budget-rules", args=[programme.pk]), {"rules": [other.pk]})

    assert list(programme.rules.all()) == [other]
    assert Rule.objects.get(name="Share our news").programme is None
    missing = client.get(reverse("hr-budget", args=[999999]))
    assert missing.status_code == 404
