"""Who may do what with rewards, as a matrix: every persona against every endpoint.

Only HR admins manage the catalog and decide on redemptions; people see only their
own redemptions and their own ledger (404 for another's, as for what does not
exist); what one sees but may not do is a 403. Write requests run in a savepoint
that is rolled back, so every cell starts afresh.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from network.personas import PERSONAS
from rewards.integrity import ledger_problems
from rewards.services import ledger
from rewards.services.redemptions import redemption_request
from tests.fixtures.personas import EVERYONE, client_for
from tests.rewards.redeeming import make_item

pytestmark = pytest.mark.django_db

EMPLOYEES = {"ada", "linus", "grace", "margaret"}
HR = {"grace"}


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


@pytest.fixture
def setting(demo) -> dict:
    """An item open to employees, and a pending redemption of Ada's; everyone holds
    enough points to redeem it."""
    for username in PERSONAS:
        ledger.award(person=demo[username], points=100, key=f"award:seed:{username}")
    item = make_item(demo["grace"], name="Hoodie", cost=10, stock=5)
    return {"item": item, "redemption": redemption_request(actor=demo["ada"], item=item)}


def _answer(client, method: str, path: str, data: dict | None = None) -> int:
    with transaction.atomic():
        response = getattr(client, method)(path, data, content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code


def _expected(who: str) -> dict[str, int]:
    if who == "anonymous":
        return dict.fromkeys(ANSWERS, 401)
    sees_item = who in EMPLOYEES
    manages = who in HR
    sees_redemption = who in HR or who == "ada"
    hidden_item, hidden_redemption = 404, 404
    return {
        "list items": 200,
        "read item": 200 if sees_item else hidden_item,
        "add item": 201 if manages else 403,
        "change item": 200 if manages else (403 if sees_item else hidden_item),
        "withdraw item": 200 if manages else (403 if sees_item else hidden_item),
        "redeem": 201 if sees_item else hidden_item,
        "list redemptions": 200,
        "read redemption": 200 if sees_redemption else hidden_redemption,
        "approve": 200 if manages else (403 if sees_redemption else hidden_redemption),
        "decline": 200 if manages else (403 if sees_redemption else hidden_redemption),
        "cancel": 200 if who == "ada" else (403 if sees_redemption else hidden_redemption),
        "my points": 200,
    }


ANSWERS = [
    "list items",
    "read item",
    "add item",
    "change item",
    "withdraw item",
    "redeem",
    "list redemptions",
    "read redemption",
    "approve",
    "decline",
    "cancel",
    "my points",
]


@pytest.mark.parametrize("who", EVERYONE)
def test_who_manages_redeems_and_decides(demo, setting, who):
    client = client_for(demo, who)
    item, redemption = setting["item"].pk, setting["redemption"].pk
    items, redemptions = "/api/v1/rewards/items", "/api/v1/rewards/redemptions"

    answers = {
        "list items": _answer(client, "get", f"{items}/"),
        "read item": _answer(client, "get", f"{items}/{item}/"),
        "add item": _answer(client, "post", f"{items}/", {"name": "Mug", "cost": 5}),
        "change item": _answer(client, "patch", f"{items}/{item}/", {"cost": 7}),
        "withdraw item": _answer(client, "post", f"{items}/{item}/deactivate/"),
        "redeem": _answer(client, "post", f"{items}/{item}/redeem/"),
        "list redemptions": _answer(client, "get", f"{redemptions}/"),
        "read redemption": _answer(client, "get", f"{redemptions}/{redemption}/"),
        "approve": _answer(client, "post", f"{redemptions}/{redemption}/approve/"),
        "decline": _answer(
            client, "post", f"{redemptions}/{redemption}/decline/", {"note": "Sorry"}
        ),
        "cancel": _answer(client, "post", f"{redemptions}/{redemption}/cancel/"),
        "my points": _answer(client, "get", "/api/v1/rewards/me/"),
    }

    assert answers == _expected(who)


@pytest.mark.parametrize("who", sorted(set(PERSONAS) - HR))
def test_people_list_only_their_own_redemptions_and_ledger(demo, setting, who):
    person = demo[who]
    client = client_for(demo, who)

    listed = client.get("/api/v1/rewards/redemptions/").json()["results"]
    mine = client.get("/api/v1/rewards/me/").json()

    assert {r["person"]["id"] for r in listed} <= {person.pk}
    assert len(listed) == (1 if who == "ada" else 0)
    assert mine["balance"] == (90 if who == "ada" else 100)
    assert mine["held"] == (10 if who == "ada" else 0)
    own_keys = {f"award:seed:{who}"} | (
        {f"redemption:{setting['redemption'].pk}"} if who == "ada" else set()
    )
    assert {entry["key"] for entry in mine["entries"]} == own_keys


def test_hr_lists_everyones_redemptions(demo, setting):
    listed = client_for(demo, "grace").get("/api/v1/rewards/redemptions/").json()["results"]

    assert [r["id"] for r in listed] == [setting["redemption"].pk]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_lists_cost_the_same_queries_however_long_they_are(demo, setting):
    grace, ada = client_for(demo, "grace"), client_for(demo, "ada")
    paths = ["/api/v1/rewards/items/", "/api/v1/rewards/redemptions/", "/api/v1/rewards/me/"]
    before = {path: (_queries(grace, path), _queries(ada, path)) for path in paths}

    for n in range(5):
        make_item(demo["grace"], name=f"Sticker {n}", cost=1)
        redemption_request(actor=demo["ada"], item=setting["item"])
        redemption_request(actor=demo["linus"], item=setting["item"])

    after = {path: (_queries(grace, path), _queries(ada, path)) for path in paths}
    assert after == before
