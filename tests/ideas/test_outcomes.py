"""Outcomes: what a delivered idea achieved, recorded by its moderators or contributors."""

import pytest

from activity.models import Activity
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.stages import stage_move
from tests.fixtures.personas import signed_in
from tests.ideas.flow import an_idea, council_board, race, stage


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
    assert set(response.json()["fields"]) == {"outcome", "value"}
    response = _record(linus, idea, outcome="   ", value="1e20")
    assert set(response.json()["fields"]) >= {"value"}
    response = _record(linus, idea, outcome="Done", unit="hours")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"unit"}


def _delivered(demo):
    """Carla's delivered idea, which Linus moderates."""
    board = council_board(demo["linus"])
    idea = an_idea(board, demo["carla"])
    stage_move(actor=demo["linus"], idea=idea, stage=stage(board, "Delivered"))
    return idea


def _version(user, idea) -> str:
    return signed_in(user).get(f"/api/v1/ideas/{idea.pk}/").json()["outcome_version"]


def test_an_outcome_started_before_another_was_recorded_is_refused_not_overwritten(demo):
    linus, carla = demo["linus"], demo["carla"]
    idea = _delivered(demo)
    opened = _version(carla, idea)  # no outcome yet, as her form read it
    first = _record(linus, idea, outcome="Shipped to all", base_outcome_version=opened)

    stale = _record(carla, idea, outcome="Fewer tickets", base_outcome_version=opened)
    current = _version(carla, idea)
    on_top = _record(carla, idea, outcome="Fewer tickets", base_outcome_version=current)

    assert first.status_code == 200
    assert first.json()["outcome_version"] == current != opened
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Linus Torvalds recorded an outcome on ")
    assert stale.json()["current_outcome_version"] == current
    assert on_top.status_code == 200
    assert on_top.json()["outcome"] == "Fewer tickets"
    assert Activity.objects.filter(verb="idea.outcome_recorded").count() == 2


def test_without_a_base_the_last_outcome_wins_as_before(demo):
    idea = _delivered(demo)
    opened = _version(demo["carla"], idea)
    _record(demo["linus"], idea, outcome="Shipped to all", base_outcome_version=opened)

    response = _record(demo["carla"], idea, outcome="Fewer tickets")

    assert (response.status_code, response.json()["outcome"]) == (200, "Fewer tickets")


def test_an_outcome_changed_and_changed_back_is_no_conflict(demo):
    """The base is the outcome's content: back to what she read, she loses nothing."""
    idea = _delivered(demo)
    _record(demo["linus"], idea, outcome="Shipped", value="3", unit="teams")
    opened = _version(demo["carla"], idea)
    _record(demo["linus"], idea, outcome="Shipped to all")
    _record(demo["linus"], idea, outcome="Shipped", value="3.00", unit="teams")

    response = _record(demo["carla"], idea, outcome="Mine", base_outcome_version=opened)

    assert (response.status_code, response.json()["outcome"]) == (200, "Mine")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_outcomes_from_the_same_base_exactly_one_wins(demo):
    idea = _delivered(demo)
    opened = _version(demo["carla"], idea)
    linus, carla = signed_in(demo["linus"]), signed_in(demo["carla"])

    def record(client, text):
        return lambda: (
            client.put(
                f"/api/v1/ideas/{idea.pk}/outcome/",
                {"outcome": text, "base_outcome_version": opened},
                content_type="application/json",
            ).status_code
        )

    statuses = race([record(linus, "Linus's"), record(carla, "Carla's")])

    assert sorted(statuses) == [200, 409]
    idea.refresh_from_db()
    assert idea.outcome == ("Linus's" if statuses[0] == 200 else "Carla's")
    assert Activity.objects.filter(verb="idea.outcome_recorded").count() == 1


def test_a_recorder_the_reader_may_not_see_is_not_named(demo):
    """Margaret, a platform admin in no community: Carla, a customer, cannot find her."""
    idea = _delivered(demo)
    opened = _version(demo["carla"], idea)
    _record(demo["margaret"], idea, outcome="Shipped to all", base_outcome_version=opened)

    stale = _record(demo["carla"], idea, outcome="Mine", base_outcome_version=opened)
    for_linus = _record(demo["linus"], idea, outcome="Mine", base_outcome_version=opened)

    assert stale.json()["detail"].startswith("Someone recorded an outcome on ")
    assert for_linus.json()["detail"].startswith("Margaret Hamilton recorded an outcome on ")
