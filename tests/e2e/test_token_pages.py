"""A person makes an API token from her profile, copies it, reloads the page without
making another or seeing it again, and revokes it."""

import re

import pytest
from playwright.sync_api import expect

from integrations.models import ApiToken
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_person_makes_copies_and_revokes_a_token(browser, server, persona, persona_password):
    ada = persona("ada")
    page = browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    sign_in(page, server, "ada", persona_password)
    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    expect(page.get_by_text("You have no API tokens yet.")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("My laptop")
    page.get_by_label("write:posts").check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make token").click()

    secret = page.get_by_label("Token", exact=True)
    expect(secret).to_have_value(re.compile(r"^brg_"))
    expect(page.get_by_text("you won't see it again")).to_be_visible()
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret.input_value()

    page.reload()  # asks for the list again: no second token, and no secret
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)
    row = page.locator("tr", has_text="My laptop")
    expect(row).to_contain_text("write:posts")
    expect(row).to_contain_text("active")
    assert ApiToken.objects.filter(owner=ada).count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("is revoked: it is refused from now on")).to_be_visible()
    expect(row).to_contain_text("revoked")
    expect(row.get_by_role("button", name="Revoke")).to_have_count(0)
    assert ApiToken.objects.get(owner=ada).revoked_at is not None
