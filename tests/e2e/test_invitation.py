"""A community manager invites a new customer, who signs up and lands inside."""

import re

import pytest
from playwright.sync_api import expect

from network.invitations import invitation_token
from network.models import Community, Invitation
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_an_invited_customer_signs_up_posts_and_cannot_reach_internal_pages(
    browser, server, persona, persona_password
):
    persona("linus")
    council = Community.objects.get(slug="customer-council")
    engineering = Community.objects.get(slug="engineering")

    manager = browser.new_context().new_page()
    sign_in(manager, server, "linus", persona_password)
    manager.goto(f"{server}/communities/{council.pk}/")
    manager.get_by_label("Email address").fill("nia@acme.example")
    manager.get_by_label("Their company").fill("Acme")
    manager.get_by_role("button", name="Send invitation").click()
    expect(manager.get_by_role("status").first).to_contain_text("Invitation sent")

    link = f"{server}/invitations/{invitation_token(Invitation.objects.get())}/"
    guest = browser.new_context().new_page()
    guest.goto(link)
    guest.get_by_label("First name").fill("Nia")
    guest.get_by_label("Last name").fill("New")
    guest.get_by_label("Username").fill("nia")
    guest.get_by_label("Password", exact=True).fill("a-long-passphrase")
    guest.get_by_label("Password again").fill("a-long-passphrase")
    guest.get_by_role("button", name="Create account and join").click()

    expect(guest).to_have_url(re.compile(rf"/communities/{council.pk}/$"))
    expect(guest.get_by_role("heading", level=1)).to_have_text("Customer Council")
    expect(guest.locator(".nav__user")).to_contain_text("Acme")
    guest.get_by_label("Post", exact=True).fill("Hello from Acme: we need *audit logs*")
    guest.get_by_role("button", name="Post", exact=True).click()
    first_post = guest.locator(".post").first
    expect(first_post).to_contain_text("Hello from Acme: we need audit logs")
    expect(first_post.locator("em")).to_have_text("audit logs")
    response = guest.goto(f"{server}/communities/{engineering.pk}/")
    assert response.status == 404
    expect(guest.get_by_text("does not exist, or you cannot see it")).to_be_visible()
