"""An idea's discussion, two people at once: a comment written on the idea's page
appears on the other reader's page without a reload, its @mention rendered as a
link; a refused comment says why next to the field."""

import pytest
from playwright.sync_api import expect

from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.fixtures.personas import council

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("celery_worker")
def test_a_comment_appears_live_on_the_other_readers_idea_page(
    browser, server, persona, persona_password
):
    carla_user, linus = persona("carla"), persona("linus")
    persona("ada")
    board = board_create(actor=linus, community=council(), title="What should we build next?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="Easier at night.")

    ada = open_as(browser, server, "ada", persona_password, f"/ideas/{idea.pk}/")
    carla = open_as(browser, server, "carla", persona_password, f"/ideas/{idea.pk}/")
    mark_loaded(ada)
    mark_loaded(carla)
    expect(ada.locator("#idea-comments")).to_contain_text("No comments yet.")

    # Nothing written (spaces only): said next to the field, the spaces kept.
    carla.get_by_label("Your comment").fill("   ")
    carla.get_by_role("button", name="Comment", exact=True).click()
    expect(carla.locator("#id_body_error")).to_have_text("Write something.")

    carla.get_by_label("Your comment").fill("@ada could we **match the OS** setting?")
    carla.get_by_role("button", name="Comment", exact=True).click()
    expect(carla.locator("#idea-comments .comment")).to_have_count(1)
    expect(carla.get_by_label("Your comment")).to_have_value("")

    comment = ada.locator("#idea-comments .comment")
    expect(comment).to_contain_text("could we match the OS setting?", timeout=LIVE)
    expect(comment.locator("strong")).to_have_text("match the OS")
    expect(comment.locator("a.mention")).to_have_text("@ada")
    assert_not_reloaded(ada)
    assert_not_reloaded(carla)
