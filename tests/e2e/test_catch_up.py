"""A page that missed events while away catches up over REST when it reconnects."""

import pytest
from playwright.sync_api import expect

from activity.models import Activity
from network.models import Community
from network.services.posts import post_create
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_page_catches_up_on_what_it_missed(page, server, persona, persona_password):
    persona("carla")
    ada = persona("ada")
    council = Community.objects.get(slug="customer-council")
    engineering = Community.objects.get(slug="engineering")
    sign_in(page, server, "carla", persona_password)
    expect(page.locator("[data-live-status=live]")).to_be_visible()
    last_seen = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()
    page.evaluate(f"sessionStorage.setItem('bridge.lastActivityId', '{last_seen}')")

    # While the page is away: two posts she may see, one she may not.
    post_create(actor=ada, community=council, body="First while away")
    post_create(actor=ada, community=council, body="Second while away")
    post_create(actor=ada, community=engineering, body="Internal, never for Carla")
    caught = []

    def record(event: dict) -> None:
        caught.append(event)

    page.expose_function("recordActivity", record)
    page.add_init_script(
        "document.addEventListener('bridge:activity', e => window.recordActivity(e.detail))"
    )
    page.reload()

    expect(page.locator(".toast")).to_contain_text("2 updates while you were away")
    assert [event["verb"] for event in caught] == ["post.created", "post.created"]
    assert {event["community_id"] for event in caught} == {council.pk}
