"""The HR console's redemptions queue: pending first (oldest first) with stock and
balance, approve / decline with a note, decided ones in the history, a 409 shown
as a message (real PostgreSQL)."""

import pytest
from django.urls import reverse

from rewards.integrity import ledger_problems
from rewards.models import Redemption
from rewards.services import ledger
from rewards.services import redemptions as redemption_services
from tests.fixtures.personas import EVERYONE, client_for
from tests.frontend.hr_console import CONSOLE, OTHERS, assert_refused
from tests.rewards.redeeming import held, make_item, wallet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


def _asked(demo, who="ada", points=100, **terms) -> Redemption:
    ledger.award(person=demo[who], points=points, key=f"test:{who}:{points}:{terms}")
    item = make_item(demo["grace"], **terms)
    return redemption_services.redemption_request(actor=demo[who], item=item)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_queue(demo, who):
    response = client_for(demo, who).get(reverse("hr-redemptions"))

    assert response.status_code == CONSOLE[who]
    if who != "grace":
        assert_refused(response, who)


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("action", ["hr-redemption-approve", "hr-redemption-decline"])
def test_only_hr_admins_decide(demo, who, action):
    redemption = _asked(demo)
    response = client_for(demo, who).post(reverse(action, args=[redemption.pk]), {"note": "No."})

    assert_refused(response, who)
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING
    assert held(demo["ada"]) == 10


def test_pending_comes_oldest_first_with_stock_and_balance(demo):
    first = _asked(demo, "ada", stock=3)
    second = _asked(demo, "linus", points=50, name="Mug", cost=20)

    page = client_for(demo, "grace").get(reverse("hr-redemptions")).content.decode()

    assert page.index(f'id="redemption-{first.pk}"') < page.index(f'id="redemption-{second.pk}"')
    ada_row = page[page.index(f'id="redemption-{first.pk}"') :]
    assert "<td data-stock>3</td>" in ada_row[:2000]
    assert "<td data-balance>90</td>" in ada_row[:2000]
    linus_row = page[page.index(f'id="redemption-{second.pk}"') :]
    assert "<td data-balance>30</td>" in linus_row[:2000]
    assert ">Approve</button>" in page
    assert ">Decline</button>" in page


def test_hr_approves_and_the_redemption_moves_to_the_history(demo):
    redemption = _asked(demo, stock=2)
    grace = client_for(demo, "grace")

    response = grace.post(reverse("hr-redemption-approve", args=[redemption.pk]), follow=True)

    assert response.status_code == 200
    assert "Approved: Hoodie for" in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED
    assert redemption.item.stock == 1
    assert held(demo["ada"]) == 0
    assert f'id="redemption-{redemption.pk}"' not in response.content.decode()
    history = grace.get(reverse("hr-redemptions"), {"view": "decided"}).content.decode()
    assert f'id="redemption-{redemption.pk}" data-status="approved"' in history


def test_hr_declines_with_a_note_and_the_points_go_back(demo):
    redemption = _asked(demo)
    grace = client_for(demo, "grace")

    response = grace.post(
        reverse("hr-redemption-decline", args=[redemption.pk]),
        {"note": "Out of sizes this quarter."},
        follow=True,
    )

    assert "the points are back" in response.content.decode()
    redemption.refresh_from_db()
    assert (redemption.status, redemption.note) == ("declined", "Out of sizes this quarter.")
    assert (wallet(demo["ada"]), held(demo["ada"])) == (100, 0)
    history = grace.get(reverse("hr-redemptions"), {"view": "decided"}).content.decode()
    assert "Out of sizes this quarter." in history


def test_a_decline_without_a_note_says_so_by_the_field_and_decides_nothing(demo):
    redemption = _asked(demo)
    response = client_for(demo, "grace").post(
        reverse("hr-redemption-decline", args=[redemption.pk]), {"note": "   "}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="decline-{redemption.pk}-note_error"' in page
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING


def test_a_note_too_long_is_kept_for_fixing(demo):
    redemption = _asked(demo)
    typed = "Sorry, " + "x" * 2001
    response = client_for(demo, "grace").post(
        reverse("hr-redemption-decline", args=[redemption.pk]), {"note": typed}
    )

    assert response.status_code == 400
    assert typed in response.content.decode()
    assert f'id="decline-{redemption.pk}-note_error"' in response.content.decode()


def test_out_of_stock_is_a_message_not_an_error_page(demo):
    first = _asked(demo, stock=1)
    second = redemption_services.redemption_request(actor=demo["ada"], item=first.item)
    grace = client_for(demo, "grace")
    grace.post(reverse("hr-redemption-approve", args=[first.pk]))

    response = grace.post(reverse("hr-redemption-approve", args=[second.pk]), follow=True)

    assert response.status_code == 200
    assert "ran out of stock" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Redemption.Status.PENDING
    assert held(demo["ada"]) == 10


def test_deciding_twice_is_a_message_not_an_error_page(demo):
    redemption = _asked(demo)
    grace = client_for(demo, "grace")
    grace.post(reverse("hr-redemption-decline", args=[redemption.pk]), {"note": "No stock."})

    approve = grace.post(reverse("hr-redemption-approve", args=[redemption.pk]), follow=True)
    decline = grace.post(
        reverse("hr-redemption-decline", args=[redemption.pk]), {"note": "Again"}, follow=True
    )

    assert "was declined already" in approve.content.decode()
    assert "was declined already" in decline.content.decode()
    redemption.refresh_from_db()
    assert redemption.note == "No stock."


def test_an_unknown_redemption_is_a_404(demo):
    response = client_for(demo, "grace").post(reverse("hr-redemption-approve", args=[999999]))
    assert response.status_code == 404


def test_the_queue_costs_the_same_queries_however_long(demo, django_assert_max_num_queries):
    for n in range(5):
        _asked(demo, points=100 + n, name=f"Item {n}")
    grace = client_for(demo, "grace")
    grace.get(reverse("hr-redemptions"))  # warm the session

    with django_assert_max_num_queries(7):
        assert grace.get(reverse("hr-redemptions")).status_code == 200
