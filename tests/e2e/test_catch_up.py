"""A page whose socket dropped catches up over REST when it reconnects: what it
missed counts in the "N new posts" bar, and nothing it may not see reaches it."""

import re

import pytest
from playwright.sync_api import expect

from network.models import Community
from network.services.posts import post_create
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_page_catches_up_on_what_it_missed_while_offline(page, server, persona, persona_password):
    persona("carla")
    ada = persona("ada")
    council = Community.objects.get(slug="customer-council")
    engineering = Community.objects.get(slug="engineering")
    # The socket goes through Playwright, which can cut it and refuse reconnections:
    # an outage between the page and a real daphne.
    outage = {"on": False}
    connected = []

    def relay(socket) -> None:
        if outage["on"]:
            socket.close()
        else:
            connected.append(socket.connect_to_server())

    page.route_web_socket(re.compile(r"/ws/$"), relay)
    heard = []

    def record(event: dict) -> None:
        heard.append(event)

    page.expose_function("recordActivity", record)
    page.add_init_script(
        "document.addEventListener('bridge:activity', e => window.recordActivity(e.detail))"
    )
    sign_in(page, server, "carla", persona_password)
    expect(page.locator("[data-live-status=live]")).to_be_visible()

    outage["on"] = True
    connected[-1].close()
    expect(page.locator("[data-live-status]")).to_contain_text("Offline — retrying")
    # While the page is away (and no worker pushes anything): two posts she may
    # see, one she may not.
    post_create(actor=ada, community=council, body="First while away")
    post_create(actor=ada, community=council, body="Second while away")
    post_create(actor=ada, community=engineering, body="Internal, never for Carla")
    outage["on"] = False

    bar = page.get_by_role("button", name="2 new posts")
    expect(bar).to_be_visible(timeout=40_000)  # the next attempt, after its backoff
    expect(page.locator("[data-live-status=live]")).to_be_visible()
    bar.click()
    feed = page.locator("[data-live-feed]")
    expect(feed.locator("article.post").nth(0)).to_contain_text("Second while away")
    expect(feed.locator("article.post").nth(1)).to_contain_text("First while away")
    expect(feed).to_contain_text("In Customer Council")
    expect(page.get_by_text("Internal, never for Carla")).to_have_count(0)
    posts = [event for event in heard if event["verb"] == "post.created"]
    assert [event["community_id"] for event in posts] == [council.pk, council.pk]
    assert engineering.pk not in {event["community_id"] for event in heard}
