"""Idea boards as a matrix: persona x community -> what the API answers.

Where each persona stands in each demo community is written out by hand in
tests/fixtures/standing.py (STANDING); a board inherits its community's
audience, so a customer never reaches a board of an internal community. Write
requests run in a savepoint that is rolled back, so every cell starts afresh.
"""

import pytest
from django.db import transaction

from ideas.models import Board, Idea
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from tests.fixtures.personas import EVERYONE, client_for, community
from tests.fixtures.standing import SLUGS, STANDING
from tests.network.test_access_matrix import MEMBERS

# What each standing gets. anon: 401, no credentials; hidden and seen: the
# board's content is closed (404); an admin reads and moderates everywhere but takes
# part only where a member.
READ = {"anon": 401, "hidden": 404, "seen": 404, "member": 200, "owner": 200, "admin": 200}
SUBMIT = {"anon": 401, "hidden": 404, "seen": 404, "member": 201, "owner": 201, "admin": 403}
VOTE = {"anon": 401, "hidden": 404, "seen": 404, "member": 200, "owner": 200, "admin": 403}
OPEN_BOARD = {"anon": 401, "hidden": 404, "seen": 403, "member": 403, "owner": 201, "admin": 201}
# The board's moderators (its community's owners and moderators, platform admins).
COVER = {"anon": 401, "hidden": 404, "seen": 404, "member": 403, "owner": 204, "admin": 204}

CELLS = [(who, slug) for who in EVERYONE for slug in SLUGS]


@pytest.fixture
def boards(demo) -> dict[str, tuple[Board, Idea]]:
    """A board with one idea in every demo community."""
    made = {}
    for slug in SLUGS:
        place = community(slug)
        board = board_create(actor=demo["margaret"], community=place, title=f"Ideas for {slug}")
        author = demo[sorted(MEMBERS[slug])[0]]
        idea = idea_submit(actor=author, board=board, title="Faster onboarding", body="Shorter.")
        made[slug] = (board, idea)
    return made


def _answer(client, method: str, path: str, data: dict | None = None) -> int:
    with transaction.atomic():
        response = getattr(client, method)(path, data, content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize(("who", "slug"), CELLS)
def test_who_reads_and_takes_part_in_a_board(demo, boards, who, slug):
    board, idea = boards[slug]
    standing = STANDING[who][SLUGS.index(slug)]
    client = client_for(demo, who)

    answers = {
        "read board": _answer(client, "get", f"/api/v1/boards/{board.pk}/"),
        "list ideas": _answer(client, "get", f"/api/v1/boards/{board.pk}/ideas/"),
        "read idea": _answer(client, "get", f"/api/v1/ideas/{idea.pk}/"),
        "submit": _answer(
            client, "post", f"/api/v1/boards/{board.pk}/ideas/", {"title": "T", "body": "B"}
        ),
        "vote": _answer(client, "put", f"/api/v1/ideas/{idea.pk}/vote/", {"value": 1}),
        "open a board": _answer(
            client, "post", f"/api/v1/communities/{board.community_id}/boards/", {"title": "Q?"}
        ),
        "remove the cover": _answer(client, "delete", f"/api/v1/boards/{board.pk}/cover/"),
    }

    expected = {
        "read board": READ[standing],
        "list ideas": READ[standing],
        "read idea": READ[standing],
        "submit": SUBMIT[standing],
        "vote": VOTE[standing],
        "open a board": OPEN_BOARD[standing],
        "remove the cover": COVER[standing],
    }
    assert answers == expected, f"{who} ({standing}) in {slug}"


def test_a_customer_never_sees_an_internal_board_listed(demo, boards):
    carla = client_for(demo, "carla")
    engineering = community("engineering")

    listed = carla.get(f"/api/v1/communities/{engineering.pk}/boards/")
    own = carla.get(f"/api/v1/communities/{community('customer-council').pk}/boards/")

    assert listed.status_code == 404
    assert [b["title"] for b in own.json()] == ["Ideas for customer-council"]
