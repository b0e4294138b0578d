"""An idea board, two people at once: a customer submits an idea, an employee
co-authors it (and says which idea it builds on), both see votes arrive live, a
moderator moves it to Accepted and both are notified (real daphne, Redis channel
layer, Celery worker relaying the activities, Chromium for each person); an edited
idea's card follows on the board."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ideas.models import Idea
from ideas.services.boards import board_create
from ideas.services.ideas import idea_edit, idea_submit
from ideas.services.votes import vote_cast
from search.indexing import index_now
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.fixtures.personas import council

pytestmark = pytest.mark.e2e

# docs/screenshots/ideas-board.png is taken here when BRIDGE_SCREENSHOTS names
# docs/screenshots; into the test's own directory otherwise.
SCREENSHOTS = os.environ.get("BRIDGE_SCREENSHOTS", "")


# live_search_prefix: the server searches the test's own indices.
@pytest.mark.usefixtures("celery_worker", "live_search_prefix")
def test_a_customer_and_an_employee_co_create_an_idea_see_votes_live_and_hear_it_move(
    browser, server, persona, persona_password, tmp_path
):
    carla_user, ada_user, linus = persona("carla"), persona("ada"), persona("linus")
    board = board_create(
        actor=linus,
        community=council(),
        title="What should we build next?",
        description="Vote for the ideas you want most.",
        vote_budget=5,
        fields=[{"label": "Team", "kind": "choice", "choices": ["IT", "Finance"]}],
    )
    # Similar ideas come from Elasticsearch: the idea is made searchable at once.
    index_now(
        "idea",
        [
            idea_submit(
                actor=linus, board=board, title="Single sign-on with Okta", body="One login."
            ).pk
        ],
        refresh=True,
    )

    # Carla finds the board from her community and submits an idea; the similar one
    # shows while she types.
    carla = open_as(browser, server, "carla", persona_password, f"/communities/{council().pk}/")
    carla.get_by_role("link", name="What should we build next?").click()
    carla.get_by_role("link", name="Submit an idea").click()
    carla.get_by_label("Title").fill("Okta groups become Bridge communities")
    expect(carla.locator("#similar-ideas")).to_contain_text(
        "Single sign-on with Okta", timeout=LIVE
    )
    carla.get_by_label("Description").fill("Members follow our **Okta** groups.")
    carla.get_by_label("Tags").fill("sso")
    carla.get_by_label("Team").select_option("IT")
    carla.get_by_role("button", name="Submit the idea").click()
    expect(
        carla.get_by_role("heading", name="Okta groups become Bridge communities")
    ).to_be_visible()
    idea = Idea.objects.get(title="Okta groups become Bridge communities")

    # She invites Ada, who accepts and edits it.
    carla.get_by_label("Invite a co-author").select_option(label=ada_user.name)
    carla.get_by_role("button", name="Invite").click()
    expect(carla.get_by_text("is invited to co-author the idea")).to_be_visible()
    ada = open_as(browser, server, "ada", persona_password, f"/ideas/{idea.pk}/")
    ada.get_by_role("button", name="Accept").click()
    ada.locator("summary", has_text="Edit the idea").click()
    ada.get_by_label("Title").fill("Okta groups become Bridge communities, kept in sync")
    ada.get_by_role("button", name="Save").click()
    expect(ada.get_by_text("Revision 2 · Ada Lovelace")).to_be_visible()
    _say_it_builds_on(ada, "Single sign-on with Okta")
    expect(ada.locator(".people-list")).to_contain_text("Carla")
    expect(ada.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)

    # Carla watches the board, Ada the idea's page: Linus votes, both counts follow.
    carla.goto(f"{server}/boards/{board.pk}/")
    expect(carla.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(carla)
    mark_loaded(ada)
    vote_cast(actor=linus, idea=idea)
    votes = f"#idea-vote-{idea.pk} [data-vote-count]"
    expect(carla.locator(votes)).to_have_text("1 vote", timeout=LIVE)
    expect(ada.locator(votes)).to_have_text("1 vote", timeout=LIVE)

    # Carla votes from the board: her budget goes down, Ada's page counts two.
    carla.locator(f"#idea-vote-{idea.pk}").get_by_role("button", name="Vote").click()
    expect(carla.locator(votes)).to_have_text("2 votes")
    expect(carla.locator("#votes-left")).to_contain_text("4 of 5 votes left")
    expect(ada.locator(votes)).to_have_text("2 votes", timeout=LIVE)

    # A new idea: Carla's list does not move; a bar tells her, and brings it on a click.
    idea_submit(actor=linus, board=board, title="Reports in Excel", body="For finance.")
    bar = carla.get_by_role("button", name="1 new idea")
    expect(bar).to_be_visible(timeout=LIVE)
    expect(carla.get_by_text("Reports in Excel")).to_have_count(0)
    carla.wait_for_timeout(400)  # the bar's entrance, for the screenshot
    carla.screenshot(path=Path(SCREENSHOTS or tmp_path) / "ideas-board.png", full_page=True)
    bar.click()
    expect(carla.locator("article.idea-card").first).to_contain_text("Reports in Excel")
    assert_not_reloaded(carla)
    assert_not_reloaded(ada)
    assert carla_user.idea_votes.count() == 1

    # Linus, who moderates the board, moves it to Accepted; both are told, live.
    _moderator_accepts_it_and_both_hear(
        browser, server, persona_password, idea, carla=carla, ada=ada, tmp_path=tmp_path
    )


def _say_it_builds_on(page, title):
    """On the idea's page, picked among the board's other ideas; shown at once."""
    page.get_by_label("This idea builds on").select_option(label=title)
    page.get_by_role("button", name="Add the link").click()
    expect(page.locator("[data-builds-on]")).to_contain_text(title)


def _moderator_accepts_it_and_both_hear(
    browser, server, persona_password, idea, *, carla, ada, tmp_path
):
    # Both watch the idea's page; Linus, who moderates the board, moves it to Accepted.
    carla.goto(f"{server}/ideas/{idea.pk}/")
    expect(carla.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(carla)
    unread_before = {name: _unread(page) for name, page in (("carla", carla), ("ada", ada))}
    moderator = open_as(browser, server, "linus", persona_password, f"/ideas/{idea.pk}/")
    moderator.get_by_label("Move to stage").select_option(label="Accepted")
    moderator.get_by_label("Note", exact=True).fill("On the roadmap for the spring release.")
    moderator.get_by_role("button", name="Move", exact=True).click()
    expect(moderator.locator("#idea-stage-badge")).to_have_text("Accepted")
    moderator.screenshot(path=Path(SCREENSHOTS or tmp_path) / "ideas-idea.png", full_page=True)

    # Both pages follow without a reload: the stage, its public note, and the badge
    # of unread notifications.
    for name, page in (("carla", carla), ("ada", ada)):
        expect(page.locator("#idea-stage-badge")).to_have_text("Accepted", timeout=LIVE)
        expect(page.locator("#idea-stage-status")).to_contain_text(
            "On the roadmap for the spring release."
        )
        expect(page.locator("[data-unread-count]")).to_contain_text(
            str(unread_before[name] + 1), timeout=LIVE
        )
        assert_not_reloaded(page)

    # Each finds the notification, which says where it moved and leads to the idea.
    for page in (carla, ada):
        page.get_by_role("link", name=re.compile("Notifications")).click()
        notice = page.locator(".notice", has_text="to Accepted").first
        expect(notice).to_contain_text(
            "Linus Torvalds moved “Okta groups become Bridge communities, kept in sync” to Accepted"
        )
        expect(notice).to_contain_text("On the roadmap for the spring release.")
        notice.get_by_role("link").first.click()
        expect(page).to_have_url(re.compile(rf"/ideas/{idea.pk}/(#.*)?$"))
        expect(page.locator("#idea-stage-badge")).to_have_text("Accepted")


def _unread(page) -> int:
    """The unread notifications the page's badge counts (none shown: none)."""
    badge = page.locator("[data-unread-count]")
    return int(badge.first.evaluate("b => b.firstChild.textContent")) if badge.count() else 0


@pytest.mark.usefixtures("celery_worker")
def test_an_edited_ideas_card_follows_on_the_board_live(browser, server, persona, persona_password):
    carla_user, linus = persona("carla"), persona("linus")
    board = board_create(actor=linus, community=council(), title="What should we build next?")
    idea = idea_submit(actor=carla_user, board=board, title="Dark mode", body="At night.")
    other = idea_submit(actor=linus, board=board, title="Reports in Excel", body="For finance.")
    vote_cast(actor=linus, idea=idea)

    carla = open_as(browser, server, "carla", persona_password, f"/boards/{board.pk}/")
    mark_loaded(carla)
    card = carla.locator(f"#idea-{idea.pk}")
    expect(card.locator(".idea-card__title")).to_have_text("Dark mode")
    # A refusal she has not read yet, in the card's vote box: the edit leaves it there.
    carla.evaluate(
        """id => document.querySelector(`#idea-vote-${id}`).insertAdjacentHTML(
            "beforeend", '<p class="field__error" data-unread>Not yet</p>')""",
        idea.pk,
    )

    idea_edit(
        actor=carla_user,
        idea=idea,
        title="Dark mode, following the OS",
        body="Auto.",
        tags=["accessibility"],
    )

    expect(card.locator(".idea-card__title")).to_have_text(
        "Dark mode, following the OS", timeout=LIVE
    )
    expect(card.locator(".idea-tags")).to_have_text("#accessibility")
    expect(card.locator("[data-unread]")).to_have_text("Not yet")
    expect(card.locator("[data-vote-count]")).to_have_text("1 vote")
    expect(carla.locator(f"#idea-{other.pk} .idea-card__title")).to_have_text("Reports in Excel")
    assert_not_reloaded(carla)
