"""Merging duplicate ideas and undoing it: through the API for the rules, and as
Hypothesis properties for the counts (nobody counted twice after a merge; the
exact previous state after an undo)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activity.models import Activity
from ideas.models import Ballot, Comment, Follower, Idea, Merge, Vote
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from ideas.services.merges import merge, unmerge
from ideas.services.votes import vote_cast, vote_withdraw
from network.models import Membership, User
from tests.fixtures.personas import community, signed_in
from tests.ideas.test_votes import _race

JSON = "application/json"
VOTERS = 8


@pytest.fixture
def board(demo):
    council = community("customer-council")
    return board_create(actor=demo["linus"], community=council, title="Q?", allow_down_votes=True)


def _idea(board, author, title):
    return idea_submit(actor=author, board=board, title=title, body="Same thing, twice.")


def _comment(idea, author):
    Comment.objects.create(idea=idea, author=author, body="Yes", body_html="<p>Yes</p>")
    Idea.objects.filter(pk=idea.pk).update(comment_count=idea.comment_count + 1)
    idea.refresh_from_db()


def test_a_moderator_merges_a_duplicate_and_undoes_it(demo, board):
    target, source = _idea(board, demo["ada"], "Dark mode"), _idea(board, demo["carla"], "Dark UI")
    vote_cast(actor=demo["carla"], idea=target)
    vote_cast(actor=demo["carla"], idea=source)  # on both: counted once after the merge
    vote_cast(actor=demo["ada"], idea=source, value=-1)
    _comment(source, demo["ada"])
    Follower.objects.get_or_create(idea=source, user=demo["grace"])  # not a voter
    linus, carla = signed_in(demo["linus"]), signed_in(demo["carla"])

    by_carla = carla.post(f"/api/v1/ideas/{source.pk}/merge/", {"target_id": target.pk}, JSON)
    merged = linus.post(f"/api/v1/ideas/{source.pk}/merge/", {"target_id": target.pk}, JSON)
    redirect = carla.get(f"/api/v1/ideas/{source.pk}/").json()
    after = carla.get(f"/api/v1/ideas/{target.pk}/").json()
    listed = [i["id"] for i in carla.get(f"/api/v1/boards/{board.pk}/ideas/").json()["results"]]
    ballot = Ballot.objects.get(board=board, user=demo["carla"]).votes_used
    vote_on_merged = carla.put(f"/api/v1/ideas/{source.pk}/vote/", {"value": 1}, JSON)
    again = linus.post(f"/api/v1/ideas/{source.pk}/merge/", {"target_id": target.pk}, JSON)
    undo_by_carla = carla.post(f"/api/v1/merges/{merged.json()['id']}/undo/")
    undone = linus.post(f"/api/v1/merges/{merged.json()['id']}/undo/")
    undo_twice = linus.post(f"/api/v1/merges/{merged.json()['id']}/undo/")

    assert by_carla.status_code == 403
    assert merged.status_code == 201, merged.json()
    assert merged.json()["moved"] == {
        "votes": 1,
        "votes_counted_once": 1,
        "comments": 1,
        # Grace moves; Carla and Ada (who follow both as voters) are set aside.
        "followers": 3,
    }
    assert redirect["merged_into"] == target.pk, "the API keeps answering, with merged_into"
    assert (after["up_votes"], after["down_votes"], after["comment_count"]) == (1, 1, 1)
    assert listed == [target.pk], "a merged duplicate leaves the board's list"
    assert ballot == 1, "carla voted on both: one vote in use now"
    assert vote_on_merged.status_code == 409
    assert again.status_code == 409
    assert undo_by_carla.status_code == 403
    assert undone.status_code == 200, undone.json()
    assert undone.json()["undone_at"] is not None
    assert undo_twice.status_code == 409
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into_id is None
    assert (source.up_votes, source.down_votes, source.comment_count) == (1, 1, 1)
    assert (target.up_votes, target.down_votes, target.comment_count) == (1, 0, 0)
    assert Ballot.objects.get(board=board, user=demo["carla"]).votes_used == 2
    verbs = Activity.objects.filter(verb__startswith="idea.", verb__endswith="merged")
    assert sorted(verbs.values_list("verb", "object_id")) == sorted(
        [(v, str(i.pk)) for v in ("idea.merged", "idea.unmerged") for i in (source, target)]
    )


def test_merges_are_refused_when_they_make_no_sense(demo, board):
    a, b, c = (_idea(board, demo["ada"], t) for t in ("A", "B", "C"))
    other_board = board_create(
        actor=demo["linus"], community=community("customer-council"), title="Else"
    )
    elsewhere = _idea(other_board, demo["ada"], "D")
    linus = signed_in(demo["linus"])

    def post(source, target_id):
        return linus.post(f"/api/v1/ideas/{source.pk}/merge/", {"target_id": target_id}, JSON)

    itself = post(a, a.pk)
    other = post(a, elsewhere.pk)
    missing = post(a, 10**9)
    no_target = linus.post(f"/api/v1/ideas/{a.pk}/merge/", {}, JSON)
    b_into_a = post(b, a.pk)
    into_merged = post(c, b.pk)
    a_into_c = post(a, c.pk)
    undo_b = linus.post(f"/api/v1/merges/{b_into_a.json()['id']}/undo/")

    assert itself.status_code == 400 and "target_id" in itself.json()["fields"]
    assert other.status_code == 400 and "target_id" in other.json()["fields"]
    assert missing.status_code == 404
    assert no_target.status_code == 400 and "target_id" in no_target.json()["fields"]
    assert b_into_a.status_code == 201
    assert into_merged.status_code == 409
    assert a_into_c.status_code == 201
    assert undo_b.status_code == 409, "A, B's target, has since been merged into C"
    assert f"#{a.pk} has since been merged into #{c.pk}" in undo_b.json()["detail"]
    assert Merge.objects.filter(undone_at__isnull=True).count() == 2


# --- Properties -----------------------------------------------------------------


@pytest.fixture
def voters(demo, board) -> list[User]:
    people = [
        User.objects.create_user(f"merge-voter{n}", f"mv{n}@bridge.example", first_name=f"M{n}")
        for n in range(VOTERS)
    ]
    Membership.objects.bulk_create(Membership(community=board.community, user=p) for p in people)
    return people


# Per voter: nothing, A, B or both, each with its own value; comments; follows.
voter_plan = st.tuples(
    st.sampled_from(["none", "a", "b", "both"]),
    st.sampled_from([1, -1]),
    st.sampled_from([1, -1]),
    st.sampled_from(["none", "a", "b", "both"]),
)
plans = st.fixed_dictionaries(
    {
        "voters": st.lists(voter_plan, min_size=VOTERS, max_size=VOTERS),
        "comments_a": st.integers(0, 3),
        "comments_b": st.integers(0, 3),
        "down_votes": st.booleans(),
    }
)


def _snapshot(board) -> dict:
    """Everything a merge touches, row by row."""
    return {
        "votes": sorted(
            Vote.objects.filter(board=board).values_list(
                "id", "idea_id", "user_id", "value", "created_at", "updated_at"
            )
        ),
        "counts": sorted(
            Idea.objects.filter(board=board).values_list(
                "id", "up_votes", "down_votes", "comment_count", "merged_into"
            )
        ),
        "ballots": sorted(Ballot.objects.filter(board=board).values_list("user_id", "votes_used")),
        "comments": sorted(Comment.objects.filter(idea__board=board).values_list("id", "idea_id")),
        "followers": sorted(
            Follower.objects.filter(idea__board=board).values_list(
                "id", "idea_id", "user_id", "created_at"
            )
        ),
    }


def _given_ideas(demo, board, voters, plan) -> tuple[Idea, Idea]:
    a, b = _idea(board, demo["ada"], "Keep this"), _idea(board, demo["carla"], "Duplicate")
    for person, (votes_on, on_a, on_b, follows) in zip(voters, plan["voters"], strict=True):
        up_or_down = (lambda v: v) if plan["down_votes"] else (lambda _v: 1)
        if votes_on in ("a", "both"):
            vote_cast(actor=person, idea=a, value=up_or_down(on_a))
        if votes_on in ("b", "both"):
            vote_cast(actor=person, idea=b, value=up_or_down(on_b))
        for idea, letter in ((a, "a"), (b, "b")):
            if follows in (letter, "both"):
                Follower.objects.get_or_create(idea=idea, user=person)  # voters follow already
    for idea, many in ((a, plan["comments_a"]), (b, plan["comments_b"])):
        for _ in range(many):
            _comment(idea, demo["ada"])
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


@settings(
    max_examples=40,
    deadline=None,
    database=None,  # no example files in the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # each example rolls back
)
@given(plan=plans)
def test_a_merge_counts_nobody_twice_and_its_undo_restores_everything(demo, board, voters, plan):
    board.allow_down_votes = plan["down_votes"]
    with transaction.atomic():
        a, b = _given_ideas(demo, board, voters, plan)
        expected_vote = {
            **dict(Vote.objects.filter(idea=b).values_list("user_id", "value")),
            **dict(Vote.objects.filter(idea=a).values_list("user_id", "value")),  # A's wins
        }
        followers = set(Follower.objects.filter(idea__in=[a, b]).values_list("user_id", flat=True))
        comments = a.comment_count + b.comment_count
        before = _snapshot(board)

        done = merge(actor=demo["linus"], source=b, target=a)
        a.refresh_from_db()
        b.refresh_from_db()

        on_a = dict(Vote.objects.filter(idea=a).values_list("user_id", "value"))
        assert on_a == expected_vote, "every voter of A or B, once, with A's vote if on both"
        assert a.up_votes == sum(1 for v in on_a.values() if v == 1)
        assert a.down_votes == sum(1 for v in on_a.values() if v == -1)
        assert (b.up_votes, b.down_votes, b.comment_count) == (0, 0, 0)
        assert not Vote.objects.filter(idea=b).exists()
        for user_id, used in Ballot.objects.filter(board=board).values_list(
            "user_id", "votes_used"
        ):
            assert used == Vote.objects.filter(board=board, user_id=user_id).count()
        assert a.comment_count == comments == Comment.objects.filter(idea=a).count()
        assert set(Follower.objects.filter(idea=a).values_list("user_id", flat=True)) == followers
        assert not Follower.objects.filter(idea=b).exists()

        unmerge(actor=demo["linus"], merge=Merge.objects.get(pk=done.pk))

        assert _snapshot(board) == before
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_votes_racing_a_merge_land_on_the_target_or_are_refused(demo, board, voters):
    """Each voter votes on the duplicate while a moderator merges it: a vote either
    lands before the merge (and moves) or is refused after it; none is lost or doubled."""
    target, source = _idea(board, demo["ada"], "Dark mode"), _idea(board, demo["carla"], "Dark UI")
    for person in voters[::2]:
        vote_cast(actor=person, idea=target)  # half of them voted on the target already
    clients = [signed_in(person) for person in voters]
    linus = signed_in(demo["linus"])
    path = f"/api/v1/ideas/{source.pk}/vote/"

    def vote(client):
        return lambda: client.put(path, {"value": 1}, content_type=JSON).status_code

    def merge_now():
        return linus.post(
            f"/api/v1/ideas/{source.pk}/merge/", {"target_id": target.pk}, JSON
        ).status_code

    statuses = _race([merge_now, *(vote(c) for c in clients)])

    assert statuses[0] == 201
    assert set(statuses[1:]) <= {200, 409}
    target.refresh_from_db()
    source.refresh_from_db()
    assert not Vote.objects.filter(idea=source).exists()
    assert (source.up_votes, source.down_votes) == (0, 0)
    assert target.up_votes == Vote.objects.filter(idea=target).count()
    for user_id, used in Ballot.objects.filter(board=board).values_list("user_id", "votes_used"):
        assert used == Vote.objects.filter(board=board, user_id=user_id).count()


def test_an_undo_keeps_what_changed_on_the_target_since(demo, board, voters):
    moved_voter, both_voter = voters[0], voters[1]
    target, source = _idea(board, demo["ada"], "Dark mode"), _idea(board, demo["carla"], "Dark UI")
    vote_cast(actor=moved_voter, idea=source)
    vote_cast(actor=both_voter, idea=source, value=-1)
    vote_cast(actor=both_voter, idea=target)
    done = merge(actor=demo["linus"], source=source, target=target)
    target.refresh_from_db()
    for person in (moved_voter, both_voter):  # both withdraw from the target meanwhile
        vote_withdraw(actor=person, idea=target)

    unmerge(actor=demo["linus"], merge=Merge.objects.get(pk=done.pk))

    votes = set(Vote.objects.filter(board=board).values_list("idea_id", "user_id", "value"))
    assert votes == {(source.pk, both_voter.pk, -1)}, "the withdrawn vote stays withdrawn"
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.up_votes, source.down_votes, target.up_votes) == (0, 1, 0)
    for user_id, used in Ballot.objects.filter(board=board).values_list("user_id", "votes_used"):
        assert used == Vote.objects.filter(board=board, user_id=user_id).count()
