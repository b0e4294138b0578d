"""The mention picker in the composers offers only people who may read the text."""

import pytest
from playwright.sync_api import expect

from network.models import Community
from tests.e2e.test_sign_in import sign_in
from tests.fixtures.search import index_everything

pytestmark = pytest.mark.e2e


def _options(page):
    return page.get_by_role("listbox", name="People to mention").get_by_role("option")


def test_the_picker_offers_readers_and_inserts_a_mention_that_becomes_a_link(
    browser, live_search_prefix, server, demo, persona_password
):
    index_everything()  # the picker asks Elasticsearch (search/suggest.py)
    council = Community.objects.get(slug="customer-council")
    engineering = Community.objects.get(slug="engineering")

    ada = browser.new_context().new_page()
    sign_in(ada, server, "ada", persona_password)

    # Given the Customer Council (ada, linus, carla): "@" offers its members.
    ada.goto(f"{server}/communities/{council.pk}/")
    composer = ada.get_by_label("Post", exact=True)
    composer.click()
    composer.press_sequentially("Thanks @")
    expect(composer).to_have_attribute("aria-expanded", "true")
    expect(_options(ada)).to_have_count(3)
    for name in ("Ada Lovelace", "Carla Customer", "Linus Torvalds"):
        expect(_options(ada).filter(has_text=name)).to_have_count(1)

    # Letters narrow it; the keyboard moves and Escape closes.
    composer.press_sequentially("l")
    expect(_options(ada)).to_have_count(2)  # Linus, and ada's own "Lovelace"
    composer.press("ArrowDown")
    expect(_options(ada).nth(1)).to_have_attribute("aria-selected", "true")
    composer.press("Escape")
    expect(_options(ada)).to_have_count(0)
    expect(composer).to_have_attribute("aria-expanded", "false")

    # When ada narrows to carla and picks with Enter, the username is inserted.
    composer.press("Backspace")
    composer.press_sequentially("car")
    expect(_options(ada)).to_have_count(1)
    composer.press("Enter")
    expect(composer).to_have_value("Thanks @carla ")
    composer.press_sequentially("for the feedback")
    ada.get_by_role("button", name="Post", exact=True).click()

    # Then the posted mention links to carla's profile.
    mention = ada.locator(".post").first.get_by_role("link", name="@carla")
    expect(mention).to_have_attribute("href", f"/people/{demo['carla'].pk}/")

    # And in an internal community the picker never offers an external person,
    # whatever is typed (here on the comment form of a fresh post).
    ada.goto(f"{server}/communities/{engineering.pk}/")
    composer = ada.get_by_label("Post", exact=True)
    composer.fill("Internal note")
    ada.get_by_role("button", name="Post", exact=True).click()
    ada.locator(".post").first.locator("a[href^='/posts/']").first.click()
    comment = ada.get_by_label("Comment", exact=True)
    comment.click()
    comment.press_sequentially("@")
    expect(_options(ada).filter(has_text="Linus Torvalds")).to_have_count(1)
    names = " ".join(_options(ada).all_inner_texts())
    for outsider in ("Carla", "Pat", "Otto"):
        assert outsider not in names
    for letters in ("c", "p", "o"):
        comment.fill("")
        comment.press_sequentially(f"@{letters}")
        ada.wait_for_timeout(400)
        names = " ".join(_options(ada).all_inner_texts())
        assert not {"Carla", "Pat", "Otto"} & set(names.split())

    # Tab picks too, in the comment form as in the composer.
    comment.fill("")
    comment.press_sequentially("Ask @gra")
    expect(_options(ada)).to_have_count(1)
    comment.press("Tab")
    expect(comment).to_have_value("Ask @grace ")
