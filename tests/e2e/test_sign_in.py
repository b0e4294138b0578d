"""A person signs in, sees their communities, goes live, and signs out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def sign_in(page, server, username, password):
    page.goto(f"{server}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_customer_signs_in_and_sees_only_her_community(page, server, persona, persona_password):
    persona("carla")
    persona("linus")  # owns communities carla must not see

    sign_in(page, server, "carla", persona_password)

    expect(page).to_have_url(f"{server}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carla")
    expect(page.get_by_text("Customer Council")).to_be_visible()
    expect(page.get_by_text("Engineering")).to_have_count(0)
    expect(page.get_by_text("Partner Network")).to_have_count(0)


def test_the_page_goes_live_over_the_websocket(page, server, persona, persona_password):
    persona("ada")
    sign_in(page, server, "ada", persona_password)

    expect(page.locator("[data-live-status]")).to_have_attribute(
        "data-live-status", "live", timeout=10_000
    )


def test_a_wrong_password_is_explained_and_the_username_kept(page, server, persona):
    persona("ada")

    sign_in(page, server, "ada", "not-the-password")

    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("ada")


def test_signing_out_returns_to_the_login_page(page, server, persona, persona_password):
    persona("ada")
    sign_in(page, server, "ada", persona_password)

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto(f"{server}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
