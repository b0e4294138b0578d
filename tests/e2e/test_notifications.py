"""A mention reaches its person: badge, inbox, and a click that lands on the post."""

import re

import pytest
from playwright.sync_api import expect

from network.models import Community
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_customer_is_told_of_a_mention_and_opens_it(
    browser, server, celery_worker, persona, persona_password
):
    persona("ada")
    persona("carla")
    council = Community.objects.get(slug="customer-council")

    ada = browser.new_context().new_page()
    sign_in(ada, server, "ada", persona_password)
    ada.goto(f"{server}/communities/{council.pk}/")
    ada.get_by_label("Post", exact=True).fill("@carla the EU region is live")
    ada.get_by_role("button", name="Post", exact=True).click()
    expect(ada.locator(".post").first.locator("a.mention")).to_have_text("@carla")

    carla = browser.new_context().new_page()
    sign_in(carla, server, "carla", persona_password)
    badge = carla.locator("[data-unread-count]")
    for _ in range(40):  # the worker delivers within moments; reload until it has
        if badge.count():
            break
        carla.wait_for_timeout(250)
        carla.reload()
    expect(badge).to_contain_text("1")

    carla.get_by_role("link", name=re.compile("Notifications")).click()
    notice = carla.locator(".notice").first
    expect(notice).to_contain_text("Ada Lovelace mentioned you in Customer Council")
    expect(notice).to_contain_text("the EU region is live")
    notice.get_by_role("link").click()
    expect(carla).to_have_url(re.compile(r"/posts/\d+/$"))
    expect(carla.locator("article.post")).to_contain_text("the EU region is live")
    expect(carla.locator("[data-unread-count]")).to_have_count(0)
