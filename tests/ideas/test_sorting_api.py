"""A board's ideas through the API, in each order (formulas: tests/ideas/test_ranking.py)."""

import math

from ideas.models import Idea
from ideas.ranking import hot_key, wilson_lower_bound
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from tests.fixtures.personas import community, signed_in


def _board_with_ideas(demo, **options):
    board = board_create(
        actor=demo["linus"], community=community("customer-council"), title="Q?", **options
    )
    ideas = {}
    for title, ups, downs, comments in [
        ("Three of three", 3, 0, 0),
        ("Ninety-five of a hundred", 95, 5, 1),
        ("Talked about", 1, 0, 40),
    ]:
        idea = idea_submit(actor=demo["ada"], board=board, title=title, body="…")
        # The counts as the vote and comment services keep them.
        Idea.objects.filter(pk=idea.pk).update(
            up_votes=ups, down_votes=downs, comment_count=comments
        )
        ideas[title] = idea
    return board


def _titles(client, board, sort=None):
    query = {"sort": sort} if sort else {}
    response = client.get(f"/api/v1/boards/{board.pk}/ideas/", query)
    assert response.status_code == 200, response.json()
    return [idea["title"] for idea in response.json()["results"]]


def test_ideas_come_in_the_order_asked_for(demo):
    board = _board_with_ideas(demo)
    carla = signed_in(demo["carla"])

    assert _titles(carla, board, "top")[0] == "Ninety-five of a hundred", "3 of 3 does not win"
    assert _titles(carla, board, "new") == [
        "Talked about",
        "Ninety-five of a hundred",
        "Three of three",
    ]
    assert _titles(carla, board, "discussed")[0] == "Talked about"
    assert _titles(carla, board) == _titles(carla, board, "hot"), "hot by default"
    random = _titles(carla, board, "random")
    assert sorted(random) == sorted(_titles(carla, board, "new"))
    assert _titles(carla, board, "random") == random, "the same order on every visit"


def test_unknown_sorts_are_refused_by_name(demo):
    board = _board_with_ideas(demo)

    response = signed_in(demo["carla"]).get(f"/api/v1/boards/{board.pk}/ideas/", {"sort": "best"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "Some fields are not valid: sort.",
        "fields": {"sort": ["Sort by one of hot, top, new, discussed, random."]},
    }


def test_boards_hiding_votes_default_to_random_and_keep_vote_orders_from_participants(demo):
    board = _board_with_ideas(demo, hide_counts_until_voted=True)
    carla, linus = signed_in(demo["carla"]), signed_in(demo["linus"])

    by_votes = carla.get(f"/api/v1/boards/{board.pk}/ideas/", {"sort": "top"})

    assert by_votes.status_code == 400
    assert "hides votes" in by_votes.json()["fields"]["sort"][0]
    assert _titles(carla, board) == _titles(carla, board, "random")
    assert _titles(linus, board, "top")[0] == "Ninety-five of a hundred", "moderators may"


def test_the_kept_scores_follow_the_counts(demo):
    """top_score and hot_key are the database's, recomputed whenever a count changes:
    they must be the reference functions' numbers, or the indexed orders drift."""
    board = _board_with_ideas(demo)
    idea = Idea.objects.filter(board=board).get(title="Talked about")
    Idea.objects.filter(pk=idea.pk).update(up_votes=7, down_votes=2, comment_count=3)

    kept = Idea.objects.values("top_score", "hot_key", "created_at").get(pk=idea.pk)

    assert math.isclose(kept["top_score"], wilson_lower_bound(7, 2), rel_tol=1e-12)
    assert math.isclose(kept["hot_key"], hot_key(7, 2, 3, kept["created_at"]), rel_tol=1e-12)
