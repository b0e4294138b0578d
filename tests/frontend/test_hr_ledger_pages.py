"""The HR console's people, ledger, reports and audit pages: only HR admins reach
them; forms show refusals next to the field and keep what was typed; CSV downloads
hold the figures and never a formula."""

import csv
import io

import pytest
from django.urls import reverse

from network.models import User
from rewards.integrity import ledger_problems
from rewards.models import Account, Transfer
from rewards.services import ledger
from tests.fixtures.personas import EVERYONE, client_for
from tests.rewards.redeeming import balance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ledger_adds_up():
    yield
    assert ledger_problems() == []


@pytest.fixture
def seeded(demo) -> dict:
    made, _ = ledger.award(person=demo["ada"], points=50, key="award:seed:ada")
    return {"award": made}


def _pages(demo, seeded) -> dict[str, tuple[str, str]]:
    ada = demo["ada"].pk
    return {
        "people": ("get", reverse("hr-people") + "?q=ada"),
        "ledger": ("get", reverse("hr-person-ledger", args=[ada])),
        "ledger csv": ("get", reverse("hr-person-ledger-csv", args=[ada])),
        "adjust": ("post", reverse("hr-person-ledger", args=[ada])),
        "reverse": ("post", reverse("hr-transfer-reverse", args=[ada, seeded["award"].pk])),
        "reports": ("get", reverse("hr-reports")),
        "report csv": ("get", reverse("hr-report-csv")),
        "transfers csv": ("get", reverse("hr-transfers-csv")),
        "audit": ("get", reverse("hr-audit")),
    }


ALLOWED = {
    "people": 200,
    "ledger": 200,
    "ledger csv": 200,
    "adjust": 302,
    "reverse": 302,
    "reports": 200,
    "report csv": 200,
    "transfers csv": 200,
    "audit": 200,
}


@pytest.mark.parametrize("who", EVERYONE)
def test_only_hr_admins_open_the_ledger_pages(demo, seeded, who):
    client = client_for(demo, who)
    form = {"points": "5", "reason": "Talk", "key": "k1"}

    answers = {
        name: getattr(client, method)(path, form if method == "post" else None).status_code
        for name, (method, path) in _pages(demo, seeded).items()
    }

    expected = (
        ALLOWED if who == "grace" else dict.fromkeys(ALLOWED, 302 if who == "anonymous" else 403)
    )
    assert answers == expected
    assert balance(Account.Kind.WALLET, demo["ada"]) == (5 if who == "grace" else 50)


def test_people_are_found_by_name_or_email(demo):
    grace = client_for(demo, "grace")
    ada = demo["ada"]

    by_email = grace.get(reverse("hr-people"), {"q": ada.email.upper()}).content.decode()
    nobody = grace.get(reverse("hr-people"), {"q": "zz-nobody"}).content.decode()

    assert f'data-person="{ada.pk}"' in by_email
    assert f'data-person="{demo["linus"].pk}"' not in by_email
    assert "Nobody found" in nobody


def test_the_ledger_page_shows_balances_and_transfers(demo, seeded):
    grace = client_for(demo, "grace")
    ledger.hold(person=demo["ada"], points=15, key="hold:ada")

    page = grace.get(reverse("hr-person-ledger", args=[demo["ada"].pk])).content.decode()

    assert '<span data-balance="wallet">35</span>' in page
    assert '<span data-balance="hold">15</span>' in page
    assert f'id="transfer-{seeded["award"].pk}"' in page
    empty = grace.get(reverse("hr-person-ledger", args=[demo["otto"].pk])).content.decode()
    assert '<span data-balance="wallet">0</span>' in empty
    assert "No transfers yet" in empty
    assert grace.get(reverse("hr-person-ledger", args=[999999999])).status_code == 404


def _adjust_form(client, person: User, **fields):
    return client.post(
        reverse("hr-person-ledger", args=[person.pk]),
        {"points": "-80", "reason": "Duplicate award", "key": "form-1", **fields},
    )


def test_an_adjustment_below_zero_is_refused_next_to_the_points(demo, seeded):
    grace = client_for(demo, "grace")

    answer = _adjust_form(grace, demo["ada"])

    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="id_points_error">Not enough points' in page
    assert 'value="-80"' in page
    assert "Duplicate award</textarea>" in page
    assert balance(Account.Kind.WALLET, demo["ada"]) == 50


def test_an_adjustment_without_a_reason_keeps_the_points(demo, seeded):
    answer = _adjust_form(client_for(demo, "grace"), demo["ada"], points="7", reason="  ")

    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="id_reason_error"' in page
    assert 'value="7"' in page


def test_a_form_sent_twice_adjusts_once(demo, seeded):
    grace = client_for(demo, "grace")

    _adjust_form(grace, demo["ada"], points="-20")
    _adjust_form(grace, demo["ada"], points="-20")

    assert balance(Account.Kind.WALLET, demo["ada"]) == 30
    assert Transfer.objects.filter(kind=Transfer.Kind.ADJUSTMENT).count() == 1


def test_a_reversal_twice_shows_the_refusal_on_its_row(demo, seeded):
    grace = client_for(demo, "grace")
    path = reverse("hr-transfer-reverse", args=[demo["ada"].pk, seeded["award"].pk])

    first = grace.post(path, {"reason": "Duplicate"})
    second = grace.post(path, {"reason": "Again please"})
    no_reason = client_for(demo, "grace").post(
        reverse("hr-transfer-reverse", args=[demo["ada"].pk, seeded["award"].pk]), {}
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assert "was reversed already" in second.content.decode()
    assert no_reason.status_code == 400
    assert Transfer.objects.filter(kind=Transfer.Kind.REVERSAL).count() == 1


def test_a_reversal_without_a_reason_keeps_the_row_open(demo, seeded):
    ledger.award(person=demo["ada"], points=5, key="award:other")
    other = Transfer.objects.get(key="award:other")
    grace = client_for(demo, "grace")

    answer = grace.post(
        reverse("hr-transfer-reverse", args=[demo["ada"].pk, other.pk]), {"reason": "   "}
    )

    page = answer.content.decode()
    assert answer.status_code == 400
    assert f'id="reverse-reason-{other.pk}_error"' in page
    assert f'data-refused="{other.pk}"' in page


def test_a_transfer_of_someone_else_is_not_reversed_from_this_ledger(demo, seeded):
    grace = client_for(demo, "grace")

    answer = grace.post(
        reverse("hr-transfer-reverse", args=[demo["linus"].pk, seeded["award"].pk]),
        {"reason": "Wrong page"},
    )

    assert answer.status_code == 404


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_ledger_csv_escapes_formulas(demo, seeded):
    grace = demo["grace"]
    for n, reason in enumerate(['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain"]):
        ledger.adjust(actor=grace, person=demo["ada"], points=1, reason=reason, key=f"csv:{n}")

    rows = _csv(
        client_for(demo, "grace").get(reverse("hr-person-ledger-csv", args=[demo["ada"].pk]))
    )

    header, lines = rows[0], rows[1:]
    assert header[:6] == ["transfer", "date", "kind", "wallet", "hold", "reason"]
    reasons = [line[5] for line in lines]
    assert reasons == ["plain", "'@SUM(A1)", "'-2", "'+1", '\'=HYPERLINK("http://x")', ""]
    assert [line[3] for line in lines] == ["1", "1", "1", "1", "1", "50"]
    assert {line[8] for line in lines[:5]} == {"grace"}


def test_the_report_page_and_csv_agree(demo, seeded):
    User.objects.filter(username="ada").update(department="=cmd|' /C calc'!A0")
    ledger.award(person=demo["linus"], points=7, key="award:linus")
    grace = client_for(demo, "grace")

    page = grace.get(reverse("hr-reports"), {"period": "month"}).content.decode()
    rows = _csv(grace.get(reverse("hr-report-csv"), {"period": "month"}))
    transfers = _csv(grace.get(reverse("hr-transfers-csv"), {"period": "month"}))

    assert '<td data-total="issued">57</td>' in page
    by_department = {row[2]: row[3:] for row in rows[1:]}
    assert by_department["'=cmd|' /C calc'!A0"] == ["50", "0", "50"]
    assert by_department["All"] == ["57", "0", "57"]
    assert len(transfers) == 1 + 4  # two awards, two entries each
    # Amounts are numbers, not text: a negative one is no formula.
    assert sorted(int(row[5]) for row in transfers[1:]) == [-50, -7, 7, 50]


def test_a_bad_period_is_shown_next_to_its_field(demo):
    answer = client_for(demo, "grace").get(
        reverse("hr-reports"), {"period": "fortnight", "date": "soon"}
    )

    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="report-period_error"' in page
    assert 'id="report-date_error"' in page
    assert 'value="soon"' in page


def test_the_audit_trail_filters_by_person_and_reads_as_sentences(demo, seeded):
    grace = demo["grace"]
    ledger.adjust(actor=grace, person=demo["ada"], points=-20, reason="duplicate award", key="x")
    ledger.award(person=demo["linus"], points=3, key="award:linus")
    client = client_for(demo, "grace")

    about_ada = client.get(reverse("hr-audit"), {"person": demo["ada"].pk}).content.decode()
    about_linus = client.get(reverse("hr-audit"), {"person": "linus"}).content.decode()

    ada = demo["ada"].name
    line = f"{grace.name} adjusted {ada}&#x27;s points by \u221220 points: duplicate award"
    assert line in about_ada
    assert "The system awarded" in about_ada
    assert line not in about_linus
    assert f"{demo['linus'].name}&#x27;s wallet 3 points" in about_linus


def test_the_audit_trail_pages_by_id(demo):
    for n in range(55):
        ledger.award(person=demo["ada"], points=1, key=f"award:{n}")
    client = client_for(demo, "grace")

    first = client.get(reverse("hr-audit"), {"verb": "points.award"})
    older = first.context["older"]
    second = client.get(reverse("hr-audit"), {"verb": "points.award", "before": older})

    ids = [e.pk for e in first.context["entries"]] + [e.pk for e in second.context["entries"]]
    assert len(ids) == 55 == len(set(ids))
    assert ids == sorted(ids, reverse=True)
    assert second.context["older"] is None


def test_an_unknown_person_in_the_audit_filter_shows_nothing(demo, seeded):
    answer = client_for(demo, "grace").get(reverse("hr-audit"), {"person": "999999999"})

    page = answer.content.decode()
    assert answer.status_code == 400
    assert 'id="audit-person_error">No such person.' in page
    assert 'value="999999999"' in page
    assert answer.context["entries"] == []


def test_what_people_typed_is_shown_as_text(demo, seeded):
    ledger.adjust(
        actor=demo["grace"], person=demo["ada"], points=1, reason="<b>bold</b>", key="html"
    )
    grace = client_for(demo, "grace")

    page = grace.get(reverse("hr-person-ledger", args=[demo["ada"].pk])).content.decode()
    audit = grace.get(reverse("hr-audit"), {"person": demo["ada"].email}).content.decode()

    assert "<b>bold</b>" not in page + audit
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in audit
