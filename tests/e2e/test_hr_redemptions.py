"""HR works the redemptions queue in a real browser: approves one, declines
another with a note, and finds both in the history."""

import pytest
from playwright.sync_api import expect

from rewards.models import Redemption
from rewards.services import ledger
from rewards.services import redemptions as redemption_services
from tests.e2e.test_sign_in import sign_in
from tests.rewards.redeeming import make_item

pytestmark = pytest.mark.e2e


def test_hr_approves_one_redemption_and_declines_another(
    browser, server, persona, persona_password
):
    ada, grace = persona("ada"), persona("grace")
    ledger.award(person=ada, points=100, key="e2e:ada")
    hoodie = make_item(grace, name="Hoodie", stock=2)
    mug = make_item(grace, name="Mug", cost=5)
    approved = redemption_services.redemption_request(actor=ada, item=hoodie)
    declined = redemption_services.redemption_request(actor=ada, item=mug)

    page = browser.new_context().new_page()
    sign_in(page, server, "grace", persona_password)
    page.goto(f"{server}/hr/")
    page.get_by_role("navigation", name="HR console").get_by_role(
        "link", name="Redemptions"
    ).click()

    row = page.locator(f"#redemption-{approved.pk}")
    expect(row).to_contain_text("Hoodie")
    expect(row.locator("[data-balance]")).to_have_text("85")
    row.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status").first).to_contain_text("Approved: Hoodie")
    expect(page.locator(f"#redemption-{approved.pk}")).to_have_count(0)

    row = page.locator(f"#redemption-{declined.pk}")
    row.get_by_role("button", name="Decline").click()  # without a note: refused, kept
    row = page.locator(f"#redemption-{declined.pk}")
    expect(row.locator(".field__error")).to_be_visible()
    row.get_by_label("Why (the person reads it)").fill("Mugs are back next month.")
    row.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("status").first).to_contain_text("Declined: Mug")
    expect(page.get_by_text("Nothing waits for a decision.")).to_be_visible()

    page.get_by_role("link", name="Decided").click()
    expect(page.locator(f"#redemption-{approved.pk}")).to_contain_text("Approved")
    expect(page.locator(f"#redemption-{declined.pk}")).to_contain_text("Mugs are back next month.")
    statuses = dict(Redemption.objects.values_list("pk", "status"))
    assert statuses == {approved.pk: "approved", declined.pk: "declined"}
