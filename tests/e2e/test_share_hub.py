"""An employee copies her share text, disclosure included, rewords it, and a visitor
following her link is counted once; her own click is not."""

import pytest
from playwright.sync_api import expect

from rewards.models import ShareClick, ShareLink
from rewards.services import share
from tests.e2e.test_sign_in import sign_in

pytestmark = pytest.mark.e2e

# Desktop browsers: Playwright's own "HeadlessChrome" is, rightly, a crawler to us.
ADAS_BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
VISITORS_BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
DISCLOSURE = "I work at Bridge and may be rewarded for sharing. #employee"


def test_an_employee_shares_and_a_visitor_is_counted_once(
    browser, server, persona, persona_password
):
    ada_person, grace = persona("ada"), persona("grace")
    share.share_item_create(
        actor=grace,
        title="Our Lyon office",
        url=f"{server}/healthz",  # somewhere the browser can reach
        suggested_text="Proud of Lyon!",
    )

    context = browser.new_context(
        user_agent=ADAS_BROWSER, permissions=["clipboard-read", "clipboard-write"]
    )
    ada = context.new_page()
    sign_in(ada, server, "ada", persona_password)
    ada.get_by_role("link", name="Share", exact=True).click()
    expect(ada.get_by_role("heading", name="Our Lyon office")).to_be_visible()

    text = ada.get_by_label("What you'll post")
    expect(text).to_have_value(
        f"Proud of Lyon!\n\n{share.tracked_url(_link(ada_person))}\n\n{DISCLOSURE}"
    )
    ada.get_by_role("button", name="Copy text").click()
    expect(ada.get_by_text("Copied.")).to_be_visible()
    assert ada.evaluate("navigator.clipboard.readText()").endswith(DISCLOSURE)

    ada.get_by_label("Your words").fill("Come and see our new office")
    ada.get_by_role("button", name="Save my words").click()
    expect(ada.get_by_text("Your words are saved.")).to_be_visible()
    posted = ada.get_by_label("What you'll post").input_value()
    assert posted.startswith("Come and see our new office\n\n")
    assert posted.endswith(DISCLOSURE)

    token = _link(ada_person).token
    ada.goto(f"{server}/s/{token}")  # her own click
    expect(ada).to_have_url(f"{server}/healthz")

    visitor = browser.new_context(user_agent=VISITORS_BROWSER).new_page()
    visitor.goto(f"{server}/s/{token}")
    expect(visitor).to_have_url(f"{server}/healthz")
    visitor.goto(f"{server}/s/{token}")  # again, the same day

    assert ShareClick.objects.filter(link__token=token).count() == 1


def _link(person) -> ShareLink:
    return ShareLink.objects.get(ambassador=person)
