"""An employee posts and comments; a customer of another community never sees it."""

import pytest
from playwright.sync_api import expect

from network.models import Community
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_an_employee_posts_and_comments_and_an_outsider_cannot_reach_it(
    browser, server, persona, persona_password
):
    persona("ada")
    persona("otto")
    council = Community.objects.get(slug="customer-council")

    ada = browser.new_context().new_page()
    sign_in(ada, server, "ada", persona_password)
    ada.goto(f"{server}/communities/{council.pk}/")
    ada.get_by_label("Post", exact=True).fill("Roadmap review on **Friday**")
    ada.get_by_role("button", name="Post", exact=True).click()

    post = ada.locator(".post").first
    expect(post).to_contain_text("Roadmap review on Friday")
    expect(post.locator("strong")).to_have_text("Friday")
    post_url = (
        post.get_by_role("link", name="Ada Lovelace")
        .locator("xpath=..")
        .locator("a[href^='/posts/']")
        .get_attribute("href")
    )

    ada.goto(f"{server}{post_url}")
    ada.get_by_label("Comment", exact=True).fill("Agenda: **SSO** first")
    ada.get_by_role("button", name="Comment", exact=True).click()
    comment = ada.locator("#comments .comment__item").first
    expect(comment).to_contain_text("Agenda: SSO first")
    expect(comment.locator("strong")).to_have_text("SSO")

    otto = browser.new_context().new_page()
    sign_in(otto, server, "otto", persona_password)
    assert otto.goto(f"{server}{post_url}").status == 404
    assert otto.goto(f"{server}/communities/{council.pk}/").status == 404
