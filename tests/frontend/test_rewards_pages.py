"""The people's rewards pages: my points, the catalog, the leaderboard; signed in
only, each person seeing their own, refusals as messages on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontend.context_processors import points_balance
from network.models import Affiliation
from rewards.integrity import ledger_problems
from rewards.models import Redemption
from rewards.services import leaderboards, ledger
from rewards.services.badges import badge_award, badge_create
from rewards.services.redemptions import redemption_decline, redemption_request
from tests.fixtures.personas import client_for, community
from tests.rewards.redeeming import held, make_item, wallet

PAGES = ["rewards", "rewards-catalog", "rewards-leaderboard", "rewards-points"]


@pytest.fixture(autouse=True)
def _ledger_adds_up(db):
    yield
    assert ledger_problems() == []


def _give(person, points: int, reason: str = "") -> None:
    ledger.award(
        person=person, points=points, key=f"award:page:{person.pk}:{points}", reason=reason
    )


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(demo, name):
    response = client_for(demo, "anonymous").get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["ada", "linus", "grace", "margaret", "pat", "carla", "otto"])
@pytest.mark.parametrize("name", PAGES)
def test_everyone_signed_in_opens_the_pages(demo, who, name):
    assert client_for(demo, who).get(reverse(name)).status_code == 200


def test_my_rewards_shows_balance_held_points_history_badges_and_redemptions(demo):
    ada = demo["ada"]
    _give(ada, 50, "Spoke at PyCon")
    redemption_request(actor=ada, item=make_item(demo["grace"], name="Mug", cost=20))
    redemption_decline(
        actor=demo["grace"],
        redemption=redemption_request(actor=ada, item=make_item(demo["grace"], name="Cap", cost=5)),
        note="Caps are gone for the year",
    )

    page = client_for(demo, "ada").get(reverse("rewards")).content.decode()

    assert "<strong data-points-wallet>30</strong>" in page
    assert "<span data-points-held>20</span>" in page
    assert "Spoke at PyCon" in page and "+50" in page and "-20" in page
    assert "Caps are gone for the year" in page and "Declined" in page
    assert 'aria-label="Cancel Mug"' in page
    assert 'aria-label="Cancel Cap"' not in page  # decided: nothing left to cancel


def test_the_history_is_my_own(demo):
    _give(demo["linus"], 40, "Linus's secret reason")

    page = client_for(demo, "ada").get(reverse("rewards")).content.decode()

    assert "Linus&#x27;s secret reason" not in page and "secret reason" not in page
    assert "No points yet" in page


def test_the_nav_shows_my_balance_on_every_page_for_one_query(demo):
    _give(demo["ada"], 120)
    ada = client_for(demo, "ada")
    page = ada.get(reverse("home")).content.decode()
    assert 'aria-label="Your points: 120"' in page
    assert f'href="{reverse("rewards")}"' in page and ">Rewards</a>" in page

    request = ada.get(reverse("home")).wsgi_request
    with CaptureQueriesContext(connection) as queries:
        assert points_balance(request)["points_balance"]() == 120
    assert len(queries) == 1


def test_a_customer_sees_only_items_open_to_customers(demo):
    hr = demo["grace"]
    open_to_all = make_item(
        hr, name="Sticker pack", cost=1, affiliations=[Affiliation.EMPLOYEE, Affiliation.CUSTOMER]
    )
    staff_only = make_item(hr, name="Hoodie", cost=1)

    page = client_for(demo, "carla").get(reverse("rewards-catalog")).content.decode()

    assert f'id="item-{open_to_all.pk}"' in page
    assert f'id="item-{staff_only.pk}"' not in page and "Hoodie" not in page
    carla = client_for(demo, "carla")
    assert carla.get(reverse("rewards-redeem", args=[staff_only.pk])).status_code == 404
    assert carla.post(reverse("rewards-redeem", args=[staff_only.pk])).status_code == 404
    assert not Redemption.objects.exists()


def test_someone_elses_redemption_is_a_404(demo):
    _give(demo["ada"], 10)
    adas = redemption_request(actor=demo["ada"], item=make_item(demo["grace"]))

    for who in ["linus", "carla"]:
        response = client_for(demo, who).post(reverse("rewards-redemption-cancel", args=[adas.pk]))
        assert response.status_code == 404
    adas.refresh_from_db()
    assert adas.status == Redemption.Status.PENDING


def test_redeeming_confirms_then_holds_the_points(demo):
    ada = demo["ada"]
    _give(ada, 25)
    mug = make_item(demo["grace"], name="Mug", cost=20)
    client = client_for(demo, "ada")

    catalog = client.get(reverse("rewards-catalog")).content.decode()
    assert ">Redeem Mug</button>" in catalog
    confirm = client.get(reverse("rewards-redeem", args=[mug.pk]))
    assert "Confirm: redeem Mug" in confirm.content.decode()
    assert not Redemption.objects.exists()  # a GET asks, it does not redeem

    response = client.post(reverse("rewards-redeem", args=[mug.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("rewards")
    assert "20 points are held until HR decides" in response.content.decode()
    assert (wallet(ada), held(ada)) == (5, 20)
    assert Redemption.objects.get().status == Redemption.Status.PENDING


def test_not_enough_points_says_why_and_writes_nothing(demo):
    ada = demo["ada"]
    _give(ada, 5)
    mug = make_item(demo["grace"], name="Mug", cost=20)
    client = client_for(demo, "ada")

    catalog = client.get(reverse("rewards-catalog")).content.decode()
    assert "disabled" in catalog and "You need 15 more points." in catalog

    confirm = client.get(reverse("rewards-redeem", args=[mug.pk])).content.decode()
    assert "You need 15 more points." in confirm and "disabled" in confirm
    response = client.post(reverse("rewards-redeem", args=[mug.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("rewards-catalog")
    assert "Not enough points" in response.content.decode()
    assert not Redemption.objects.exists()
    assert (wallet(ada), held(ada)) == (5, 0)


def test_out_of_stock_says_so(demo):
    _give(demo["ada"], 50)
    gone = make_item(demo["grace"], name="Lamp", cost=10, stock=0)
    client = client_for(demo, "ada")

    assert "Out of stock." in client.get(reverse("rewards-catalog")).content.decode()
    confirm = client.get(reverse("rewards-redeem", args=[gone.pk])).content.decode()
    assert 'disabled aria-describedby="redeem-why"' in confirm and "Out of stock." in confirm
    response = client.post(reverse("rewards-redeem", args=[gone.pk]), follow=True)

    assert "out of stock" in response.content.decode()
    assert not Redemption.objects.exists()


def test_cancelling_a_pending_redemption_gives_the_points_back_once(demo):
    ada = demo["ada"]
    _give(ada, 20)
    redemption = redemption_request(actor=ada, item=make_item(demo["grace"], cost=20))
    client = client_for(demo, "ada")
    cancel = reverse("rewards-redemption-cancel", args=[redemption.pk])

    first = client.post(cancel, follow=True).content.decode()
    again = client.post(cancel, follow=True).content.decode()

    assert "20 points are back in your wallet" in first
    assert "This redemption was cancelled already." in again
    assert (wallet(ada), held(ada)) == (20, 0)
    assert client.get(cancel).status_code == 405


def test_the_leaderboard_highlights_me_and_respects_opting_out(demo):
    _give(demo["ada"], 30)
    _give(demo["linus"], 50)
    client = client_for(demo, "ada")

    page = client.get(reverse("rewards-leaderboard"), {"period": "week"}).content.decode()
    assert 'aria-current="true"' in page and "(you)" in page
    assert "Linus" in page and "80 points earned in all." in page

    client.post(reverse("rewards-listing"), {"listed": "false"})
    assert not leaderboards.is_listed(demo["ada"])
    page = client.get(reverse("rewards-leaderboard")).content.decode()
    assert "(you)" not in page
    assert "80 points earned in all." in page  # still counted
    assert "List me on leaderboards" in page


def test_bad_leaderboard_choices_are_400_with_the_error_by_the_field(demo):
    client = client_for(demo, "carla")
    hidden = community("engineering")  # internal: Carla may not read it
    for query in [{"period": "decade"}, {"community": str(hidden.pk)}, {"community": "x"}]:
        response = client.get(reverse("rewards-leaderboard"), query)
        assert response.status_code == 400
        assert "field__error" in response.content.decode()


def test_hr_sees_in_the_catalog_only_what_they_may_redeem_themselves(demo):
    hr = demo["grace"]
    for_customers = make_item(hr, name="Customer swag", affiliations=[Affiliation.CUSTOMER])
    withdrawn = make_item(hr, name="Old hoodie", active=False)
    for_staff = make_item(hr, name="Team lunch")

    page = client_for(demo, "grace").get(reverse("rewards-catalog")).content.decode()

    assert f'id="item-{for_staff.pk}"' in page
    assert f'id="item-{for_customers.pk}"' not in page
    assert f'id="item-{withdrawn.pk}"' not in page


def test_the_leaderboard_shows_the_period_it_answers(demo):
    page = client_for(demo, "ada").get(reverse("rewards-leaderboard")).content.decode()

    assert '<option value="all" selected>All time</option>' in page


def test_hr_may_not_cancel_someone_elses_redemption(demo):
    _give(demo["ada"], 10)
    adas = redemption_request(actor=demo["ada"], item=make_item(demo["grace"]))

    response = client_for(demo, "grace").post(reverse("rewards-redemption-cancel", args=[adas.pk]))

    assert response.status_code == 403
    adas.refresh_from_db()
    assert adas.status == Redemption.Status.PENDING


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["rewards", "rewards-catalog", "rewards-leaderboard"])
def test_a_page_costs_the_same_queries_for_one_row_or_many(demo, name):
    ada, hr = demo["ada"], demo["grace"]
    client = client_for(demo, "ada")
    url = reverse(name)
    _give(ada, 100)
    redemption_request(actor=ada, item=make_item(hr, name="Item 0", cost=1))
    one = _queries(client, url)

    for number in range(1, 8):
        ledger.award(person=ada, points=number, key=f"more:{number}", reason=f"r{number}")
        ledger.award(person=demo["linus"], points=number, key=f"linus:{number}")
        redemption_request(actor=ada, item=make_item(hr, name=f"Item {number}", cost=1))

    assert _queries(client, url) == one


def test_my_badges_download_as_open_badges_credentials(demo):
    grace, ada = demo["grace"], demo["ada"]
    badge = badge_create(actor=grace, name="Ambassador of the year")
    award = badge_award(actor=grace, badge=badge, person=ada, reason="Lyon launch")
    ada_client = client_for(demo, "ada")

    page = ada_client.get(reverse("rewards")).content.decode()
    link = reverse("api-badge-award-credential", args=[award.pk]) + "?format=json"
    assert f'href="{link}" download="badge-{award.pk}.json"' in page

    # What the link downloads, even with a browser's Accept header: the JSON credential.
    credential = ada_client.get(link, HTTP_ACCEPT="text/html,*/*")
    assert credential["Content-Type"] == "application/json"
    assert "OpenBadgeCredential" in credential.json()["type"]
    assert client_for(demo, "carla").get(link).status_code == 404
