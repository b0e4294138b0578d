"""Live pages, two people at once: a real daphne, Redis channel layer and Celery
worker (the relay pushes each activity), and Chromium for each person."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from network.models import Affiliation, Post, User
from network.services.memberships import membership_remove
from network.services.people import person_deactivate
from network.services.posts import post_create
from tests.e2e.test_sign_in import sign_in
from tests.fixtures.personas import community, council

pytestmark = pytest.mark.e2e

# The worker pushes within moments; a loaded CI machine gets more.
LIVE = 20_000
# The README's screenshot of a live community page is taken here, into the directory
# BRIDGE_SCREENSHOTS names (docs/screenshots to refresh it); into the test's own
# directory otherwise, so that a test run leaves the working tree alone.
SCREENSHOTS = os.environ.get("BRIDGE_SCREENSHOTS", "")


def open_as(browser: Browser, server: str, username: str, password: str, path: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, server, username, password)
    page.goto(f"{server}{path}")
    expect(page.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    return page


def mark_loaded(page: Page) -> None:
    """A flag a reload would lose: the page changes in place, or the test fails."""
    page.evaluate("window.bridgeTestNotReloaded = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.bridgeTestNotReloaded") is True


@pytest.mark.usefixtures("celery_worker")
def test_two_members_see_each_others_posts_comments_and_reactions_live(
    browser, server, persona, persona_password, tmp_path
):
    persona("ada")
    persona("carla")
    post_create(actor=persona("linus"), community=council(), body="Welcome to the council")
    council_page = f"/communities/{council().pk}/"
    carla = open_as(browser, server, "carla", persona_password, council_page)
    mark_loaded(carla)
    ada = open_as(browser, server, "ada", persona_password, council_page)

    # Ada posts: Carla is told by the bar, and nothing moves until she asks.
    ada.get_by_label("Post", exact=True).fill("Roadmap review on Friday")
    ada.get_by_role("button", name="Post", exact=True).click()
    bar = carla.get_by_role("button", name="1 new post")
    expect(bar).to_be_visible(timeout=LIVE)
    expect(carla.get_by_text("Roadmap review on Friday")).to_have_count(0)
    expect(carla.locator("[data-live-presence]")).to_contain_text("Ada Lovelace")
    carla.screenshot(path=Path(SCREENSHOTS or tmp_path) / "realtime.png", full_page=True)
    bar.click()
    expect(carla.locator("article.post").first).to_contain_text("Roadmap review on Friday")
    expect(carla.locator("article.post").nth(1)).to_contain_text("Welcome to the council")
    expect(bar).to_be_hidden()
    assert_not_reloaded(carla)

    # Carla likes it from the card that just came in (htmx binds to new cards):
    # Ada's card counts it, and she is told.
    post = Post.objects.get(body="Roadmap review on Friday")
    carla.locator(f"#reactions-{post.pk}").get_by_role("button", name="Like").click()
    expect(carla.locator(f"#reactions-{post.pk} .reaction__count")).to_have_text("1")
    assert_not_reloaded(carla)
    expect(ada.locator(f"#reactions-{post.pk} .reaction__count")).to_have_text("1", timeout=LIVE)
    expect(ada.locator("[data-unread-count]")).to_contain_text("1", timeout=LIVE)

    # Both read the post; Ada's comment mentions Carla.
    carla.locator(f"#post-{post.pk} time").click()
    expect(carla.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(carla)
    ada.goto(f"{server}/posts/{post.pk}/")
    ada.get_by_label("Comment", exact=True).fill("@carla can you make it?")
    ada.get_by_role("button", name="Comment", exact=True).click()

    expect(carla.locator(".comment__item", has_text="can you make it?")).to_be_visible(timeout=LIVE)
    expect(carla.locator("[data-unread-count]")).to_contain_text("1", timeout=LIVE)
    expect(carla.locator(f"#post-foot-{post.pk} .post__comments")).to_have_text("1 comment")
    expect(carla).to_have_title(re.compile(r"^\(1\) "))

    # Ada likes her post too: Carla's count follows.
    ada.locator(f"#reactions-{post.pk}").get_by_role("button", name="Like").click()
    expect(carla.locator(f"#reactions-{post.pk} .reaction__count")).to_have_text("2", timeout=LIVE)
    assert_not_reloaded(carla)

    # Carla replies: the reply lands in Ada's thread, and Ada's badge counts it.
    mark_loaded(ada)
    carla.locator("summary", has_text="Reply").click()
    carla.get_by_label("Reply to Ada Lovelace").fill("Yes, I will be there")
    carla.get_by_role("button", name="Reply", exact=True).click()
    replies = ada.locator(".comment__replies")
    expect(replies.locator(".comment__item", has_text="I will be there")).to_be_visible(
        timeout=LIVE
    )
    expect(ada.locator("[data-unread-count]")).to_contain_text("2", timeout=LIVE)
    expect(ada.locator(f"#post-foot-{post.pk} .post__comments")).to_have_text("2 comments")
    assert_not_reloaded(ada)
    # Each comment once, though its author's page also heard of it.
    expect(ada.locator(".comment__item", has_text="can you make it?")).to_have_count(1)
    expect(carla.locator(".comment__item", has_text="I will be there")).to_have_count(1)


def test_a_member_sees_who_is_online_and_a_non_member_sees_no_presence(
    browser, server, persona, persona_password
):
    persona("ada")
    persona("carla")
    persona("linus")
    erin = User.objects.create(
        username="erin", first_name="Erin", last_name="Newcomer", affiliation=Affiliation.EMPLOYEE
    )
    erin.set_password(persona_password)
    erin.save()
    carla = open_as(browser, server, "carla", persona_password, f"/communities/{council().pk}/")
    online = carla.locator("[data-presence-list]")
    expect(online).to_contain_text("Carla Customer")
    expect(online).not_to_contain_text("Ada Lovelace")

    # Ada opens a page: she is online in every community of hers.
    ada = open_as(
        browser, server, "ada", persona_password, f"/communities/{community('engineering').pk}/"
    )
    expect(online.get_by_text("Ada Lovelace")).to_be_visible(timeout=LIVE)
    expect(carla.locator("[data-presence-count]")).to_have_text("2")

    # Erin, an employee in no community, reads the open Engineering: no presence.
    reader = open_as(
        browser, server, "erin", persona_password, f"/communities/{community('engineering').pk}/"
    )
    expect(reader.get_by_role("heading", name="Posts")).to_be_visible()
    expect(reader.locator("[data-live-presence]")).to_have_count(0)
    expect(reader.get_by_text("Online now")).to_have_count(0)

    # Ada closes her page: she leaves Carla's list.
    ada.context.close()
    expect(online.get_by_text("Ada Lovelace")).to_have_count(0, timeout=LIVE)
    expect(carla.locator("[data-presence-count]")).to_have_text("1")


def test_a_deactivated_person_is_sent_to_sign_in(
    browser, server, celery_worker, persona, persona_password
):
    carla_user = persona("carla")
    margaret = persona("margaret")
    carla = open_as(browser, server, "carla", persona_password, "/")

    person_deactivate(actor=margaret, person=carla_user)

    expect(carla).to_have_url(re.compile(r"/login/$"), timeout=LIVE)


def test_a_page_someone_may_no_longer_read_leaves_their_screen(
    browser, server, celery_worker, persona, persona_password
):
    carla_user = persona("carla")
    linus = persona("linus")
    post = post_create(actor=linus, community=council(), body="For the council's eyes")
    carla = open_as(browser, server, "carla", persona_password, f"/posts/{post.pk}/")
    expect(carla.get_by_text("For the council's eyes")).to_be_visible()

    membership_remove(actor=linus, community=council(), user=carla_user)

    expect(carla.get_by_text("For the council's eyes")).to_have_count(0, timeout=LIVE)
    expect(carla.locator(".error-state__code")).to_have_text("404")
