"""An idea's discussion, following and stage moves as a matrix: persona x community
-> what the API answers (the boards and standings of tests/ideas/test_access.py)."""

import pytest

from tests.fixtures.personas import client_for
from tests.fixtures.standing import SLUGS, STANDING
from tests.ideas.test_access import CELLS, READ, SUBMIT, _answer, boards  # noqa: F401 -- fixture

COMMENT = {**SUBMIT}  # taking part: members, not admins from outside
FOLLOW = READ
MOVE = {"anon": 401, "hidden": 404, "seen": 404, "member": 403, "owner": 201, "admin": 201}


@pytest.mark.parametrize(("who", "slug"), CELLS)
def test_who_discusses_follows_and_moves_an_idea(demo, boards, who, slug):  # noqa: F811
    board, idea = boards[slug]
    standing = STANDING[who][SLUGS.index(slug)]
    client = client_for(demo, who)
    accepted = board.stages.get(name="Accepted")

    answers = {
        "read comments": _answer(client, "get", f"/api/v1/ideas/{idea.pk}/comments/"),
        "comment": _answer(client, "post", f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Hi"}),
        "follow": _answer(client, "put", f"/api/v1/ideas/{idea.pk}/follow/"),
        "stage history": _answer(client, "get", f"/api/v1/ideas/{idea.pk}/stages/"),
        "move": _answer(
            client, "post", f"/api/v1/ideas/{idea.pk}/stage/", {"stage_id": accepted.pk}
        ),
    }

    expected = {
        "read comments": READ[standing],
        "comment": COMMENT[standing],
        "follow": FOLLOW[standing],
        "stage history": READ[standing],
        "move": MOVE[standing],
    }
    assert answers == expected, f"{who} ({standing}) in {slug}"
