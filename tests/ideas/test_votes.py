"""Votes: one per person per idea, changeable and withdrawable, within the board's
budget, and counted once however many requests race (real PostgreSQL, real threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from ideas.models import Ballot, Idea, Vote
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from network.models import Membership, User
from tests.fixtures.personas import community, signed_in

PARALLEL = 50


@pytest.fixture
def council_board(demo):
    council = community("customer-council")
    return board_create(actor=demo["linus"], community=council, title="What should we build?")


def _idea(board, author, title="Dark mode"):
    return idea_submit(actor=author, board=board, title=title, body="Easier on the eyes.")


def _race(requests) -> list[int]:
    """Run the requests at the same moment, each on its own thread and connection."""
    start = threading.Barrier(len(requests))

    def run(request):
        try:
            start.wait()
            return request()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_votes_by_one_person_count_once(demo, council_board):
    idea = _idea(council_board, demo["ada"])
    client = signed_in(demo["carla"])
    path = f"/api/v1/ideas/{idea.pk}/vote/"

    statuses = _race(
        [lambda: client.put(path, {"value": 1}, content_type="application/json").status_code]
        * PARALLEL
    )

    assert statuses == [200] * PARALLEL
    assert Vote.objects.filter(idea=idea).count() == 1
    idea.refresh_from_db()
    assert (idea.up_votes, idea.down_votes) == (1, 0)
    assert Ballot.objects.get(board=council_board, user=demo["carla"]).votes_used == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_votes_by_fifty_people_count_fifty(demo, council_board):
    idea = _idea(council_board, demo["ada"])
    people = [
        User.objects.create_user(f"voter{n}", f"voter{n}@bridge.example", first_name=f"V{n}")
        for n in range(PARALLEL)
    ]
    Membership.objects.bulk_create(
        Membership(community=council_board.community, user=person) for person in people
    )
    clients = [signed_in(person) for person in people]
    path = f"/api/v1/ideas/{idea.pk}/vote/"

    statuses = _race(
        [
            (lambda c=c: c.put(path, {"value": 1}, content_type="application/json").status_code)
            for c in clients
        ]
    )

    assert statuses == [200] * PARALLEL
    assert Vote.objects.filter(idea=idea).count() == PARALLEL
    idea.refresh_from_db()
    assert idea.up_votes == PARALLEL


@pytest.mark.django_db(transaction=True)
def test_a_budget_holds_under_simultaneous_votes(demo):
    council = community("customer-council")
    board = board_create(actor=demo["linus"], community=council, title="Pick two", vote_budget=2)
    ideas = [_idea(board, demo["ada"], title=f"Idea {n}") for n in range(6)]
    client = signed_in(demo["carla"])

    statuses = _race(
        [
            (
                lambda i=i: (
                    client.put(
                        f"/api/v1/ideas/{i.pk}/vote/", {"value": 1}, content_type="application/json"
                    ).status_code
                )
            )
            for i in ideas
        ]
    )

    assert sorted(statuses) == [200, 200, 409, 409, 409, 409]
    assert Vote.objects.filter(board=board, user=demo["carla"]).count() == 2
    assert sum(Idea.objects.filter(board=board).values_list("up_votes", flat=True)) == 2


def test_a_vote_is_changed_and_withdrawn_and_the_counts_follow(demo):
    council = community("customer-council")
    board = board_create(
        actor=demo["linus"],
        community=council,
        title="Up or down",
        allow_down_votes=True,
        vote_budget=1,
    )
    idea, other = _idea(board, demo["ada"]), _idea(board, demo["ada"], title="Other")
    client = signed_in(demo["carla"])
    path = f"/api/v1/ideas/{idea.pk}/vote/"

    up = client.put(path, {"value": 1}, content_type="application/json").json()
    down = client.put(path, {"value": -1}, content_type="application/json").json()
    over_budget = client.put(
        f"/api/v1/ideas/{other.pk}/vote/", {"value": 1}, content_type="application/json"
    )
    withdrawn = client.delete(path).json()
    again = client.delete(path)
    freed = client.put(
        f"/api/v1/ideas/{other.pk}/vote/", {"value": 1}, content_type="application/json"
    )

    assert (up["up_votes"], up["down_votes"], up["my_vote"]) == (1, 0, 1)
    assert (down["up_votes"], down["down_votes"], down["my_vote"]) == (0, 1, -1)
    assert over_budget.status_code == 409
    assert "1 votes" in over_budget.json()["detail"]
    assert (withdrawn["up_votes"], withdrawn["down_votes"], withdrawn["my_vote"]) == (0, 0, None)
    assert again.status_code == 200, "withdrawing twice is not an error"
    assert freed.status_code == 200, "a withdrawn vote frees its place in the budget"


def test_down_votes_only_where_the_board_allows_them(demo, council_board):
    idea = _idea(council_board, demo["ada"])

    response = signed_in(demo["carla"]).put(
        f"/api/v1/ideas/{idea.pk}/vote/", {"value": -1}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]["value"] == ["Vote 1."]
    assert not Vote.objects.exists()


def test_counts_stay_hidden_until_one_has_voted_on_boards_that_ask(demo):
    council = community("customer-council")
    board = board_create(
        actor=demo["linus"], community=council, title="Blind", hide_counts_until_voted=True
    )
    idea = _idea(board, demo["carla"])
    ada, carla, linus = (signed_in(demo[name]) for name in ("ada", "carla", "linus"))
    ada.put(f"/api/v1/ideas/{idea.pk}/vote/", {"value": 1}, content_type="application/json")

    before = carla.get(f"/api/v1/ideas/{idea.pk}/").json()
    listed = carla.get(f"/api/v1/boards/{board.pk}/ideas/").json()["results"][0]
    after = carla.put(
        f"/api/v1/ideas/{idea.pk}/vote/", {"value": 1}, content_type="application/json"
    ).json()
    moderator = linus.get(f"/api/v1/ideas/{idea.pk}/").json()

    assert (before["up_votes"], listed["up_votes"]) == (None, None)
    assert after["up_votes"] == 2
    assert moderator["up_votes"] == 2, "moderators see the counts"


def test_a_vote_costs_a_handful_of_queries(demo, council_board, django_assert_max_num_queries):
    """bench/ideas.py times votes on a board of 500,000: every query counts. Session
    user, idea, membership, then in the transaction: lock, vote, ballot, vote row,
    counts, follower, activity and its delivery; and the idea's tags for the answer."""
    first, second = _idea(council_board, demo["ada"]), _idea(council_board, demo["ada"], "Two")
    client = signed_in(demo["carla"])
    client.put(f"/api/v1/ideas/{first.pk}/vote/", {"value": 1}, content_type="application/json")

    with django_assert_max_num_queries(14):
        response = client.put(
            f"/api/v1/ideas/{second.pk}/vote/", {"value": 1}, content_type="application/json"
        )

    assert response.status_code == 200
    assert (response.json()["up_votes"], response.json()["my_vote"]) == (1, 1)
