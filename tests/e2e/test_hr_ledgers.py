"""HR finds Ada in the console, is refused taking more points than she has,
adjusts, reverses the adjustment, and reads it all in the report and the audit
trail: in Chromium, against daphne."""

import pytest
from playwright.sync_api import expect

from rewards.models import Account, Transfer
from rewards.services import ledger
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_hr_adjusts_and_reverses_from_a_persons_ledger(page, server, persona, persona_password):
    ada, grace = persona("ada"), persona("grace")
    ledger.award(person=ada, points=50, key="award:welcome:ada")

    sign_in(page, server, "grace", persona_password)
    page.goto(f"{server}/hr/")
    console = page.get_by_role("navigation", name="HR console")
    console.get_by_role("link", name="People").click()
    page.get_by_label("Find a person by name, username or email").fill(ada.email)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=ada.name).click()
    expect(page.locator('[data-balance="wallet"]')).to_have_text("50")

    page.get_by_label("Points", exact=True).fill("-80")
    page.get_by_label("Reason", exact=True).first.fill("Duplicate award")
    page.get_by_role("button", name="Adjust").click()
    expect(page.locator("#id_points_error")).to_contain_text("Not enough points")
    expect(page.get_by_label("Points", exact=True)).to_have_value("-80")

    page.get_by_label("Points", exact=True).fill("-20")
    page.get_by_role("button", name="Adjust").click()
    expect(page.locator('[data-balance="wallet"]')).to_have_text("30")
    adjustment = Transfer.objects.get(kind=Transfer.Kind.ADJUSTMENT)

    row = page.locator(f"#transfer-{adjustment.pk}")
    row.get_by_text("Reverse…").click()
    row.get_by_label("Reason").fill("Not a duplicate after all")
    row.get_by_role("button", name="Reverse").click()
    expect(page.locator('[data-balance="wallet"]')).to_have_text("50")
    expect(page.locator(f"#transfer-{adjustment.pk}")).to_contain_text("Reversed by")

    console.get_by_role("link", name="Reports").click()
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-total="issued"]')).to_have_text("50")
    expect(page.locator('[data-total="outstanding"]')).to_have_text("50")

    console.get_by_role("link", name="Audit trail").click()
    expect(
        page.get_by_text(f"{grace.name} adjusted {ada.name}'s points by \u221220")
    ).to_be_visible()
    assert ledger.account_of(Account.Kind.WALLET, ada).balance == 50
