"""Marking a comment helpful in the browser: the post's author clicks once, the
comment changes in place (htmx), and the comment's author sees the badge arrive live
and is told."""

import pytest
from playwright.sync_api import expect

from network.services.conversations import comment_create
from network.services.posts import post_create
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.fixtures.personas import council

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("celery_worker")
def test_the_author_marks_an_answer_helpful_and_its_author_sees_it_live(
    browser, server, persona, persona_password
):
    post = post_create(actor=persona("carla"), community=council(), body="Where is the SSO guide?")
    answer = comment_create(actor=persona("ada"), post=post, body="In the admin handbook.")
    carla = open_as(browser, server, "carla", persona_password, f"/posts/{post.pk}/")
    ada = open_as(browser, server, "ada", persona_password, f"/posts/{post.pk}/")
    mark_loaded(carla)
    mark_loaded(ada)
    on_carlas = carla.locator(f"#comment-{answer.pk}")
    on_adas = ada.locator(f"#comment-{answer.pk}")
    expect(on_adas.get_by_role("button", name="Mark helpful")).to_have_count(0)

    on_carlas.get_by_role("button", name="Mark helpful").click()

    expect(on_carlas.locator("[data-helpful]")).to_have_text("Helpful")
    expect(on_carlas.get_by_role("button", name="Not helpful after all")).to_be_visible()
    assert_not_reloaded(carla)
    expect(on_adas.locator("[data-helpful]")).to_have_text("Helpful", timeout=LIVE)
    expect(ada.locator("[data-unread-count]")).to_contain_text("1", timeout=LIVE)
    assert_not_reloaded(ada)

    on_carlas.get_by_role("button", name="Not helpful after all").click()

    expect(on_carlas.get_by_role("button", name="Mark helpful")).to_be_visible()
    expect(on_adas.locator("[data-helpful]")).to_have_count(0, timeout=LIVE)
