"""Exports for CRM, HR and BI: a community's members, a board's ideas, the ledger's
entries, as CSV or JSON, on real PostgreSQL.

Who may export what is written out by hand below, never computed with the access
modules, so that a change that widens access fails here. Then: the columns and
content of each format, the cells a spreadsheet would run as formulas, a fixed
number of queries however many rows, and rows streamed under ASGI as well.
"""

import asyncio
import csv
import io
import json
import warnings
from datetime import UTC, datetime, timedelta

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.utils import timezone

from ideas.api.exports import IdeaRecordSerializer
from ideas.exports import IDEA_COLUMNS
from ideas.models import Idea, Stage
from ideas.services import merges, review, stages
from ideas.services.ideas import idea_submit
from ideas.services.votes import vote_cast
from network.api.exports import MemberRecordSerializer
from network.exports import MEMBER_COLUMNS
from network.models import Membership, User
from network.services.memberships import membership_add
from rewards import csv_export
from rewards.api.exports import EntryRecordSerializer
from rewards.services import ledger
from tests.fixtures.ideas import demo_idea
from tests.fixtures.personas import EVERYONE, client_for, community, council, signed_in
from tests.fixtures.standing import SLUGS, STANDING

pytestmark = pytest.mark.django_db

# Not signed in: DRF's 403 with sessions alone, a 401 once a token scheme answers
# "Bearer" (issue 8). Either way, nothing.
ANONYMOUS = {401, 403}


def members_url(slug: str) -> str:
    return f"/api/v1/communities/{community(slug).pk}/members/export/"


def ideas_url(board) -> str:
    return f"/api/v1/boards/{board.pk}/ideas/export/"


LEDGER_URL = "/api/v1/rewards/ledger/export/"


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def as_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body(response))))


def as_json(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def records_by(rows: list[list[str]], key: str) -> dict[str, dict[str, str]]:
    header, *lines = rows
    return {line[header.index(key)]: dict(zip(header, line, strict=True)) for line in lines}


def answers(status: int, expected: int | set[int]) -> bool:
    return status in expected if isinstance(expected, set) else status == expected


# --- Members: who may export ------------------------------------------------------------

MEMBERS_EXPORT = {"hidden": 404, "seen": 403, "member": 403, "owner": 200, "admin": 200}


@pytest.mark.parametrize("who", EVERYONE)
def test_members_are_exported_by_owners_moderators_and_platform_admins_only(demo, who):
    client = client_for(demo, who)

    got = {slug: client.get(members_url(slug)).status_code for slug in SLUGS}

    if who == "anonymous":
        assert all(status in ANONYMOUS for status in got.values()), got
        return
    expected = {
        slug: MEMBERS_EXPORT[standing] for slug, standing in zip(SLUGS, STANDING[who], strict=True)
    }
    assert got == expected


def test_a_moderator_exports_and_a_customer_never_gets_an_internal_community(demo):
    Membership.objects.filter(community=council(), user=demo["ada"]).update(
        role=Membership.Role.MODERATOR
    )
    carla = signed_in(demo["carla"])

    assert signed_in(demo["ada"]).get(members_url("customer-council")).status_code == 200
    for slug in ("engineering", "product-council"):
        for format_ in ("csv", "json"):
            response = carla.get(members_url(slug), {"format": format_})
            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"
            assert response.json()["type"] == "not_found"


# --- Members: what the files hold -------------------------------------------------------


def test_the_members_csv_and_json_hold_the_same_rows(demo):
    linus = signed_in(demo["linus"])
    url = members_url("customer-council")

    rows = as_csv(linus.get(url, {"format": "csv"}))
    records = as_json(linus.get(url, {"format": "json"}))

    assert rows[0] == MEMBER_COLUMNS
    assert list(MemberRecordSerializer().fields) == MEMBER_COLUMNS
    assert [list(record) for record in records] == [MEMBER_COLUMNS] * 3
    by_username = records_by(rows, "username")
    assert set(by_username) == {"linus", "ada", "carla"}
    carla = by_username["carla"]
    assert carla["name"] == "Carla Customer"
    assert (carla["affiliation"], carla["organisation"], carla["role"]) == (
        "customer",
        "Contoso",
        "member",
    )
    assert by_username["linus"]["role"] == "owner"
    assert carla["joined_at"] == (
        Membership.objects.get(community=council(), user=demo["carla"])
        .joined_at.astimezone(UTC)
        .isoformat()
    )
    json_carla = next(r for r in records if r["username"] == "carla")
    assert {k: "" if v is None else str(v) for k, v in json_carla.items()} == carla


def test_emails_show_only_where_the_caller_may_see_them(demo):
    url = members_url("engineering")
    # An HR admin who moderates the community: HR sees everyone's email anyway.
    Membership.objects.filter(community=community("engineering"), user=demo["grace"]).update(
        role=Membership.Role.MODERATOR
    )

    def emails(who: str) -> dict[str, str | None]:
        records = as_json(signed_in(demo[who]).get(url, {"format": "json"}))
        return {record["username"]: record["email"] for record in records}

    # Linus owns it: his own address, nobody else's.
    assert emails("linus") == {"linus": "linus@bridge.example", "ada": None, "grace": None}
    assert emails("grace") == {
        "linus": "linus@bridge.example",
        "ada": "ada@bridge.example",
        "grace": "grace@bridge.example",
    }
    assert emails("margaret") == emails("grace")
    csv_emails = records_by(as_csv(signed_in(demo["linus"]).get(url, {"format": "csv"})), "id")
    assert sorted(row["email"] for row in csv_emails.values()) == ["", "", "linus@bridge.example"]


def test_the_format_comes_from_the_query_or_the_accept_header(demo):
    linus = signed_in(demo["linus"])
    url = members_url("customer-council")
    today = timezone.localdate().isoformat()

    by_default = linus.get(url)
    by_accept = linus.get(url, headers={"Accept": "text/csv"})
    by_query = linus.get(url, {"format": "csv"}, headers={"Accept": "application/json"})
    unknown = linus.get(url, {"format": "xml"})

    assert by_default["Content-Type"] == "application/json"
    assert by_default["Content-Disposition"] == (
        f'attachment; filename="members-customer-council-{today}.json"'
    )
    assert as_csv(by_accept)[0] == MEMBER_COLUMNS
    assert by_query["Content-Disposition"] == (
        f'attachment; filename="members-customer-council-{today}.csv"'
    )
    assert "no-store" in by_query["Cache-Control"]
    assert unknown.status_code == 400
    assert list(unknown.json()["fields"]) == ["format"]


# --- Ideas: who may export --------------------------------------------------------------

# The customer board is in the Customer Council (private: its members read it); the
# internal one in Engineering (open: every employee reads it).
IDEAS_EXPORT = {
    "customer": {"ada": 200, "linus": 200, "carla": 200, "margaret": 200, "grace": 404},
    "internal": {"ada": 200, "linus": 200, "grace": 200, "margaret": 200, "carla": 404},
}


@pytest.mark.parametrize("who", EVERYONE)
def test_ideas_are_exported_by_whoever_reads_the_board(demo, demo_boards, who):
    client = client_for(demo, who)

    for name, board in demo_boards.items():
        status = client.get(ideas_url(board), {"format": "csv"}).status_code
        expected = ANONYMOUS if who == "anonymous" else IDEAS_EXPORT[name].get(who, 404)
        assert answers(status, expected), (name, who, status)


def test_a_customer_never_gets_an_internal_boards_ideas(demo, demo_boards):
    carla = signed_in(demo["carla"])

    for format_ in ("csv", "json"):
        response = carla.get(ideas_url(demo_boards["internal"]), {"format": format_})
        assert response.status_code == 404
        assert "Run the slow tests" not in response.content.decode()


# --- Ideas: what the files hold ---------------------------------------------------------


def test_the_ideas_export_holds_votes_stages_and_their_history(demo, demo_boards):
    board = demo_boards["customer"]
    sso = demo_idea("Single sign-on with Okta")
    stage = {s.name: s for s in Stage.objects.filter(board=board)}
    stages.stage_move(actor=demo["linus"], idea=sso, stage=stage["Under review"], note="Looking")
    # A platform admin moves it on: Carla may not see her, so she is not named to her.
    stages.stage_move(actor=demo["margaret"], idea=sso, stage=stage["Accepted"])

    rows = as_csv(signed_in(demo["carla"]).get(ideas_url(board), {"format": "csv"}))
    records = as_json(signed_in(demo["carla"]).get(ideas_url(board), {"format": "json"}))

    assert rows[0] == IDEA_COLUMNS
    assert set(IdeaRecordSerializer().fields) == {*IDEA_COLUMNS, "scores"}
    assert [record["title"] for record in records] == [
        "Single sign-on with Okta",
        "Data residency in the EU",
        "Export reports to Excel",
    ]
    first = records[0]
    assert set(first) == set(IDEA_COLUMNS)  # no scores: Carla does not review
    assert (first["status"], first["stage"], first["up_votes"], first["down_votes"]) == (
        "open",
        "Accepted",
        2,
        0,
    )
    assert first["author"] == "Carla Customer"
    assert first["tags"] == ["security", "sso"]
    moves = first["stage_history"]
    assert [(m["from"], m["to"], m["note"], m["moved_by"]) for m in moves] == [
        ("Submitted", "Under review", "Looking", "Linus Torvalds"),
        ("Under review", "Accepted", "", None),
    ]
    assert first["updated_at"] == first["stage_changed_at"] == moves[-1]["at"]
    line = records_by(rows, "title")["Single sign-on with Okta"]
    assert (line["stage"], line["up_votes"], line["tags"]) == ("Accepted", "2", "security sso")
    assert line["stage_history"] == (
        f"{moves[0]['at']} Submitted -> Under review | {moves[1]['at']} Under review -> Accepted"
    )
    assert records_by(rows, "title")["Export reports to Excel"]["stage_history"] == ""


def test_hidden_counts_stay_hidden_and_merged_ideas_say_where_they_went(demo, demo_boards):
    board = demo_boards["internal"]  # counts hidden until one has voted
    slow = demo_idea("Run the slow tests at night")  # Linus and Ada voted; Grace wrote it
    duplicate = idea_submit(actor=demo["ada"], board=board, title="Nightly tests", body="Same.")
    merges.merge(actor=demo["linus"], source=duplicate, target=slow)

    def counts(who: str) -> dict[str, tuple]:
        records = as_json(signed_in(demo[who]).get(ideas_url(board)))
        return {r["title"]: (r["status"], r["merged_into"], r["up_votes"]) for r in records}

    assert counts("grace") == {
        "Run the slow tests at night": ("open", None, None),
        "Nightly tests": ("merged", slow.pk, None),
    }
    assert counts("ada")["Run the slow tests at night"] == ("open", None, 2)
    assert counts("linus") == {  # the board's moderator
        "Run the slow tests at night": ("open", None, 2),
        "Nightly tests": ("merged", slow.pk, 0),
    }


def test_scores_are_exported_to_the_boards_reviewers_only(demo, demo_boards):
    board = demo_boards["customer"]
    linus, ada = demo["linus"], demo["ada"]
    criteria = review.criteria_set(
        actor=linus, board=board, criteria=[{"name": "Impact"}, {"name": "=Effort"}]
    )
    review.board_role_grant(actor=linus, board=board, user=ada, role="reviewer")
    sso = demo_idea("Single sign-on with Okta")
    review.score_set(actor=ada, idea=sso, criterion=criteria[0], value=4)
    review.score_set(actor=linus, idea=sso, criterion=criteria[0], value=5)

    for who in ("ada", "linus"):
        rows = as_csv(signed_in(demo[who]).get(ideas_url(board), {"format": "csv"}))
        records = as_json(signed_in(demo[who]).get(ideas_url(board), {"format": "json"}))
        # A criterion's name is a header cell: made safe like any other.
        assert rows[0] == [*IDEA_COLUMNS, "score: Impact", "score: =Effort"]
        line = records_by(rows, "title")["Single sign-on with Okta"]
        assert (line["score: Impact"], line["score: =Effort"]) == ("4.5", "")
        assert records[0]["scores"] == {"Impact": 4.5, "=Effort": None}
    for who in ("carla", "margaret"):
        rows = as_csv(signed_in(demo[who]).get(ideas_url(board), {"format": "csv"}))
        records = as_json(signed_in(demo[who]).get(ideas_url(board)))
        if who == "carla":
            assert rows[0] == IDEA_COLUMNS
            assert all("scores" not in record for record in records)
        else:  # platform admins moderate every board
            assert records[0]["scores"] == {"Impact": 4.5, "=Effort": None}


# --- The ledger -------------------------------------------------------------------------


@pytest.fixture
def points(demo) -> dict[str, int]:
    """Ada, Carla and Linus each awarded once; Grace takes 5 back from Ada."""
    for name, amount in (("ada", 50), ("carla", 30), ("linus", 20)):
        ledger.award(person=demo[name], points=amount, key=f"export:{name}")
    made = ledger.adjust(actor=demo["grace"], person=demo["ada"], points=-5, reason="Typo", key="x")
    return {"adjustment": made.pk}


@pytest.mark.parametrize("who", EVERYONE)
def test_hr_exports_every_entry_and_everyone_else_their_own(demo, points, who):
    response = client_for(demo, who).get(LEDGER_URL, {"format": "csv"})

    if who == "anonymous":
        assert response.status_code in ANONYMOUS
        return
    rows = as_csv(response)
    assert rows[0] == csv_export.ENTRIES_HEADER
    people = {line[4] for line in rows[1:]}
    if who == "grace":
        # Both sides of every transfer: the wallets and the system's issuance shards.
        assert people == {"ada", "carla", "linus", ""}
        assert len(rows) - 1 == 8
    else:
        assert people <= {who}
        expected = {"ada": [50, -5], "carla": [30], "linus": [20]}.get(who, [])
        assert [int(line[5]) for line in rows[1:]] == expected


def test_the_ledger_json_has_the_csv_columns_and_iso_times(demo, points):
    rows = as_json(signed_in(demo["ada"]).get(LEDGER_URL))

    assert list(EntryRecordSerializer().fields) == csv_export.ENTRIES_HEADER
    assert [list(row) for row in rows] == [csv_export.ENTRIES_HEADER] * 2
    award, adjustment = rows
    assert (award["kind"], award["amount"], award["actor"]) == ("award", 50, "")
    assert (adjustment["transfer"], adjustment["reason"], adjustment["actor"]) == (
        points["adjustment"],
        "Typo",
        "grace",
    )
    assert adjustment["account"] == f"wallet:{demo['ada'].pk}"
    assert datetime.fromisoformat(adjustment["date"]).utcoffset() == timedelta(0)


def test_the_ledger_export_is_limited_by_from_and_to(demo, points):
    grace = signed_in(demo["grace"])
    first = timezone.now()
    later = ledger.award(person=demo["ada"], points=7, key="export:later")[0]
    today = timezone.localdate()

    def transfers(**params: str) -> set[int]:
        return {row["transfer"] for row in as_json(grace.get(LEDGER_URL, params))}

    everything = transfers()
    assert transfers(**{"from": first.isoformat()}) == {later.pk}
    assert transfers(to=first.isoformat()) == everything - {later.pk}
    assert transfers(**{"from": today.isoformat(), "to": today.isoformat()}) == everything
    assert transfers(to=(today - timedelta(days=1)).isoformat()) == set()
    assert transfers(**{"from": (today + timedelta(days=1)).isoformat()}) == set()

    bad = grace.get(LEDGER_URL, {"from": "soon", "to": "9999-12-31"})
    backwards = grace.get(LEDGER_URL, {"from": today.isoformat(), "to": "2020-01-01"})
    assert (bad.status_code, set(bad.json()["fields"])) == (400, {"from", "to"})
    assert (backwards.status_code, set(backwards.json()["fields"])) == (400, {"to"})


# --- Spreadsheets never run a cell ------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)"]


def test_cells_a_spreadsheet_would_run_are_neutralised_in_every_csv(demo, demo_boards):
    carla, grace = demo["carla"], demo["grace"]
    User.objects.filter(pk=carla.pk).update(display_name=FORMULAS[0], organisation=FORMULAS[1])
    board = demo_boards["customer"]
    for title in FORMULAS:
        idea_submit(actor=carla, board=board, title=title, body="x", tags=[])
    for n, reason in enumerate(FORMULAS):
        ledger.adjust(actor=grace, person=carla, points=1, reason=reason, key=f"formula:{n}")

    members = as_csv(
        signed_in(demo["linus"]).get(members_url("customer-council"), {"format": "csv"})
    )
    ideas = as_csv(signed_in(carla).get(ideas_url(board), {"format": "csv"}))
    entries = as_csv(signed_in(carla).get(LEDGER_URL, {"format": "csv"}))
    ideas_json = as_json(signed_in(carla).get(ideas_url(board), {"format": "json"}))

    carla_row = records_by(members, "username")["carla"]
    assert (carla_row["name"], carla_row["organisation"]) == ("'" + FORMULAS[0], "'+1+1")
    titles = [line[IDEA_COLUMNS.index("title")] for line in ideas[1:]][-4:]
    authors = {line[IDEA_COLUMNS.index("author")] for line in ideas[1:]}
    reasons = [line[csv_export.ENTRIES_HEADER.index("reason")] for line in entries[1:]]
    assert titles == reasons == ["'" + text for text in FORMULAS]
    assert "'" + FORMULAS[0] in authors
    # Numbers stay numbers, negative ones too; JSON carries the text as it is.
    assert all(line[csv_export.ENTRIES_HEADER.index("amount")] == "1" for line in entries[1:])
    assert [record["title"] for record in ideas_json][-4:] == FORMULAS


# --- Cost: the same queries however many rows --------------------------------------------


def _crowd(demo, size: int) -> None:
    """`size` more members of the Customer Council, each with an idea on its board
    (tagged, voted on, moved a stage) and points."""
    linus = demo["linus"]
    board = Idea.objects.get(title="Single sign-on with Okta").board
    review_stage = Stage.objects.get(board=board, name="Under review")
    for n in range(size):
        person = User.objects.create(
            username=f"crowd{n}",
            first_name="Crowd",
            last_name=f"{n}",
            affiliation="customer",
            organisation="Contoso",
        )
        membership_add(actor=linus, community=council(), user=person)
        idea = idea_submit(actor=person, board=board, title=f"Idea {n}", body="x", tags=[f"t{n}"])
        vote_cast(actor=person, idea=idea)
        stages.stage_move(actor=linus, idea=idea, stage=review_stage)
        ledger.award(person=person, points=n + 1, key=f"crowd:{n}")


@pytest.mark.parametrize("size", [1, 30])
def test_each_export_costs_the_same_queries_however_many_rows(
    demo, demo_boards, django_assert_max_num_queries, size
):
    _crowd(demo, size)
    linus, grace = signed_in(demo["linus"]), signed_in(demo["grace"])
    members_at, ideas_at = members_url("customer-council"), ideas_url(demo_boards["customer"])

    # Each: the signed-in person, then the rows (a cursor). Before them, members: the
    # community and Linus's membership; ideas: the board, the membership, the
    # criteria and who moved ideas, and after them tags and stage moves per 1,000.
    with django_assert_max_num_queries(4):
        members = as_csv(linus.get(members_at, {"format": "csv"}))
    with django_assert_max_num_queries(8):
        ideas = as_json(linus.get(ideas_at))
    with django_assert_max_num_queries(2):
        entries = as_csv(grace.get(LEDGER_URL, {"format": "csv"}))

    assert len(members) - 1 == 3 + size
    assert len(ideas) == 3 + size
    assert all(len(record["stage_history"]) == 1 for record in ideas[3:])
    assert len(entries) - 1 == 2 * size


# --- Streamed under ASGI too ------------------------------------------------------------


def test_rows_stream_under_asgi_without_being_gathered_first(transactional_db, demo):
    for n in range(400):
        ledger.award(person=demo["ada"], points=1, key=f"asgi:{n}")
    client = signed_in(demo["grace"])
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": LEDGER_URL,
        "raw_path": LEDGER_URL.encode(),
        "query_string": b"format=csv",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []
    request = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if request:
            return request.pop()
        await asyncio.Event().wait()  # the client stays until the answer is sent
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async_to_sync(ASGIHandler())(scope, receive, send)

    assert sent[0]["status"] == 200
    text = b"".join(message.get("body", b"") for message in sent[1:]).decode()
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + 2 * 400
    # Django gathers a synchronous iterator into a list under ASGI, and says so.
    assert not [w for w in caught if "consume synchronous iterators" in str(w.message)]
