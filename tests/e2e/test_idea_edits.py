"""Two people edit the same idea (or its outcome) at once, each in their own browser
(real daphne, Redis channel layer, Celery worker relaying the activities, Chromium):
the page follows the other's change live, never touches the form being typed in,
and a save on a stale base shows both instead of silently overwriting one."""

import pytest
from playwright.sync_api import expect

from ideas.models import Idea
from ideas.services.boards import board_create
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import idea_submit
from ideas.services.stages import stage_move
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.fixtures.personas import council

# The idea forms ask for similar ideas while typing: the server gets indices of
# the test's own (empty; what they find is tests/search/test_similar.py's part).
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_search_prefix")]


@pytest.mark.usefixtures("celery_worker")
def test_co_authors_editing_at_once_see_each_other_and_overwrite_nothing(
    browser, server, persona, persona_password
):
    carla_user, ada_user = persona("carla"), persona("ada")
    board = board_create(actor=persona("linus"), community=council(), title="What next?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="At night.")
    coauthor_invite(actor=carla_user, idea=idea, invitee=ada_user)
    coauthor_respond(actor=ada_user, idea=idea, accept=True)
    page = f"/ideas/{idea.pk}/"

    # Carla, the author, starts an edit; Ada, the co-author, has the page open too.
    carla = open_as(browser, server, "carla", persona_password, page)
    ada = open_as(browser, server, "ada", persona_password, page)
    carla.locator("summary", has_text="Edit the idea").click()
    carla.get_by_label("Title").fill("Dark mode, on a schedule")
    carla.get_by_label("Description").fill("Dark from 8pm to 7am.")
    mark_loaded(carla)

    # Ada saves her edit first.
    ada.locator("summary", has_text="Edit the idea").click()
    ada.get_by_label("Title").fill("Dark mode, following the OS")
    ada.get_by_label("Description").fill("As the **system** says.")
    ada.get_by_role("button", name="Save").click()
    expect(ada.get_by_text("Revision 2 · Ada Lovelace")).to_be_visible()
    expect(ada.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(ada)

    # Carla's page follows, live: the new text above, a notice over her form, and
    # what she typed untouched.
    heading = carla.locator("#idea-heading h1")
    expect(heading).to_have_text("Dark mode, following the OS", timeout=LIVE)
    expect(carla.locator("#idea-content")).to_contain_text("As the system says.")
    expect(carla.locator("#idea-history")).to_contain_text("Revision 2 · Ada Lovelace")
    expect(carla.locator("[data-edited-meanwhile]")).to_contain_text(
        "Edited by Ada Lovelace meanwhile (revision 2)"
    )
    expect(carla.get_by_label("Title")).to_have_value("Dark mode, on a schedule")
    expect(carla.get_by_label("Description")).to_have_value("Dark from 8pm to 7am.")
    assert_not_reloaded(carla)

    # She saves anyway: refused, with Ada's version shown and her text kept.
    carla.get_by_role("button", name="Save").click()
    conflict = carla.locator("[data-edit-conflict]")
    expect(conflict).to_contain_text("Ada Lovelace edited this idea on")
    expect(conflict.locator("[data-conflict-title]")).to_have_text("Dark mode, following the OS")
    expect(carla.get_by_label("Title")).to_have_value("Dark mode, on a schedule")
    assert Idea.objects.get(pk=idea.pk).title == "Dark mode, following the OS"

    # Having read it, she saves again, on top of Ada's revision.
    carla.get_by_role("button", name="Save").click()
    expect(carla.get_by_text("Revision 3 · Carla Customer")).to_be_visible()
    expect(carla.locator("#idea-heading h1")).to_have_text("Dark mode, on a schedule")

    # Ada's form was closed and untouched: her page takes the new text and a fresh
    # form on top of revision 3, without a notice and without reloading.
    expect(ada.locator("#idea-heading h1")).to_have_text("Dark mode, on a schedule", timeout=LIVE)
    expect(ada.locator("#idea-history")).to_contain_text("Revision 3 · Carla Customer")
    expect(ada.locator("input[name='edit-base_revision']")).to_have_value("3")
    expect(ada.get_by_label("Title")).to_have_value("Dark mode, on a schedule")
    expect(ada.locator("[data-edited-meanwhile]")).to_be_hidden()
    assert_not_reloaded(ada)


@pytest.mark.usefixtures("celery_worker")
def test_an_outcome_recorded_while_another_is_typed_is_not_overwritten(
    browser, server, persona, persona_password
):
    carla_user, linus = persona("carla"), persona("linus")
    board = board_create(actor=linus, community=council(), title="What next?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="At night.")
    stage_move(actor=linus, idea=idea, stage=board.stages.get(name="Delivered"))
    page = f"/ideas/{idea.pk}/"

    # Carla, the author, types an outcome; Linus, the moderator, records his first.
    carla = open_as(browser, server, "carla", persona_password, page)
    moderator = open_as(browser, server, "linus", persona_password, page)
    mark_loaded(carla)
    carla.get_by_label("What it achieved").fill("Fewer complaints about eye strain.")
    moderator.get_by_label("What it achieved").fill("Shipped to every customer.")
    moderator.get_by_role("button", name="Save the outcome").click()
    expect(moderator.locator("[data-outcome]")).to_contain_text("Shipped to every customer.")

    # Her page shows his outcome live; her form keeps what she typed.
    expect(carla.locator("[data-outcome]")).to_contain_text(
        "Shipped to every customer.", timeout=LIVE
    )
    expect(carla.get_by_label("What it achieved")).to_have_value(
        "Fewer complaints about eye strain."
    )

    # Saving is refused, naming him; saving again, having read his, replaces it.
    carla.get_by_role("button", name="Save the outcome").click()
    expect(carla.locator("#idea-stage .field__error")).to_contain_text(
        "Linus Torvalds recorded an outcome on"
    )
    expect(carla.get_by_label("What it achieved")).to_have_value(
        "Fewer complaints about eye strain."
    )
    idea.refresh_from_db()
    assert idea.outcome == "Shipped to every customer."
    carla.get_by_role("button", name="Save the outcome").click()
    expect(carla.locator("[data-outcome]")).to_contain_text("Fewer complaints about eye strain.")
    expect(carla.locator("#idea-stage .field__error")).to_have_count(0)
    idea.refresh_from_db()
    assert idea.outcome == "Fewer complaints about eye strain."
    assert_not_reloaded(carla)
