"""Points, live: Ada has her rewards page open; an award made for her elsewhere
reaches her nav balance, her balance and her history, with a toast, without a
reload. Then she redeems from the catalog. A real daphne, Redis channel layer and
Celery worker (the relay pushes the ledger's `points.award` activity), and Chromium."""

import re
import threading

import pytest
from django.db import connections
from playwright.sync_api import expect

from rewards.services import catalog, ledger, redemptions
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as

pytestmark = pytest.mark.e2e


def elsewhere(call) -> None:
    """The change commits on its own thread and connection, as a worker's would."""

    def run() -> None:
        try:
            call()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.mark.usefixtures("celery_worker")
def test_an_award_reaches_the_open_rewards_page_without_a_reload(
    browser, server, persona, persona_password
):
    ada = persona("ada")
    ledger.award(person=ada, points=5, key="e2e:welcome", reason="Welcome aboard")
    page = open_as(browser, server, "ada", persona_password, "/rewards/")
    mark_loaded(page)
    nav = page.get_by_role("link", name="Your points: 5")
    expect(nav).to_have_text("★ 5")

    elsewhere(
        lambda: ledger.award(person=ada, points=10, key="e2e:talk", reason="Talk at the meetup")
    )

    expect(page.get_by_role("link", name="Your points: 15")).to_have_text("★ 15", timeout=LIVE)
    expect(page.locator("[data-points-wallet]")).to_have_text("15")
    history = page.locator("[data-points-history] tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Talk at the meetup")
    expect(history.first).to_contain_text("+10")
    expect(page.locator("#toasts")).to_contain_text("+10 points: Talk at the meetup")
    assert_not_reloaded(page)


@pytest.mark.usefixtures("celery_worker")
def test_ada_redeems_from_the_catalog_and_the_nav_follows(
    browser, server, persona, persona_password
):
    ada = persona("ada")
    mug = catalog.item_create(actor=persona("grace"), name="Bridge mug", cost=20, stock=3)
    lamp = catalog.item_create(actor=persona("grace"), name="Desk lamp", cost=500)
    ledger.award(person=ada, points=30, key="e2e:mug-money", reason="Blog post")
    page = open_as(browser, server, "ada", persona_password, "/rewards/catalog/")

    short = page.locator(f"#item-{lamp.pk}").get_by_role("button", name="Redeem Desk lamp")
    expect(short).to_be_disabled()
    expect(short).to_have_accessible_description("You need 470 more points.")

    page.locator(f"#item-{mug.pk}").get_by_role("button", name="Redeem Bridge mug").click()
    page.get_by_role("button", name="Confirm: redeem Bridge mug").click()

    expect(page).to_have_url(re.compile(r"/rewards/$"))
    expect(page.get_by_role("status").first).to_contain_text("20 points are held")
    expect(page.get_by_role("link", name="Your points: 10")).to_be_visible()
    expect(page.locator("[data-points-held]")).to_have_text("20")
    expect(page.locator("#redemptions-heading + table")).to_contain_text("Waiting for HR")

    page.get_by_role("button", name="Cancel Bridge mug").click()
    expect(page.get_by_role("link", name="Your points: 30")).to_be_visible()
    expect(page.locator("#redemptions-heading + table")).to_contain_text("Cancelled")


@pytest.mark.usefixtures("celery_worker")
def test_hrs_decision_reaches_the_open_rewards_page(browser, server, persona, persona_password):
    ada, grace = persona("ada"), persona("grace")
    mug = catalog.item_create(actor=grace, name="Bridge mug", cost=20)
    ledger.award(person=ada, points=30, key="e2e:decline-money", reason="Blog post")
    asked = redemptions.redemption_request(actor=ada, item=mug)
    page = open_as(browser, server, "ada", persona_password, "/rewards/")
    mark_loaded(page)
    expect(page.get_by_role("link", name="Your points: 10")).to_be_visible()

    elsewhere(
        lambda: redemptions.redemption_decline(
            actor=grace, redemption=asked, note="Mugs are back in May"
        )
    )

    expect(page.get_by_role("link", name="Your points: 30")).to_be_visible(timeout=LIVE)
    expect(page.locator("#toasts")).to_contain_text("+20 points: Released from a hold")
    row = page.locator(f"#redemption-{asked.pk}")
    expect(row).to_contain_text("Mugs are back in May", timeout=LIVE)
    expect(row.get_by_role("button")).to_have_count(0)
    assert_not_reloaded(page)
