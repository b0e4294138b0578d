"""People's ledgers, adjustments, reversals and reports through the REST API, on
real PostgreSQL: who may do what, a retried adjustment adjusting once, a transfer
reversed once, and the report's figures against transfers built by hand."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activity.models import Activity
from network.models import User
from network.personas import PERSONAS
from network.services.posts import post_create
from rewards.integrity import ledger_problems
from rewards.ledger_views import Period, period_of, report
from rewards.models import Account, Transfer
from rewards.services import ledger, rules
from rewards.services.awards import award_for_activity
from rewards.services.redemptions import redemption_approve, redemption_request
from tests.fixtures.personas import EVERYONE, client_for, community
from tests.rewards.redeeming import balance, make_item

pytestmark = pytest.mark.django_db

API = "/api/v1/rewards"


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


@pytest.fixture
def seeded(demo) -> dict:
    """Ada has 50 points and one award to reverse."""
    made, _ = ledger.award(person=demo["ada"], points=50, key="award:seed:ada")
    return {"award": made}


def _answer(client, method: str, path: str, data: dict | None = None, **headers) -> int:
    with transaction.atomic():
        response = getattr(client, method)(
            path, data, content_type="application/json", headers=headers
        )
        transaction.set_rollback(True)
    return response.status_code


def _expected(who: str) -> dict[str, int]:
    if who == "anonymous":
        return dict.fromkeys(ANSWERS, 401)
    hr = who == "grace"
    return {
        "my ledger": 200,
        "ada's ledger": 200 if hr else 404,
        "adjust ada": 201 if hr else 404,
        # Ada sees her own transfer but may not reverse it; others do not see it.
        "reverse ada's award": 201 if hr else (403 if who == "ada" else 404),
        "report": 200 if hr else 403,
    }


ANSWERS = ["my ledger", "ada's ledger", "adjust ada", "reverse ada's award", "report"]


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_reads_and_corrects_other_peoples_ledgers(demo, seeded, who):
    client = client_for(demo, who)
    ada = demo["ada"].pk
    award = seeded["award"].pk

    answers = {
        "my ledger": _answer(client, "get", f"{API}/me/ledger/"),
        "ada's ledger": _answer(client, "get", f"{API}/people/{ada}/ledger/"),
        "adjust ada": _answer(
            client,
            "post",
            f"{API}/people/{ada}/adjustments/",
            {"points": 5, "reason": "Conference talk"},
            **{"Idempotency-Key": "k1"},
        ),
        "reverse ada's award": _answer(
            client, "post", f"{API}/transfers/{award}/reverse/", {"reason": "Duplicate"}
        ),
        "report": _answer(client, "get", f"{API}/reports/"),
    }

    assert answers == _expected(who)


@pytest.mark.parametrize("who", sorted(set(PERSONAS) - {"grace"}))
def test_people_read_their_own_ledger_only_through_me(demo, seeded, who):
    client = client_for(demo, who)

    mine = client.get(f"{API}/me/ledger/").json()
    own_id = client.get(f"{API}/people/{demo[who].pk}/ledger/")

    assert mine["person"]["id"] == demo[who].pk
    assert mine["balance"] == (50 if who == "ada" else 0)
    assert [t["id"] for t in mine["transfers"]] == ([seeded["award"].pk] if who == "ada" else [])
    assert own_id.status_code == 404


def test_a_ledger_lists_every_transfer_newest_first(demo, seeded):
    ada, grace = demo["ada"], demo["grace"]
    talk = ledger.adjust(actor=grace, person=ada, points=5, reason="Talk", key="adj:talk")
    item = make_item(grace, cost=10)
    redemption_approve(actor=grace, redemption=redemption_request(actor=ada, item=item))
    undone = ledger.reverse(actor=grace, transfer_to_undo=talk, reason="Twice")
    client = client_for(demo, "grace")

    first = client.get(f"{API}/people/{ada.pk}/ledger/").json()

    assert (first["balance"], first["held"]) == (40, 0)
    kinds = [(t["kind"], t["wallet_amount"], t["hold_amount"]) for t in first["transfers"]]
    assert kinds == [
        ("reversal", -5, 0),
        ("settlement", 0, -10),
        ("hold", -10, 10),
        ("adjustment", 5, 0),
        ("award", 50, 0),
    ]
    assert first["transfers"][0]["actor"] == {"id": grace.pk, "name": grace.name}
    assert first["transfers"][0]["reverses"] == talk.pk
    assert first["transfers"][3]["reversed_by"] == undone.pk
    assert first["transfers"][3]["reason"] == "Talk"
    assert first["older"] is None


def test_an_award_that_was_spent_cannot_be_reversed_whole(demo, seeded):
    """The award's 50 points left Ada's wallet: reversing it would go below zero."""
    ledger.hold(person=demo["ada"], points=20, key="hold:ada")
    client = client_for(demo, "grace")

    answer = client.post(f"{API}/transfers/{seeded['award'].pk}/reverse/", {"reason": "Duplicate"})

    assert answer.status_code == 409
    assert balance(Account.Kind.WALLET, demo["ada"]) == 30


def test_pages_of_the_ledger_follow_each_other_by_id(demo):
    ada = demo["ada"]
    made = [ledger.award(person=ada, points=1, key=f"award:n:{n}")[0].pk for n in range(55)]
    client = client_for(demo, "grace")

    first = client.get(f"{API}/people/{ada.pk}/ledger/").json()
    ledger.award(person=ada, points=1, key="award:late")  # arrives between pages
    second = client.get(f"{API}/people/{ada.pk}/ledger/?before={first['older']}").json()

    listed = [t["id"] for t in first["transfers"]] + [t["id"] for t in second["transfers"]]
    assert listed == sorted(made, reverse=True)
    assert second["older"] is None
    assert client.get(f"{API}/people/{ada.pk}/ledger/?before=x").status_code == 400


def _adjust(client, person: User, data: dict, key: str | None = "retry-1"):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"{API}/people/{person.pk}/adjustments/",
        data,
        content_type="application/json",
        headers=headers,
    )


def test_a_retried_adjustment_adjusts_once(demo, seeded):
    grace, ada = client_for(demo, "grace"), demo["ada"]
    body = {"points": -20, "reason": "Duplicate award"}

    first, retried = _adjust(grace, ada, body), _adjust(grace, ada, body)

    assert (first.status_code, retried.status_code) == (201, 201)
    assert first.json()["id"] == retried.json()["id"]
    assert first.json()["wallet_amount"] == -20
    assert balance(Account.Kind.WALLET, ada) == 30
    assert Transfer.objects.filter(kind=Transfer.Kind.ADJUSTMENT).count() == 1


def test_the_client_key_may_come_in_the_body(demo, seeded):
    grace, ada = client_for(demo, "grace"), demo["ada"]
    body = {"points": 5, "reason": "Talk", "key": "body-key"}

    assert _adjust(grace, ada, body, key=None).status_code == 201
    assert _adjust(grace, ada, body, key=None).status_code == 201
    assert balance(Account.Kind.WALLET, ada) == 55


def test_a_key_reused_for_another_adjustment_is_a_conflict(demo, seeded):
    grace, ada = client_for(demo, "grace"), demo["ada"]
    _adjust(grace, ada, {"points": 5, "reason": "Talk"})

    again = _adjust(grace, ada, {"points": 7, "reason": "Talk"})

    assert again.status_code == 409
    assert balance(Account.Kind.WALLET, ada) == 55


def test_adjustments_refuse_bad_input_field_by_field(demo, seeded):
    grace, ada = client_for(demo, "grace"), demo["ada"]

    no_key = _adjust(grace, ada, {"points": 5, "reason": "Talk"}, key=None)
    blank = _adjust(grace, ada, {"points": 0, "reason": "   "}, key="k-blank")
    words = _adjust(grace, ada, {"points": "many", "reason": "x"}, key="k-words")
    too_much = _adjust(grace, ada, {"points": -51, "reason": "Oops"}, key="k-much")

    assert (no_key.status_code, set(no_key.json()["fields"])) == (400, {"key"})
    assert blank.status_code == 400 and "reason" in blank.json()["fields"]
    assert (words.status_code, set(words.json()["fields"])) == (400, {"points"})
    assert too_much.status_code == 409
    assert "Not enough points" in too_much.json()["detail"]
    assert balance(Account.Kind.WALLET, ada) == 50


def test_a_transfer_is_reversed_once_and_a_reversal_never(demo, seeded):
    grace = client_for(demo, "grace")
    award = seeded["award"].pk

    first = grace.post(f"{API}/transfers/{award}/reverse/", {"reason": "Duplicate"})
    second = grace.post(f"{API}/transfers/{award}/reverse/", {"reason": "Duplicate"})
    of_reversal = grace.post(f"{API}/transfers/{first.json()['id']}/reverse/", {"reason": "Undo"})
    no_reason = grace.post(f"{API}/transfers/{award}/reverse/", {})
    missing = grace.post(f"{API}/transfers/999999999/reverse/", {"reason": "x"})

    assert first.status_code == 201
    assert first.json()["wallet_amount"] == -50
    assert (second.status_code, of_reversal.status_code) == (409, 409)
    assert no_reason.status_code in {400, 409}
    assert missing.status_code == 404
    assert balance(Account.Kind.WALLET, demo["ada"]) == 0


# --- Reports --------------------------------------------------------------------------


@pytest.fixture
def hand_built(demo) -> dict:
    """Ada and Linus in Engineering, Grace in People, Margaret in Finance (no points
    at all); awards, adjustments both ways, two redemptions settled, and the reversal
    of an award."""
    departments = {"ada": "Engineering", "linus": "Engineering", "grace": "People"}
    for username, department in departments.items():
        User.objects.filter(username=username).update(department=department)
    User.objects.filter(username="margaret").update(department="Finance")
    ada, linus, grace = demo["ada"], demo["linus"], demo["grace"]

    ledger.award(person=ada, points=100, key="r:ada:1")
    wrong, _ = ledger.award(person=ada, points=30, key="r:ada:2")
    ledger.award(person=linus, points=40, key="r:linus:1")
    ledger.award(person=grace, points=10, key="r:grace:1")
    ledger.adjust(actor=grace, person=linus, points=15, reason="Talk", key="a:1")
    ledger.adjust(actor=grace, person=ada, points=-5, reason="Typo", key="a:2")
    ledger.reverse(actor=grace, transfer_to_undo=wrong, reason="Duplicate")

    item = make_item(grace, cost=20)
    kept = redemption_approve(actor=grace, redemption=redemption_request(actor=ada, item=item))
    redemption_approve(actor=grace, redemption=redemption_request(actor=ada, item=item))
    ledger.hold(person=linus, points=25, key="hold:linus")  # waiting: owed, not redeemed
    return {"kept": kept}


def test_the_report_adds_up_issued_redeemed_and_owed_per_department(demo, hand_built):
    figures = report(period_of("week", timezone.localdate()))

    by_department = {
        line.department: (line.issued, line.redeemed, line.outstanding)
        for line in figures.departments
    }
    # Ada: 100 + 30 - 5 - 30 = 95 issued; 20 + 20 = 40 redeemed; 95 - 40 = 55 owed.
    # Linus: 40 + 15 = 55 issued, nothing redeemed, 55 owed (25 of it held).
    assert by_department["Engineering"] == (150, 40, 110)
    assert by_department["People"] == (10, 0, 10)
    assert by_department["Finance"] == (0, 0, 0)
    assert (figures.issued, figures.redeemed, figures.outstanding) == (160, 40, 120)
    owed = balance(Account.Kind.WALLET, demo["ada"]) + balance(Account.Kind.HOLD, demo["ada"])
    assert owed == 55
    # What was issued, less what was redeemed, is what is owed (nothing before).
    assert -ledger.system_balance(Account.Kind.ISSUANCE) == 160
    assert ledger.system_balance(Account.Kind.REDEEMED) == 40


def test_a_period_counts_only_its_transfers_but_owes_everything(demo, hand_built):
    last_year = report(
        period_of("year", timezone.localdate().replace(year=timezone.localdate().year - 1))
    )
    cut = Transfer.objects.get(key="r:grace:1").created_at
    first = Transfer.objects.order_by("pk").first().created_at
    until_grace = report(Period("custom", first, cut))  # Ada's and Linus's awards only

    assert (last_year.issued, last_year.redeemed, last_year.outstanding) == (0, 0, 120)
    assert until_grace.issued == 170
    assert until_grace.redeemed == 0


def test_periods_start_on_monday_the_first_of_a_quarter_and_of_a_year():
    wednesday = date(2026, 11, 25)

    bounds = {
        name: (period_of(name, wednesday).start.date(), period_of(name, wednesday).last_day)
        for name in ("week", "month", "quarter", "year")
    }

    assert bounds == {
        "week": (date(2026, 11, 23), date(2026, 11, 29)),
        "month": (date(2026, 11, 1), date(2026, 11, 30)),
        "quarter": (date(2026, 10, 1), date(2026, 12, 31)),
        "year": (date(2026, 1, 1), date(2026, 12, 31)),
    }
    assert period_of("month", date(2026, 12, 31)).last_day == date(2026, 12, 31)
    assert period_of("week", date(2026, 11, 23)).end - period_of(
        "week", date(2026, 11, 23)
    ).start == timedelta(days=7)


def test_the_report_api_answers_the_figures_and_refuses_bad_periods(demo, hand_built):
    grace = client_for(demo, "grace")
    today = timezone.localdate().isoformat()

    answer = grace.get(f"{API}/reports/?period=quarter&date={today}").json()
    bad = grace.get(f"{API}/reports/?period=fortnight&date=yesterday")
    far = grace.get(f"{API}/reports/?period=year&date=9999-06-01")

    assert (answer["issued"], answer["redeemed"], answer["outstanding"]) == (160, 40, 120)
    assert {"department": "Finance", "issued": 0, "redeemed": 0, "outstanding": 0} in answer[
        "departments"
    ]
    assert (bad.status_code, set(bad.json()["fields"])) == (400, {"period", "date"})
    assert (far.status_code, set(far.json()["fields"])) == (400, {"date"})


def test_an_automatic_award_names_its_rule_and_version(demo):
    ada, grace = demo["ada"], demo["grace"]
    rules.rule_create(actor=grace, name="Share our news", earning="post_created", points=10)
    post = post_create(actor=ada, community=community("engineering"), body="In the news")
    with transaction.atomic():
        award_for_activity(Activity.objects.get(verb="post.created", object_id=str(post.pk)))

    mine = client_for(demo, "ada").get(f"{API}/me/ledger/").json()

    line = mine["transfers"][0]
    assert (line["kind"], line["rule"], line["rule_version"]) == ("award", "Share our news", 1)
    assert line["actor"] is None


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_ledger_costs_the_same_queries_however_long_it_is(demo, seeded):
    grace, ada = client_for(demo, "grace"), demo["ada"]
    path = f"{API}/people/{ada.pk}/ledger/"
    before = _queries(grace, path)

    for n in range(5):
        made = ledger.adjust(actor=demo["grace"], person=ada, points=2, reason="x", key=f"q{n}")
        ledger.reverse(actor=demo["grace"], transfer_to_undo=made, reason="undo")

    assert _queries(grace, path) == before
