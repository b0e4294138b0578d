"""Grace runs a programme's budget from the HR console in Chromium: the month
picker's value is what the form expects, the bar shows what awards spent, and a
budget lowered below it is refused next to the amount, with what she typed kept."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rewards.models import Programme, Transfer
from rewards.services import budgets, ledger
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_grace_creates_a_programme_funds_it_and_cannot_go_below_spent(
    page, server, persona, persona_password
):
    grace, ada = persona("grace"), persona("ada")
    month = f"{budgets.month_of(timezone.now()):%Y-%m}"

    sign_in(page, server, "grace", persona_password)
    page.goto(f"{server}/hr/")
    page.get_by_role("navigation", name="HR console").get_by_role("link", name="Budgets").click()
    expect(page.get_by_text("No programmes yet")).to_be_visible()
    page.get_by_label("Name").fill("Brand ambassadors 2026")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.locator("[data-no-budget]")).to_contain_text("award nothing this month")

    page.get_by_label("Month", exact=True).fill(month)
    page.get_by_label("Budget (points)").fill("40")
    page.get_by_role("button", name="Set the budget").click()
    expect(page.get_by_role("status").first).to_contain_text("is set")
    programme = Programme.objects.get(name="Brand ambassadors 2026")
    budget = programme.budgets.get()
    ledger.transfer(  # an award drawn on the budget, as rewards/services/awards.py makes it
        kind=Transfer.Kind.AWARD,
        key="award:e2e",
        lines=[ledger.Line(budget.account, -10), ledger.Line(ledger.account_of("wallet", ada), 10)],
    )

    page.get_by_label("Budget (points)").fill("5")
    page.get_by_role("button", name="Set the budget").click()
    expect(page.locator("#id_amount_error")).to_contain_text("10 points of this budget are spent")
    expect(page.get_by_label("Budget (points)")).to_have_value("5")

    page.get_by_role("link", name="← All programmes").click()
    row = page.locator(f'[data-programme="{programme.pk}"]')
    expect(row.locator("[data-remaining]")).to_have_text("30")
    expect(row.locator("meter")).to_have_attribute("value", "10")
    assert budgets.budget_in(programme, budgets.parse_period(month)).amount == 40
    assert grace.is_hr_admin
