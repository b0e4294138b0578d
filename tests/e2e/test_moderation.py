"""A customer reports a post; the community's moderator removes it from the queue."""

import pytest
from playwright.sync_api import expect

from network.models import Community, Post
from network.services.posts import post_create
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_customer_reports_a_post_and_a_moderator_removes_it(
    browser, server, persona, persona_password
):
    ada, _, _ = persona("ada"), persona("carla"), persona("linus")
    council = Community.objects.get(slug="customer-council")
    post = post_create(actor=ada, community=council, body="Our unreleased **price list**")

    carla = browser.new_context().new_page()
    sign_in(carla, server, "carla", persona_password)
    carla.goto(f"{server}/communities/{council.pk}/")
    article = carla.locator(f"#post-{post.pk}")
    article.get_by_text("Report", exact=True).click()
    article.get_by_label("What is wrong with this post?").select_option("confidential")
    article.get_by_label("Anything the moderators should know?").fill("Prices are not public")
    article.get_by_role("button", name="Send report").click()
    expect(article.get_by_role("status")).to_contain_text("the moderators will look at it")

    linus = browser.new_context().new_page()
    sign_in(linus, server, "linus", persona_password)
    linus.goto(f"{server}/communities/{council.pk}/")
    linus.get_by_role("link", name="Moderation (1 open)").click()
    row = linus.locator(f"#queue-post-{post.pk}")
    expect(row).to_contain_text("Confidential information")
    expect(row).to_contain_text("Prices are not public")
    row.get_by_label("Reason").fill("Price lists stay internal")
    row.get_by_role("button", name="Remove").click()
    expect(linus.get_by_role("status").first).to_contain_text("Removed; the author is told why.")
    expect(linus.get_by_text("Nothing to review")).to_be_visible()

    carla.goto(f"{server}/communities/{council.pk}/")
    expect(carla.get_by_text("Our unreleased")).to_have_count(0)
    assert carla.goto(f"{server}/posts/{post.pk}/").status == 404
    assert Post.objects.get(pk=post.pk).removed_at is not None
