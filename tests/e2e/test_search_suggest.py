"""The search box's type-ahead: typing in the nav box lists, grouped, what the
reader may see, and the keyboard opens the picked suggestion."""

import pytest
from playwright.sync_api import expect

from network.models import Community
from network.services.posts import post_create
from tests.e2e.test_sign_in import sign_in
from tests.fixtures.search import index_everything

pytestmark = pytest.mark.e2e


def test_typing_in_the_nav_box_and_picking_with_the_keyboard_opens_the_suggestion(
    browser, live_search_prefix, server, demo, persona_password
):
    council = Community.objects.get(slug="customer-council")
    post_create(actor=demo["linus"], community=council, body="Planning #councilday")
    post_create(
        actor=demo["linus"],
        community=Community.objects.get(slug="engineering"),
        body="Internal #councilprep",
    )
    index_everything()
    carla = browser.new_context().new_page()
    sign_in(carla, server, "carla", persona_password)

    box = carla.get_by_role("combobox", name="Search")
    box.click()
    box.press_sequentially("counc")
    listbox = carla.get_by_role("listbox", name="Suggestions")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("group", name="Communities")).to_contain_text("Customer Council")
    expect(listbox.get_by_role("group", name="Hashtags")).to_contain_text("#councilday")
    # Carla reads only her own communities: Engineering's hashtag is never offered.
    expect(listbox).not_to_contain_text("#councilprep")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)

    # Escape closes; typing again reopens; arrows move; Enter opens the community.
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("i")
    expect(options).to_have_count(2)
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.first).to_contain_text("Customer Council")
    box.press("Enter")
    expect(carla).to_have_url(f"{server}/communities/{council.pk}/")
