"""Reviewing, the funnel and merges as a matrix: persona x community -> status.

Standings come from tests/fixtures/standing.py (STANDING), written by hand.
Scores are for moderators and reviewers: a participant who reads the board gets
404 on scorecards (they may not know one exists) but 403 on the funnel and on
merges (they see the board, and may not do this). Write requests run in a
savepoint that is rolled back, so every cell starts afresh.
"""

import pytest
from django.db import transaction

from ideas.models import Board, Idea, Merge
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from ideas.services.merges import merge
from ideas.services.review import board_role_grant, criteria_set, score_set
from tests.fixtures.personas import EVERYONE, client_for, community, signed_in
from tests.fixtures.standing import SLUGS, STANDING
from tests.network.test_access_matrix import MEMBERS

JSON = "application/json"
HIDDEN = {"anon": 401, "hidden": 404, "seen": 404}
SCORECARD = {**HIDDEN, "member": 404, "owner": 200, "admin": 200}
SCORE = {**HIDDEN, "member": 404, "owner": 200, "admin": 200}
READ_CRITERIA = {**HIDDEN, "member": 200, "owner": 200, "admin": 200}
MODERATE = {**HIDDEN, "member": 403, "owner": 200, "admin": 200}
MODERATE_CREATE = {**HIDDEN, "member": 403, "owner": 201, "admin": 201}

CELLS = [(who, slug) for who in EVERYONE for slug in SLUGS]


@pytest.fixture
def boards(demo) -> dict[str, tuple[Board, list[Idea], Merge]]:
    """In every demo community: a board with a criterion, three ideas by a member,
    the third merged into the first."""
    made = {}
    for slug in SLUGS:
        board = board_create(actor=demo["margaret"], community=community(slug), title="Q?")
        criteria_set(actor=demo["margaret"], board=board, criteria=[{"name": "Impact"}])
        author = demo[sorted(MEMBERS[slug])[0]]
        ideas = [
            idea_submit(actor=author, board=board, title=f"Idea {n}", body="B") for n in range(3)
        ]
        done = merge(actor=demo["margaret"], source=ideas[2], target=ideas[0])
        made[slug] = (board, ideas, done)
    return made


def _answer(client, method: str, path: str, data: dict | None = None) -> int:
    with transaction.atomic():
        response = getattr(client, method)(path, data, content_type=JSON)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize(("who", "slug"), CELLS)
def test_who_reviews_sees_the_funnel_and_merges(demo, boards, who, slug):
    board, (first, second, _merged), done = boards[slug]
    standing = STANDING[who][SLUGS.index(slug)]
    client = client_for(demo, who)
    criterion = board.criteria.get()
    author = sorted(MEMBERS[slug])[0]

    answers = {
        "read criteria": _answer(client, "get", f"/api/v1/boards/{board.pk}/criteria/"),
        "set criteria": _answer(
            client, "put", f"/api/v1/boards/{board.pk}/criteria/", {"criteria": [{"name": "C"}]}
        ),
        "name a reviewer": _answer(
            client,
            "post",
            f"/api/v1/boards/{board.pk}/roles/",
            {"user_id": demo[author].pk, "role": "reviewer"},
        ),
        "score": _answer(
            client,
            "put",
            f"/api/v1/ideas/{first.pk}/scores/",
            {"criterion_id": criterion.pk, "value": 3},
        ),
        "scorecard": _answer(client, "get", f"/api/v1/ideas/{first.pk}/scorecard/"),
        "funnel": _answer(client, "get", f"/api/v1/boards/{board.pk}/funnel/"),
        "merge": _answer(
            client, "post", f"/api/v1/ideas/{second.pk}/merge/", {"target_id": first.pk}
        ),
        "undo a merge": _answer(client, "post", f"/api/v1/merges/{done.pk}/undo/"),
    }

    expected = {
        "read criteria": READ_CRITERIA[standing],
        "set criteria": MODERATE[standing],
        "name a reviewer": MODERATE_CREATE[standing],
        "score": SCORE[standing],
        "scorecard": SCORECARD[standing],
        "funnel": MODERATE[standing],
        "merge": MODERATE_CREATE[standing],
        "undo a merge": MODERATE[standing],
    }
    assert answers == expected, f"{who} ({standing}) in {slug}"


def test_a_reviewers_scores_stay_hidden_from_participants(demo):
    """Carla reviews one Customer Council board; Ada (a member) wrote the idea."""
    council = community("customer-council")
    board = board_create(actor=demo["linus"], community=council, title="Reviewed")
    other = board_create(actor=demo["linus"], community=council, title="Not hers")
    (criterion,) = criteria_set(actor=demo["linus"], board=board, criteria=[{"name": "Impact"}])
    criteria_set(actor=demo["linus"], board=other, criteria=[{"name": "Impact"}])
    board_role_grant(actor=demo["linus"], board=board, user=demo["carla"], role="reviewer")
    idea = idea_submit(actor=demo["ada"], board=board, title="Ada's idea", body="B")
    elsewhere = idea_submit(actor=demo["ada"], board=other, title="Other", body="B")
    score_set(actor=demo["carla"], idea=idea, criterion=criterion, value=5, comment="Great")
    carla, ada = signed_in(demo["carla"]), signed_in(demo["ada"])

    mine = carla.get(f"/api/v1/ideas/{idea.pk}/scorecard/")
    not_her_board = carla.get(f"/api/v1/ideas/{elsewhere.pk}/scorecard/")
    for_author = ada.get(f"/api/v1/ideas/{idea.pk}/scorecard/")
    everything_ada_reads = [
        ada.get(f"/api/v1/ideas/{idea.pk}/").content,
        ada.get(f"/api/v1/boards/{board.pk}/ideas/").content,
        ada.get(f"/api/v1/boards/{board.pk}/").content,
        ada.get(f"/api/v1/boards/{board.pk}/criteria/").content,
    ]

    assert mine.status_code == 200
    assert mine.json()["criteria"][0]["scores"][0]["comment"] == "Great"
    assert not_her_board.status_code == 404, "a reviewer of one board only"
    assert for_author.status_code == 404
    for body in everything_ada_reads:
        assert b"Great" not in body
        assert b'"mean"' not in body
        assert b'"scores"' not in body
