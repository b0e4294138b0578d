"""An idea's discussion, two people at once: a comment written on the idea's page
appears on the other reader's page without a reload, its @mention rendered as a
link; a refused comment says why next to the field; a comment a moderator hides
leaves the other readers' pages, and comes back when restored (on a page that was
offline meanwhile, once it reconnects); one its author deletes leaves every page."""

import re

import pytest
from playwright.sync_api import expect

from ideas.services.boards import board_create
from ideas.services.discussion import comment_create, comment_hide
from ideas.services.ideas import idea_submit
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.e2e.test_sign_in import sign_in
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


@pytest.mark.usefixtures("celery_worker")
def test_a_comment_a_moderator_hides_leaves_the_other_readers_page_live(
    browser, server, persona, persona_password
):
    carla_user, linus_user = persona("carla"), persona("linus")
    persona("ada")
    board = board_create(actor=linus_user, community=council(), title="What should we build?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="Easier at night.")
    comment_create(actor=carla_user, idea=idea, body="Buy cheap watches here")
    comment_create(actor=carla_user, idea=idea, body="Also for the mobile app")

    ada = open_as(browser, server, "ada", persona_password, f"/ideas/{idea.pk}/")
    carla = open_as(browser, server, "carla", persona_password, f"/ideas/{idea.pk}/")
    linus = open_as(browser, server, "linus", persona_password, f"/ideas/{idea.pk}/")
    for page in (ada, carla):
        mark_loaded(page)
        expect(page.locator("#idea-comments .comment")).to_have_count(2)

    spam = linus.locator("#idea-comments .comment", has_text="Buy cheap watches")
    spam.get_by_role("button", name="Hide").click()
    expect(spam.locator("[data-comment-hidden]")).to_have_text("Hidden by moderators")

    # Ada, a participant, loses it without a reload; the other comment stays.
    expect(ada.locator("#idea-comments")).not_to_contain_text("Buy cheap watches", timeout=LIVE)
    expect(ada.locator("#idea-comments .comment")).to_have_text(
        [re.compile("Also for the mobile app")]
    )
    # Its author still sees it, marked.
    expect(
        carla.locator("#idea-comments .comment", has_text="Buy cheap watches").locator(
            "[data-comment-hidden]"
        )
    ).to_be_visible(timeout=LIVE)

    # Restored: back on Ada's page, in its place, and no longer marked for Carla.
    spam.get_by_role("button", name="Show again").click()
    expect(spam.locator("[data-comment-hidden]")).to_have_count(0)
    expect(ada.locator("#idea-comments .comment")).to_have_text(
        [re.compile("Buy cheap watches"), re.compile("Also for the mobile app")], timeout=LIVE
    )
    expect(carla.locator("#idea-comments [data-comment-hidden]")).to_have_count(0, timeout=LIVE)
    assert_not_reloaded(ada)
    assert_not_reloaded(carla)


@pytest.mark.usefixtures("celery_worker")
def test_its_author_deletes_a_comment_and_it_leaves_every_page(
    browser, server, persona, persona_password
):
    carla_user, linus = persona("carla"), persona("linus")
    persona("ada")
    board = board_create(actor=linus, community=council(), title="What should we build?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="Easier at night.")
    comment_create(actor=carla_user, idea=idea, body="Typo: dakr mode")
    comment_create(actor=carla_user, idea=idea, body="Also for the mobile app")

    ada = open_as(browser, server, "ada", persona_password, f"/ideas/{idea.pk}/")
    carla = open_as(browser, server, "carla", persona_password, f"/ideas/{idea.pk}/")
    mark_loaded(ada)
    mark_loaded(carla)
    # Only her own comments offer her to delete them.
    expect(ada.locator("#idea-comments").get_by_role("button", name="Delete")).to_have_count(0)

    # She is asked first.
    asked = []
    carla.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    typo = carla.locator("#idea-comments .comment", has_text="dakr mode")
    typo.get_by_role("button", name="Delete").click()
    expect(carla.locator("#idea-comments .comment")).to_have_text(
        [re.compile("Also for the mobile app")]
    )
    assert asked == ["Delete your comment?"]
    expect(ada.locator("#idea-comments .comment")).to_have_text(
        [re.compile("Also for the mobile app")], timeout=LIVE
    )
    assert_not_reloaded(ada)
    assert_not_reloaded(carla)


def test_a_comment_hidden_while_the_page_was_offline_leaves_it_on_reconnect(
    page, server, persona, persona_password
):
    """Hiding is a personal activity: catching up over REST does not bring it to other
    readers, so the page reads its discussion again after each reconnect."""
    carla_user, linus = persona("carla"), persona("linus")
    persona("ada")
    board = board_create(actor=linus, community=council(), title="What should we build?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="Easier at night.")
    spam = comment_create(actor=carla_user, idea=idea, body="Buy cheap watches here")
    comment_create(actor=carla_user, idea=idea, body="Also for the mobile app")
    # The socket goes through Playwright, which cuts it and refuses reconnections
    # for a while (as tests/e2e/test_catch_up.py).
    outage, connected = {"on": False}, []

    def relay(socket) -> None:
        if outage["on"]:
            socket.close()
        else:
            connected.append(socket.connect_to_server())

    page.route_web_socket(re.compile(r"/ws/$"), relay)
    sign_in(page, server, "ada", persona_password)
    page.goto(f"{server}/ideas/{idea.pk}/")
    expect(page.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(page)
    expect(page.locator("#idea-comments .comment")).to_have_count(2)
    # The first catch-up re-sends the comments' recent activities (its overlap), and
    # the page reads its discussion again: let that finish before the outage, so that
    # only the reconnect can remove the comment.
    page.wait_for_timeout(1500)

    outage["on"] = True
    connected[-1].close()
    expect(page.locator("[data-live-status]")).to_contain_text("Offline — retrying")
    comment_hide(actor=linus, comment=spam)
    outage["on"] = False

    expect(page.locator("[data-live-status=live]")).to_be_visible(timeout=40_000)
    expect(page.locator("#idea-comments .comment")).to_have_text(
        [re.compile("Also for the mobile app")]
    )
    assert_not_reloaded(page)
