"""What a delivered idea achieved, two people at once: its author records the outcome
on the idea's page, and her co-author's page shows it live, with who is credited."""

import pytest
from playwright.sync_api import expect

from ideas.services.boards import board_create
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import idea_submit
from ideas.services.stages import stage_move
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.fixtures.personas import council

pytestmark = pytest.mark.e2e


@pytest.mark.usefixtures("celery_worker")
def test_an_author_records_the_outcome_and_her_co_author_sees_it_credited_live(
    browser, server, persona, persona_password
):
    carla_user, ada_user, linus = persona("carla"), persona("ada"), persona("linus")
    board = board_create(actor=linus, community=council(), title="What should we build next?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="At night.")
    coauthor_invite(actor=carla_user, idea=idea, invitee=ada_user)
    coauthor_respond(actor=ada_user, idea=idea, accept=True)
    stage_move(actor=linus, idea=idea, stage=board.stages.get(name="Delivered"))

    ada = open_as(browser, server, "ada", persona_password, f"/ideas/{idea.pk}/")
    carla = open_as(browser, server, "carla", persona_password, f"/ideas/{idea.pk}/")
    mark_loaded(ada)
    mark_loaded(carla)
    expect(ada.locator("[data-outcome]")).to_have_count(0)

    # Nothing said: the error is next to the field, the figure she typed stays.
    carla.get_by_label("Value").fill("120")
    carla.get_by_label("Unit").fill("support tickets a month")
    carla.get_by_role("button", name="Save the outcome").click()
    expect(carla.locator("#id_outcome-outcome_error")).to_have_text("Say what the idea achieved.")
    expect(carla.get_by_label("Value")).to_have_value("120")

    carla.get_by_label("What it achieved").fill("Fewer complaints about eye strain.")
    carla.get_by_role("button", name="Save the outcome").click()
    outcome = carla.locator("[data-outcome]")
    expect(outcome).to_contain_text("Fewer complaints about eye strain.")
    expect(outcome.locator("[data-outcome-value]")).to_have_text("120 support tickets a month")

    # Her co-author's page follows, without a reload, crediting both.
    shown = ada.locator("[data-outcome]")
    expect(shown).to_contain_text("Fewer complaints about eye strain.", timeout=LIVE)
    expect(shown.locator("[data-outcome-value]")).to_have_text("120 support tickets a month")
    expect(shown.locator("[data-outcome-credits]")).to_have_text(
        f"Credited to {carla_user.name}, {ada_user.name}"
    )
    assert_not_reloaded(ada)
    assert_not_reloaded(carla)
