"""Searching in the browser: the nav's box, a facet ticked, more results appended."""

import uuid

import pytest
from playwright.sync_api import expect

from network.services.conversations import comment_create
from network.services.posts import post_create
from search.client import get_client
from search.indices import ensure_all
from tests.e2e.test_sign_in import sign_in
from tests.fixtures.personas import community
from tests.search.engine import index_everything

pytestmark = pytest.mark.e2e


@pytest.fixture
def server_indices(settings, elasticsearch_url, monkeypatch):
    """Indices of this test's own, which the browser's server (started after this,
    from the environment) searches too; deleted afterwards."""
    prefix = f"bridge_test_{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    monkeypatch.setenv("ELASTICSEARCH_INDEX_PREFIX", prefix)
    made = [ensured.index for ensured in ensure_all()]
    yield prefix
    get_client().indices.delete(index=",".join(made))


def test_a_search_narrowed_by_a_facet_loads_more_results_in_place(
    server_indices, browser, server, demo, persona_password
):
    engineering, council = community("engineering"), community("customer-council")
    posts = [
        post_create(actor=demo["linus"], community=engineering, body=f"Harbour plan {number}")
        for number in range(22)
    ]
    comment_create(actor=demo["linus"], post=posts[0], body="The harbour is ready")
    for number in range(3):
        post_create(actor=demo["linus"], community=council, body=f"Harbour visit {number}")
    index_everything()

    page = browser.new_context().new_page()
    sign_in(page, server, "ada", persona_password)
    box = page.get_by_role("combobox", name="Search Bridge")
    box.fill("harbour")
    box.press("Enter")

    hits = page.locator("[data-search-hit]")
    expect(hits).to_have_count(20)
    facet = page.locator('[data-facet="community"]')
    expect(facet.get_by_label("Customer Council (3)")).to_be_visible()

    facet.get_by_label("Engineering (23)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_label("Engineering (23)")).to_be_checked()
    expect(hits).to_have_count(20)
    expect(page.locator('[data-search-hit] >> text="Harbour visit"')).to_have_count(0)

    page.get_by_role("link", name="More results").click()
    expect(hits).to_have_count(23)
    expect(page.get_by_role("link", name="More results")).to_have_count(0)
    # Appended in place: still the same page, the first results above the new ones.
    expect(page.get_by_label("Search for")).to_have_value("harbour")
    assert "cursor=" not in page.url
