"""The HR console: only HR admins reach it; its overview shows what waits and
whether the ledger adds up."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rewards.models import Account
from rewards.services import budgets, ledger
from tests.fixtures.personas import EVERYONE, client_for

OVERVIEW = {who: 403 for who in EVERYONE} | {"anonymous": 302, "grace": 200}


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_console(demo, who):
    response = client_for(demo, who).get(reverse("hr-home"))

    assert response.status_code == OVERVIEW[who]
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_the_nav_links_the_console_for_hr_admins_only(demo):
    home = reverse("home")
    assert reverse("hr-home") in client_for(demo, "grace").get(home).content.decode()
    assert reverse("hr-home") not in client_for(demo, "ada").get(home).content.decode()


def test_the_overview_says_when_the_ledger_does_not_add_up(demo):
    ledger.award(person=demo["ada"], points=30, key="welcome:ada")
    grace = client_for(demo, "grace")
    assert 'data-ledger-check="passed"' in grace.get(reverse("hr-home")).content.decode()

    wallet = ledger.account_of(Account.Kind.WALLET, demo["ada"])
    with connection.cursor() as cursor:  # tampering behind the ledger's back
        cursor.execute("UPDATE rewards_account SET balance = 31 WHERE id = %s", [wallet.pk])

    page = grace.get(reverse("hr-home")).content.decode()
    assert 'data-ledger-check="failed"' in page
    assert "does not add up" in page


def test_the_overview_shows_the_month_the_liability_and_the_budgets(demo):
    grace, ada = demo["grace"], demo["ada"]
    ledger.award(person=ada, points=30, key="welcome:ada")
    ledger.hold(person=ada, points=10, key="hold:ada")
    ledger.settle(person=ada, points=4, key="settle:ada")
    ambassadors = budgets.programme_create(actor=grace, name="Ambassadors")
    budgets.budget_set(actor=grace, programme=ambassadors, period=timezone.localdate(), amount=500)
    budgets.programme_create(actor=grace, name="Referrals")  # no budget this month

    page = client_for(demo, "grace").get(reverse("hr-home")).content.decode()

    assert "<span data-month-issued>30</span>" in page
    assert "<span data-month-redeemed>4</span>" in page
    assert "<span data-outstanding>26</span>" in page  # 20 to spend, 6 still held
    assert "<td data-amount>500</td>" in page
    assert "data-no-budget" in page  # Referrals: its rules award nothing this month
