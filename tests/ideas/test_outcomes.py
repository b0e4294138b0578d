"""Outcomes: what a delivered idea achieved, recorded by its moderators or contributors."""

from activity.models import Activity
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.stages import stage_move
from tests.fixtures.personas import signed_in
from tests.ideas.flow import an_idea, council_board, stage


def _record(user, idea, **data):
    return signed_in(user).put(
        f"/api/v1/ideas/{idea.pk}/outcome/", data, content_type="application/json"
    )


def test_an_outcome_is_recorded_only_once_the_idea_is_delivered(demo):
    linus, carla = demo["linus"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, carla)

    assert _record(carla, idea, outcome="Saved time").status_code == 409
    stage_move(actor=linus, idea=idea, stage=stage(board, "Delivered"), note="Shipped.")

    response = _record(carla, idea, outcome="Fewer tickets", value="120.5", unit="hours/month")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["outcome_value"], body["outcome_unit"]) == (
        "Fewer tickets",
        "120.50",
        "hours/month",
    )
    assert [c["user"]["username"] for c in body["contributors"]] == ["carla"]
    assert Activity.objects.filter(verb="idea.outcome_recorded").count() == 1


def test_moderators_and_contributors_record_outcomes_others_may_not(demo):
    linus, ada, carla = demo["linus"], demo["ada"], demo["carla"]
    board = council_board(linus)
    idea = an_idea(board, carla)
    stage_move(actor=linus, idea=idea, stage=stage(board, "Delivered"))

    assert _record(ada, idea, outcome="Mine").status_code == 403  # a member only
    assert _record(demo["otto"], idea, outcome="Mine").status_code == 404
    assert _record(linus, idea, outcome="Shipped to all").status_code == 200
    coauthor_invite(actor=carla, idea=idea, invitee=ada)
    coauthor_respond(actor=ada, idea=idea, accept=True)
    assert _record(ada, idea, outcome="Now I may").status_code == 200


def test_bad_outcomes_are_refused_field_by_field(demo):
    linus = demo["linus"]
    board = council_board(linus)
    idea = an_idea(board, demo["carla"])
    stage_move(actor=linus, idea=idea, stage=stage(board, "Delivered"))

    response = _record(linus, idea, outcome="", value="lots")
    assert response.status_code == 400
    assert set(response.json()) == {"outcome", "value"}
    response = _record(linus, idea, outcome="   ", value="1e20")
    assert set(response.json()) >= {"value"}
    response = _record(linus, idea, outcome="Done", unit="hours")
    assert response.status_code == 400
    assert set(response.json()) == {"unit"}
