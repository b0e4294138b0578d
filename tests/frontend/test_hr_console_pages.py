"""The HR console: only HR admins reach it; its overview shows what waits and
whether the ledger adds up."""

import pytest
from django.db import connection
from django.urls import reverse

from rewards.models import Account
from rewards.services import ledger
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
