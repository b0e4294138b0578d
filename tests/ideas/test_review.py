"""Reviewing ideas through the API: criteria, board roles, scores that only
moderators and reviewers see, and the moderators' funnel."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import BoardRole, Idea, Score, Stage
from ideas.services import funnel
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from ideas.services.review import board_role_grant, criteria_set, score_set
from tests.fixtures.personas import community, signed_in

JSON = "application/json"


@pytest.fixture
def board(demo):
    """A Customer Council board (linus owns the community; ada, carla members)."""
    return board_create(actor=demo["linus"], community=community("customer-council"), title="Q?")


@pytest.fixture
def criteria(demo, board):
    return criteria_set(
        actor=demo["linus"],
        board=board,
        criteria=[{"name": "Impact"}, {"name": "Effort", "description": "Less is better"}],
    )


def _idea(board, author, title="Dark mode"):
    return idea_submit(actor=author, board=board, title=title, body="Easier on the eyes.")


def test_moderators_set_the_criteria_until_the_first_score(demo, board):
    linus = signed_in(demo["linus"])
    path = f"/api/v1/boards/{board.pk}/criteria/"

    set_ = linus.put(path, {"criteria": [{"name": "Impact"}, {"name": "Cost"}]}, content_type=JSON)
    renamed = linus.put(
        path, {"criteria": [{"name": "Cost"}, {"name": "Reach", "description": "Who"}]}, JSON
    )
    by_carla = signed_in(demo["carla"]).put(path, {"criteria": [{"name": "X"}]}, JSON)
    read_by_carla = signed_in(demo["carla"]).get(path)
    twice = linus.put(path, {"criteria": [{"name": "A"}, {"name": "a"}]}, JSON)
    nameless = linus.put(path, {"criteria": [{"description": "?"}]}, JSON)
    score_set(
        actor=demo["linus"],
        idea=_idea(board, demo["ada"]),
        criterion=board.criteria.get(name="Cost"),
        value=4,
    )
    after_score = linus.put(path, {"criteria": [{"name": "Cost"}]}, JSON)

    assert set_.status_code == 200, set_.json()
    assert [c["name"] for c in renamed.json()] == ["Cost", "Reach"]
    assert [c["position"] for c in renamed.json()] == [0, 1]
    assert by_carla.status_code == 403
    assert [c["name"] for c in read_by_carla.json()] == ["Cost", "Reach"], "criteria are public"
    assert twice.status_code == 400 and "criteria" in twice.json()["fields"]
    assert nameless.status_code == 400 and "criteria" in nameless.json()["fields"]
    assert after_score.status_code == 409
    assert "scored" in after_score.json()["detail"]


def test_moderators_name_reviewers_among_the_communitys_members(demo, board):
    linus = signed_in(demo["linus"])
    path = f"/api/v1/boards/{board.pk}/roles/"

    granted = linus.post(path, {"user_id": demo["carla"].pk, "role": "reviewer"}, JSON)
    again = linus.post(path, {"user_id": demo["carla"].pk, "role": "reviewer"}, JSON)
    outsider = linus.post(path, {"user_id": demo["otto"].pk, "role": "reviewer"}, JSON)
    bad_role = linus.post(path, {"user_id": demo["carla"].pk, "role": "judge"}, JSON)
    by_ada = signed_in(demo["ada"]).post(
        path, {"user_id": demo["ada"].pk, "role": "moderator"}, JSON
    )
    roles_after_grant = set(
        BoardRole.objects.filter(board=board).values_list("user__username", "role")
    )
    revoked = linus.delete(path, {"user_id": demo["carla"].pk, "role": "reviewer"}, JSON)

    assert granted.status_code == 201, granted.json()
    assert again.status_code == 201, "granting twice is not an error"
    assert outsider.status_code == 400 and "user_id" in outsider.json()["fields"]
    assert bad_role.status_code == 400 and "role" in bad_role.json()["fields"]
    assert by_ada.status_code == 403, "a member may not name herself moderator"
    assert roles_after_grant == {("carla", "reviewer")}
    assert revoked.status_code == 204
    assert not BoardRole.objects.filter(board=board).exists()


def test_a_reviewer_scores_and_the_authors_never_see_it(demo, board, criteria):
    impact, effort = criteria
    idea = _idea(board, demo["carla"])
    board_role_grant(actor=demo["linus"], board=board, user=demo["ada"], role="reviewer")
    ada, carla, linus = (signed_in(demo[n]) for n in ("ada", "carla", "linus"))
    scores = f"/api/v1/ideas/{idea.pk}/scores/"

    first = ada.put(scores, {"criterion_id": impact.pk, "value": 4, "comment": "Big"}, JSON)
    changed = ada.put(scores, {"criterion_id": impact.pk, "value": 2}, JSON)
    linus.put(scores, {"criterion_id": impact.pk, "value": 5}, JSON)
    linus.put(scores, {"criterion_id": effort.pk, "value": 1}, JSON)
    too_high = ada.put(scores, {"criterion_id": impact.pk, "value": 6}, JSON)
    too_low = ada.put(scores, {"criterion_id": impact.pk, "value": 0}, JSON)
    elsewhere = ada.put(scores, {"criterion_id": 10**9, "value": 3}, JSON)
    by_author = carla.put(scores, {"criterion_id": impact.pk, "value": 5}, JSON)

    as_reviewer = ada.get(f"/api/v1/ideas/{idea.pk}/scorecard/").json()
    as_moderator = linus.get(f"/api/v1/ideas/{idea.pk}/scorecard/").json()
    as_author = carla.get(f"/api/v1/ideas/{idea.pk}/scorecard/")
    detail_for_author = carla.get(f"/api/v1/ideas/{idea.pk}/").json()
    listed_for_author = carla.get(f"/api/v1/boards/{board.pk}/ideas/").json()["results"][0]

    assert first.status_code == 200, first.json()
    assert changed.status_code == 200
    assert (too_high.status_code, too_low.status_code) == (400, 400)
    assert "value" in too_high.json()["fields"]
    assert elsewhere.status_code == 400 and "criterion_id" in elsewhere.json()["fields"]
    assert by_author.status_code == 404, "who may not score does not learn scores exist"
    assert Score.objects.filter(idea=idea).count() == 3, "the reviewer's score was upserted"

    impact_row = as_moderator["criteria"][0]
    assert (impact_row["mean"], impact_row["count"]) == (3.5, 2)
    assert sorted(s["value"] for s in impact_row["scores"]) == [2, 5]
    assert as_moderator["criteria"][1]["count"] == 1
    assert as_reviewer["all_reviewers"] is False
    assert [s["value"] for s in as_reviewer["criteria"][0]["scores"]] == [2], "only her own"
    assert as_reviewer["criteria"][0]["mean"] == 3.5
    assert as_author.status_code == 404
    for shown in (detail_for_author, listed_for_author):
        assert not {"scores", "scorecard", "score"} & set(shown), shown.keys()


def test_the_service_refuses_a_non_reviewer_with_403(demo, board, criteria):
    from django.core.exceptions import PermissionDenied

    idea = _idea(board, demo["ada"])

    with pytest.raises(PermissionDenied):
        score_set(actor=demo["carla"], idea=idea, criterion=criteria[0], value=3)


def test_the_funnel_counts_ideas_per_stage_and_their_time_there(demo, board):
    stages = list(board.stages.all())
    now = timezone.now()
    ideas = [_idea(board, demo["carla"], title=f"Idea {n}") for n in range(4)]
    # Submitted for 1 h and 3 h; under review for 10 h; one merged away (not counted).
    placed = [(stages[0], 1), (stages[0], 3), (stages[1], 10), (stages[1], 99)]
    for idea, (stage, hours) in zip(ideas, placed, strict=True):
        Idea.objects.filter(pk=idea.pk).update(
            stage=stage, stage_changed_at=now - timedelta(hours=hours)
        )
    Idea.objects.filter(pk=ideas[3].pk).update(merged_into=ideas[2])
    linus = signed_in(demo["linus"])
    linus.get(f"/api/v1/boards/{board.pk}/funnel/")  # sessions and the like, once

    with CaptureQueriesContext(connection) as queries:
        response = linus.get(f"/api/v1/boards/{board.pk}/funnel/")
    over_ideas = [q["sql"] for q in queries if 'FROM "ideas_idea"' in q["sql"]]
    by_carla = signed_in(demo["carla"]).get(f"/api/v1/boards/{board.pk}/funnel/")

    assert response.status_code == 200
    rows = {row["stage"]["name"]: row for row in response.json()}
    assert [row["stage"]["name"] for row in response.json()] == [s.name for s in stages]
    assert rows["Submitted"]["count"] == 2
    assert rows["Submitted"]["median_seconds"] == pytest.approx(2 * 3600, abs=60)
    assert rows["Submitted"]["mean_seconds"] == pytest.approx(2 * 3600, abs=60)
    assert rows["Under review"]["count"] == 1
    assert rows["Under review"]["median_seconds"] == pytest.approx(10 * 3600, abs=60)
    assert (rows["Accepted"]["count"], rows["Accepted"]["median_seconds"]) == (0, None)
    assert by_carla.status_code == 403, "she sees the board but not its funnel"
    assert len(over_ideas) == 1, "one aggregate query, however many ideas"
    assert "PERCENTILE_CONT" in over_ideas[0]
    assert Stage.objects.filter(board=board).count() == len(response.json())


def test_the_embedded_defaults_funnel_computes_what_postgresql_does(demo, board):
    """SQLite has no median aggregate: the embedded default computes the same figures
    in Python (services/funnel.py). Held equal to PostgreSQL's here."""
    now = timezone.now()
    for n, days in enumerate((1, 2, 4, 9)):
        idea = idea_submit(actor=demo["ada"], board=board, title=f"Idea {n}", body="…")
        Idea.objects.filter(pk=idea.pk).update(stage_changed_at=now - timedelta(days=days))
    ideas = Idea.objects.filter(board=board, merged_into__isnull=True)

    in_postgresql = {k: dict(v) for k, v in funnel._by_stage(ideas, now).items()}
    in_python = funnel._by_stage_here(ideas, now)

    for stage_id, figures in in_python.items():
        for name in ("count", "mean", "median"):
            assert figures[name] == pytest.approx(in_postgresql[stage_id][name], rel=1e-9)
    assert in_python.keys() == in_postgresql.keys()
