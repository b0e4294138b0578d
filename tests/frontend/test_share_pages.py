"""The share hub's pages: the hub for people, the public tracked link, and the HR
console's tab. Access as a matrix; bad input shown next to its field, kept."""

import secrets

import pytest
from django.test import Client
from django.urls import reverse

from frontend.share import CLICKS_PER_MINUTE
from rewards.models import ShareClick, ShareItem
from rewards.services import share
from tests.fixtures.personas import EVERYONE, client_for

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
CONSOLE = {who: 403 for who in EVERYONE} | {"anonymous": 302, "grace": 200}
HUB = {who: 200 for who in EVERYONE} | {"anonymous": 302}


@pytest.fixture
def address() -> str:
    """A fresh visitor address per test: the rate limit lives in Redis across runs."""
    return f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(256)}"


def _item(demo, **terms) -> ShareItem:
    return share.share_item_create(
        actor=demo["grace"],
        title=terms.pop("title", "Our Lyon office"),
        url=terms.pop("url", "https://example.com/lyon"),
        suggested_text=terms.pop("suggested_text", "Proud of Lyon!"),
        **terms,
    )


def _follow(link, address, agent=BROWSER, client=None):
    return (client or Client()).get(
        reverse("share-redirect", args=[link.token]), REMOTE_ADDR=address, HTTP_USER_AGENT=agent
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_signed_in_opens_the_hub(demo, who):
    response = client_for(demo, who).get(reverse("share-hub"))

    assert response.status_code == HUB[who]
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("name", ["hr-share", "hr-share-item"])
def test_only_hr_admins_open_the_console_tab(demo, who, name):
    item = _item(demo)
    args = [item.pk] if name == "hr-share-item" else []

    assert client_for(demo, who).get(reverse(name, args=args)).status_code == CONSOLE[who]


def test_the_hub_shows_employees_their_link_the_text_and_the_fixed_disclosure(demo):
    item = _item(demo)

    page = client_for(demo, "ada").get(reverse("share-hub")).content.decode()

    link = item.links.get(ambassador=demo["ada"])
    assert "Our Lyon office" in page
    assert f"/s/{link.token}" in page
    assert "I work at Bridge and may be rewarded for sharing. #employee" in page
    assert "https://www.linkedin.com/sharing/share-offsite/?url=" in page
    assert "https://twitter.com/intent/tweet?text=" in page
    assert 'data-copy="share-text-' in page


def test_customers_see_no_employee_only_item(demo):
    item = _item(demo)
    carla = client_for(demo, "carla")

    assert "Our Lyon office" not in carla.get(reverse("share-hub")).content.decode()
    words = carla.post(reverse("share-reword", args=[item.pk]), {f"item-{item.pk}-text": "Hi"})
    assert words.status_code == 404
    assert not item.links.exists()


def test_rewording_keeps_the_disclosure(demo):
    item = _item(demo)
    ada = client_for(demo, "ada")

    saved = ada.post(
        reverse("share-reword", args=[item.pk]), {f"item-{item.pk}-text": "My own words"}
    )

    assert saved.status_code == 302
    page = ada.get(reverse("share-hub")).content.decode()
    assert "My own words" in page
    assert "#employee" in page


def test_too_long_words_are_refused_next_to_the_field_and_kept(demo):
    item = _item(demo)
    typed = "Long " * 220

    response = client_for(demo, "ada").post(
        reverse("share-reword", args=[item.pk]), {f"item-{item.pk}-text": typed}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_item-{item.pk}-text_error"' in page
    assert typed.strip() in page


def test_a_tracked_link_redirects_anyone_and_counts_once_a_day(demo, address):
    item = _item(demo)
    link = share.link_for(demo["ada"], item)

    first = _follow(link, address)
    again = _follow(link, address)

    assert first.status_code == again.status_code == 302
    assert first["Location"] == "https://example.com/lyon"
    assert ShareClick.objects.filter(link=link).count() == 1


def test_bots_and_the_ambassador_are_redirected_but_not_counted(demo, address):
    link = share.link_for(demo["ada"], _item(demo))

    assert _follow(link, address, agent=GOOGLEBOT).status_code == 302
    assert _follow(link, address, client=client_for(demo, "ada")).status_code == 302
    assert ShareClick.objects.count() == 0


def test_a_head_request_is_answered_but_is_nobodys_click(demo, address):
    link = share.link_for(demo["ada"], _item(demo))

    response = Client().head(
        reverse("share-redirect", args=[link.token]), REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER
    )

    assert (response.status_code, response["Location"]) == (302, "https://example.com/lyon")
    assert ShareClick.objects.count() == 0


def test_an_unknown_link_is_not_found(demo, address):
    response = Client().get(reverse("share-redirect", args=["not-a-token"]), REMOTE_ADDR=address)

    assert response.status_code == 404


def test_a_retired_items_link_still_leads_there_but_counts_nothing(demo, address):
    item = _item(demo)
    link = share.link_for(demo["ada"], item)
    share.share_item_retire(actor=demo["grace"], item=item)

    response = _follow(link, address)

    assert (response.status_code, response["Location"]) == (302, "https://example.com/lyon")
    assert ShareClick.objects.count() == 0


def test_the_redirect_goes_only_to_the_stored_address(demo, address):
    link = share.link_for(demo["ada"], _item(demo))

    response = Client().get(
        reverse("share-redirect", args=[link.token]) + "?next=https://evil.example",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=BROWSER,
    )

    assert response["Location"] == "https://example.com/lyon"


def test_one_address_clicking_too_fast_is_told_to_slow_down(demo, address):
    link = share.link_for(demo["ada"], _item(demo))

    answers = [_follow(link, address).status_code for _ in range(CLICKS_PER_MINUTE + 1)]

    assert answers[:CLICKS_PER_MINUTE] == [302] * CLICKS_PER_MINUTE
    assert answers[-1] == 429
    assert _follow(link, "203.0.113.250").status_code == 302  # others are not held up


def test_hr_adds_an_item_from_the_console(demo):
    grace = client_for(demo, "grace")

    response = grace.post(
        reverse("hr-share"),
        {
            "title": "Customer story",
            "url": "https://example.com/story",
            "suggested_text": "How Acme works with us",
            "affiliations": ["employee", "customer"],
            "active": "on",
        },
    )

    assert response.status_code == 302
    item = ShareItem.objects.get()
    assert (item.title, item.affiliations) == ("Customer story", ["customer", "employee"])
    assert "Customer story" in client_for(demo, "carla").get(reverse("share-hub")).content.decode()


def test_a_bad_address_is_refused_next_to_its_field_and_the_form_kept(demo):
    response = client_for(demo, "grace").post(
        reverse("hr-share"),
        {
            "title": "Typed by HR",
            "url": "javascript:alert(1)",
            "suggested_text": "Words HR typed",
            "affiliations": ["employee"],
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_url_error"' in page
    assert "Typed by HR" in page
    assert "Words HR typed" in page
    assert not ShareItem.objects.exists()


def test_hr_sees_clicks_per_item_and_retires_one(demo, address):
    item = _item(demo)
    _follow(share.link_for(demo["ada"], item), address)
    grace = client_for(demo, "grace")

    page = grace.get(reverse("hr-share")).content.decode()
    assert f'data-share-item="{item.pk}"' in page
    assert "<td data-share-clicks>1</td>" in page

    assert grace.post(reverse("hr-share-retire", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert not item.active
    assert (
        client_for(demo, "ada").post(reverse("hr-share-retire", args=[item.pk])).status_code == 403
    )


def test_hr_changes_an_item(demo):
    item = _item(demo)

    response = client_for(demo, "grace").post(
        reverse("hr-share-item", args=[item.pk]),
        {
            "title": "Lyon, one year on",
            "url": "https://example.com/lyon-2",
            "suggested_text": "A year already",
            "affiliations": ["employee"],
            "active": "on",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.url) == ("Lyon, one year on", "https://example.com/lyon-2")


def test_the_nav_links_the_hub_and_the_console_has_its_tab(demo):
    home = client_for(demo, "ada").get(reverse("home")).content.decode()
    assert reverse("share-hub") in home
    console = client_for(demo, "grace").get(reverse("hr-home")).content.decode()
    assert reverse("hr-share") in console


def test_communications_staff_curate_from_the_console_tab_alone(demo):
    linus = demo["linus"]
    linus.is_communications = True
    linus.save(update_fields=["is_communications"])
    comms = client_for(demo, "linus")

    hub = comms.get(reverse("share-hub")).content.decode()
    assert reverse("hr-share") in hub  # "Curate the hub"
    tab = comms.get(reverse("hr-share"))
    assert tab.status_code == 200
    assert f'href="{reverse("hr-home")}"' not in tab.content.decode()  # no tab they can't open
    assert comms.get(reverse("hr-home")).status_code == 403
    created = comms.post(
        reverse("hr-share"),
        {
            "title": "Launch day",
            "url": "https://example.com/launch",
            "suggested_text": "We launched!",
            "affiliations": ["employee"],
            "active": "on",
        },
    )
    assert created.status_code == 302
    assert ShareItem.objects.get().created_by == linus
    assert (
        reverse("hr-share")
        not in client_for(demo, "ada").get(reverse("share-hub")).content.decode()
    )
