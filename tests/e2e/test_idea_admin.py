"""A moderator opens an idea board through its form (own stages and a question),
and a member of the community submits an idea to it, answering that question."""

import pytest
from playwright.sync_api import expect

from ideas.models import Board, Idea
from tests.e2e.test_live_pages import open_as
from tests.fixtures.personas import council

# The idea forms ask for similar ideas while typing: the server gets indices of
# the test's own (empty; what they find is tests/search/test_similar.py's part).
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_search_prefix")]


def test_a_moderator_opens_a_board_and_a_member_submits_to_it(
    browser, server, persona, persona_password
):
    for who in ("linus", "carla"):
        persona(who)
    path = f"/communities/{council().pk}/"

    linus = open_as(browser, server, "linus", persona_password, path)
    linus.get_by_role("link", name="New idea board").click()
    linus.get_by_label("Question or challenge").fill("Which report do you miss?")
    linus.get_by_label("Votes per person").fill("3")
    # The default stages come prefilled: rename one, add one after them.
    expect(linus.locator("#id_stage-1-name")).to_have_value("Under review")
    linus.locator("#id_stage-1-name").fill("Shortlisted")
    linus.locator("#id_stage-6-name").fill("Parked")
    linus.locator("#id_field-0-label").fill("Team")
    linus.locator("#id_field-0-kind").select_option("choice")
    linus.locator("#id_field-0-choices").fill("Finance\nSales")
    linus.get_by_role("button", name="Open the board").click()
    expect(linus.get_by_role("heading", name="Which report do you miss?")).to_be_visible()
    expect(linus.get_by_role("link", name="Funnel")).to_be_visible()

    board = Board.objects.get(title="Which report do you miss?")
    assert [stage.name for stage in board.stages.all()] == [
        "Submitted",
        "Shortlisted",
        "Accepted",
        "In progress",
        "Delivered",
        "Declined",
        "Parked",
    ]
    assert board.vote_budget == 3

    carla = open_as(browser, server, "carla", persona_password, path)
    expect(carla.get_by_role("link", name="New idea board")).to_have_count(0)
    carla.get_by_role("link", name="Which report do you miss?").click()
    expect(carla.get_by_role("link", name="Funnel")).to_have_count(0)
    carla.get_by_role("link", name="Submit an idea").click()
    carla.get_by_label("Title").fill("Cash flow by month")
    carla.get_by_label("Description").fill("Finance rebuilds it by hand each month.")
    carla.get_by_label("Team").select_option("Finance")
    carla.get_by_role("button", name="Submit the idea").click()
    expect(carla.get_by_role("heading", name="Cash flow by month")).to_be_visible()

    idea = Idea.objects.get(title="Cash flow by month")
    assert idea.board == board
    assert idea.stage.name == "Submitted"
    assert list(idea.field_values.values()) == ["Finance"]
