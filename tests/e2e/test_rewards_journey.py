"""The programme end to end, as its people live it: an employee shares a link from the
hub, a visitor follows it, and her points arrive on her open page; she redeems a
reward; HR approves it in the console; her ledger and the reward's stock follow.

Real daphne, Redis channel layer, Celery worker (the relay awards the click and
pushes the ledger's activities) and Chromium. The README's rewards screenshots are
taken here into the directory BRIDGE_SCREENSHOTS names, or the test's own."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rewards.models import Item, ShareLink, Transfer
from rewards.services import catalog, rules, share
from tests.e2e.test_live_pages import LIVE, assert_not_reloaded, mark_loaded, open_as
from tests.e2e.test_share_hub import ADAS_BROWSER, VISITORS_BROWSER
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("BRIDGE_SCREENSHOTS", "")
CLICK_POINTS = 25


@pytest.mark.usefixtures("celery_worker")
def test_share_click_points_live_redeem_and_hr_approval(
    browser, server, persona, persona_password, tmp_path
):
    ada_person, grace_person = persona("ada"), persona("grace")
    rules.rule_create(
        actor=grace_person,
        name="A visitor follows your link",
        earning="share_clicked",
        points=CLICK_POINTS,
        daily_cap=100,
    )
    share.share_item_create(
        actor=grace_person,
        title="We opened in Lyon",
        url=f"{server}/healthz",  # somewhere the visitor's browser can reach
        suggested_text="Our new office in Lyon is open!",
    )
    hoodie = catalog.item_create(actor=grace_person, name="Bridge hoodie", cost=20, stock=5)

    # Ada opens the share hub: her tracked link, with the disclosure she cannot remove.
    ada = browser.new_context(user_agent=ADAS_BROWSER).new_page()
    sign_in(ada, server, "ada", persona_password)
    ada.get_by_role("link", name="Share", exact=True).click()
    posted = ada.get_by_label("What you'll post").input_value()
    token = ShareLink.objects.get(ambassador=ada_person).token
    assert f"/s/{token}" in posted
    assert posted.endswith("I work at Bridge and may be rewarded for sharing. #employee")

    # She keeps her rewards page open while the world reads her post.
    ada.get_by_role("link", name="Rewards", exact=True).click()
    expect(ada.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    expect(ada.get_by_role("link", name="Your points: 0")).to_be_visible()
    mark_loaded(ada)

    visitor = browser.new_context(user_agent=VISITORS_BROWSER).new_page()
    visitor.goto(f"{server}/s/{token}")  # the server's address, not SITE_URL's
    expect(visitor).to_have_url(f"{server}/healthz")

    expect(ada.get_by_role("link", name=f"Your points: {CLICK_POINTS}")).to_be_visible(timeout=LIVE)
    expect(ada.locator("[data-points-wallet]")).to_have_text(str(CLICK_POINTS))
    expect(ada.locator("[data-points-history] tbody tr").first).to_contain_text(
        "A visitor follows your link"
    )
    expect(ada.locator("#toasts")).to_contain_text(
        f"+{CLICK_POINTS} points: A visitor follows your link"
    )
    assert_not_reloaded(ada)
    ada.screenshot(path=Path(SCREENSHOTS or tmp_path) / "rewards.png", full_page=True)

    # She redeems the hoodie: its cost is held until HR decides.
    ada.get_by_role("link", name="Catalog", exact=True).click()
    ada.locator(f"#item-{hoodie.pk}").get_by_role("button", name="Redeem Bridge hoodie").click()
    ada.get_by_role("button", name="Confirm: redeem Bridge hoodie").click()
    expect(ada).to_have_url(re.compile(r"/rewards/$"))
    expect(ada.get_by_role("link", name="Your points: 5")).to_be_visible()
    expect(ada.locator("[data-points-held]")).to_have_text("20")
    redemption = ada_person.redemptions.get()
    expect(ada.locator(f"#redemption-{redemption.pk}")).to_contain_text("Waiting for HR")
    expect(ada.locator("[data-live-status=live]")).to_be_visible(timeout=LIVE)
    mark_loaded(ada)

    # Grace approves it in the HR console.
    grace = open_as(browser, server, "grace", persona_password, "/hr/")
    expect(grace.locator("[data-pending-redemptions]")).to_contain_text("1 redemption")
    grace.get_by_role("navigation", name="HR console").get_by_role(
        "link", name="Redemptions"
    ).click()
    row = grace.locator(f"#redemption-{redemption.pk}")
    expect(row).to_contain_text("Ada Lovelace")
    grace.screenshot(path=Path(SCREENSHOTS or tmp_path) / "hr-console.png", full_page=True)
    row.get_by_role("button", name="Approve").click()
    expect(grace.get_by_role("status").first).to_contain_text("Approved: Bridge hoodie")

    # Ada's open page hears of it; her points have left for good.
    expect(ada.locator(f"#redemption-{redemption.pk}")).to_contain_text("Approved", timeout=LIVE)
    expect(ada.get_by_role("link", name="Your points: 5")).to_be_visible()
    expect(ada.locator("[data-points-held]")).to_have_count(0)
    assert_not_reloaded(ada)

    _hr_sees_the_stock_and_the_ledger(grace, server, hoodie, ada_person)


def _hr_sees_the_stock_and_the_ledger(grace, server, hoodie, ada_person) -> None:
    """The reward's stock, and Ada's ledger with each of its transfers, in the console."""
    console = grace.get_by_role("navigation", name="HR console")
    console.get_by_role("link", name="Catalog").click()
    expect(grace.locator(f"#item-{hoodie.pk} [data-stock]")).to_have_text("4")
    grace.goto(f"{server}/hr/people/{ada_person.pk}/ledger/")
    expect(grace.locator('[data-balance="wallet"]')).to_have_text("5")
    expect(grace.locator('[data-balance="hold"]')).to_have_text("0")
    hers = Transfer.objects.filter(entries__account__owner=ada_person).distinct().order_by("pk")
    assert [transfer.kind for transfer in hers] == ["award", "hold", "settlement"]
    for transfer in hers:
        expect(grace.locator(f"#transfer-{transfer.pk}")).to_be_visible()
    assert Item.objects.get(pk=hoodie.pk).stock == 4
