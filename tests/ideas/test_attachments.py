"""Files attached to ideas: checked by content like a post's, stored with the idea or
not at all, and served only to those who may read the idea."""

import json

import pytest

from ideas.models import Attachment
from ideas.services.boards import board_create
from tests.fixtures.personas import client_for, community, signed_in
from tests.network import media_files as files


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def board(demo):
    return board_create(
        actor=demo["linus"],
        community=community("customer-council"),
        title="Ideas?",
        fields=[{"label": "Team", "kind": "choice", "choices": ["Sales", "Support"]}],
    )


def _submit(client, board, *uploads, **fields):
    data = {"title": "A welcome kit", "body": "What we send on day one.", **fields}
    if uploads:
        data["attachments"] = list(uploads)
    return client.post(f"/api/v1/boards/{board.pk}/ideas/", data)  # multipart


def test_an_idea_is_submitted_with_files_and_its_form_answers(demo, board):
    team = str(board.fields.get().pk)

    response = _submit(
        signed_in(demo["carla"]),
        board,
        files.image("sketch.png"),
        files.pdf("plan.pdf"),
        tags=["onboarding", "kit"],
        field_values=json.dumps({team: "Support"}),
    )

    assert response.status_code == 201, response.json()
    idea = response.json()
    assert [(a["name"], a["content_type"]) for a in idea["attachments"]] == [
        ("sketch.png", "image/png"),
        ("plan.pdf", "application/pdf"),
    ]
    assert idea["attachments"][0]["thumbnail_url"]
    assert idea["field_values"] == {team: "Support"}
    assert idea["tags"] == ["kit", "onboarding"]


def test_a_bad_file_refuses_the_whole_idea_and_stores_nothing(demo, board, media_root):
    response = _submit(signed_in(demo["carla"]), board, files.image(), files.exe_as_pdf())

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["attachments"]
    assert not board.ideas.exists()
    assert not Attachment.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()], "no file left behind"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("carla", 200),
        ("ada", 200),
        ("linus", 200),
        ("margaret", 200),
        ("grace", 404),
        ("otto", 404),
        ("pat", 404),
        ("anonymous", 404),
    ],
)
def test_an_ideas_files_are_served_to_its_readers_only(demo, board, who, status):
    created = _submit(signed_in(demo["carla"]), board, files.image("sketch.png")).json()
    attachment = created["attachments"][0]

    client = client_for(demo, who)
    answers = (
        client.get(attachment["url"]).status_code,
        client.get(attachment["thumbnail_url"]).status_code,
    )

    assert answers == (status, status)
