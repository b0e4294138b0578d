"""Stage moves: moderators only, declining needs a reason, the public history,
and who is told (followers, voters and co-authors who may still read the idea)."""

from activity.models import Activity
from ideas.models import BoardRole, Idea, StageChange
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.votes import vote_cast
from network.services.memberships import membership_remove
from tests.fixtures.personas import community, signed_in
from tests.ideas.flow import an_idea, council_board, stage


def _move(user, idea, stage_id, note=""):
    return signed_in(user).post(
        f"/api/v1/ideas/{idea.pk}/stage/",
        {"stage_id": stage_id, "note": note},
        content_type="application/json",
    )


def test_a_participant_cannot_move_stages_and_a_moderator_can(demo):
    board = council_board(demo["linus"])
    idea = an_idea(board, demo["carla"])
    accepted = stage(board, "Accepted")

    assert _move(demo["carla"], idea, accepted.pk).status_code == 403  # its author
    assert _move(demo["ada"], idea, accepted.pk).status_code == 403  # a member
    assert _move(demo["grace"], idea, accepted.pk).status_code == 404  # cannot read it
    assert Idea.objects.get(pk=idea.pk).stage.name == "Submitted"

    response = _move(demo["linus"], idea, accepted.pk, "Good fit for Q3.")

    assert response.status_code == 201, response.content
    assert response.json()["to_stage"]["name"] == "Accepted"
    moved = Idea.objects.get(pk=idea.pk)
    assert moved.stage == accepted
    assert moved.stage_changed_at == StageChange.objects.get(idea=idea).created_at
    assert _move(demo["linus"], idea, accepted.pk).status_code == 409  # already there


def test_a_boards_named_moderator_may_move_its_ideas(demo):
    board = council_board(demo["linus"])
    BoardRole.objects.create(board=board, user=demo["ada"], role=BoardRole.Role.MODERATOR)
    idea = an_idea(board, demo["carla"])

    assert _move(demo["ada"], idea, stage(board, "Under review").pk).status_code == 201


def test_declining_needs_a_note_and_stages_belong_to_the_board(demo):
    linus = demo["linus"]
    board, other = council_board(linus), council_board(linus)
    idea = an_idea(board, demo["carla"])

    response = _move(linus, idea, stage(board, "Declined").pk, "   ")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"note"}

    response = _move(linus, idea, stage(other, "Accepted").pk)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"stage_id"}
    assert set(_move(linus, idea, 10**9).json()["fields"]) == {"stage_id"}
    assert set(_move(linus, idea, "first").json()["fields"]) == {"stage_id"}
    assert not StageChange.objects.exists()

    assert _move(linus, idea, stage(board, "Declined").pk, "Out of scope.").status_code == 201


def test_the_history_of_moves_is_public_with_its_notes(demo):
    linus = demo["linus"]
    board = council_board(linus)
    idea = an_idea(board, demo["carla"])
    _move(linus, idea, stage(board, "Under review").pk, "Looking at it.")
    _move(linus, idea, stage(board, "Declined").pk, "Too costly.")

    response = signed_in(demo["carla"]).get(f"/api/v1/ideas/{idea.pk}/stages/")

    assert response.status_code == 200
    moves = [(c["from_stage"]["name"], c["to_stage"]["name"], c["note"]) for c in response.json()]
    assert moves == [
        ("Submitted", "Under review", "Looking at it."),
        ("Under review", "Declined", "Too costly."),
    ]
    assert response.json()[0]["moved_by"]["username"] == "linus"
    assert signed_in(demo["otto"]).get(f"/api/v1/ideas/{idea.pk}/stages/").status_code == 404


def test_the_people_told_are_followers_voters_and_coauthors_minus_the_actor(demo):
    linus, ada, carla, margaret = demo["linus"], demo["ada"], demo["carla"], demo["margaret"]
    board = council_board(linus)
    idea = an_idea(board, carla)  # the author follows on submitting
    coauthor_invite(actor=carla, idea=idea, invitee=ada)
    coauthor_respond(actor=ada, idea=idea, accept=True)
    vote_cast(actor=linus, idea=idea)  # the actor voted: still not told of their own move
    assert signed_in(margaret).put(f"/api/v1/ideas/{idea.pk}/follow/").json() == {"following": True}
    signed_in(ada).delete(f"/api/v1/ideas/{idea.pk}/follow/")  # still told: a co-author

    _move(linus, idea, stage(board, "Accepted").pk)

    moved = Activity.objects.get(verb="idea.stage_changed")
    assert moved.payload == {
        "board_id": board.pk,
        "from": stage(board, "Submitted").pk,
        "to": stage(board, "Accepted").pk,
        "note": "",
        "notify": sorted([ada.pk, carla.pk, margaret.pk]),
    }


def test_people_who_lost_access_are_not_in_the_notify_set(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, ada)
    vote_cast(actor=carla, idea=idea)
    membership_remove(actor=linus, community=community("customer-council"), user=carla)

    _move(linus, idea, stage(board, "Accepted").pk)

    assert Activity.objects.get(verb="idea.stage_changed").payload["notify"] == [ada.pk]


def test_anyone_who_may_read_an_idea_may_follow_it(demo):
    idea = an_idea(council_board(demo["linus"]), demo["ada"])

    assert signed_in(demo["carla"]).put(f"/api/v1/ideas/{idea.pk}/follow/").status_code == 200
    assert signed_in(demo["carla"]).put(f"/api/v1/ideas/{idea.pk}/follow/").status_code == 200
    assert idea.followers.filter(user=demo["carla"]).count() == 1
    assert signed_in(demo["otto"]).put(f"/api/v1/ideas/{idea.pk}/follow/").status_code == 404
    assert signed_in(demo["grace"]).put(f"/api/v1/ideas/{idea.pk}/follow/").status_code == 404
    response = signed_in(demo["carla"]).delete(f"/api/v1/ideas/{idea.pk}/follow/")
    assert response.json() == {"following": False}
    assert not idea.followers.filter(user=demo["carla"]).exists()
