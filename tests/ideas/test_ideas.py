"""Boards and ideas through the API: the submission form, revisions, co-authors,
ideas building on others, and similar ideas suggested while typing."""

from ideas.models import Idea, Revision
from ideas.services.boards import board_create
from ideas.services.contributors import credits
from ideas.services.ideas import idea_submit
from search.indexing import index_now
from tests.fixtures.personas import community, signed_in


def _board(demo, **options):
    return board_create(
        actor=demo["linus"], community=community("customer-council"), title="Ideas?", **options
    )


def test_a_board_opens_with_the_default_stages_and_its_form(demo):
    response = signed_in(demo["linus"]).post(
        f"/api/v1/communities/{community('customer-council').pk}/boards/",
        {
            "title": "How should we onboard new customers?",
            "fields": [
                {"label": "Team", "kind": "choice", "choices": ["Sales", "Support"]},
                {"label": "Hours saved a week", "kind": "number", "required": True},
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    board = response.json()
    assert [s["name"] for s in board["stages"]] == [
        "Submitted",
        "Under review",
        "Accepted",
        "In progress",
        "Delivered",
        "Declined",
    ]
    assert [f["label"] for f in board["fields"]] == ["Team", "Hours saved a week"]
    assert board["me"] == {
        "can_submit": True,
        "can_vote": True,
        "is_moderator": True,
        "votes_used": 0,
        "votes_left": None,
    }


def test_bad_boards_are_refused_field_by_field(demo):
    response = signed_in(demo["linus"]).post(
        f"/api/v1/communities/{community('customer-council').pk}/boards/",
        {
            "title": "Q",
            "who_may_vote": "everyone",
            "stages": [{"name": "Done", "kind": "delivered"}],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    errors = response.json()["fields"]
    assert set(errors) == {"who_may_vote"}, errors  # the serializer answers first

    response = signed_in(demo["linus"]).post(
        f"/api/v1/communities/{community('customer-council').pk}/boards/",
        {"title": "Q", "stages": [{"name": "Done", "kind": "delivered"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "stages" in response.json()["fields"]


def test_a_submission_answers_the_boards_form_or_is_told_what_is_wrong(demo):
    board = _board(
        demo,
        fields=[
            {"label": "Team", "kind": "choice", "choices": ["Sales", "Support"]},
            {"label": "Hours saved", "kind": "number", "required": True},
        ],
    )
    team, hours = (str(field.pk) for field in board.fields.all())
    carla = signed_in(demo["carla"])
    path = f"/api/v1/boards/{board.pk}/ideas/"

    wrong = carla.post(
        path,
        {"title": "", "body": "x", "field_values": {team: "Marketing"}},
        content_type="application/json",
    )
    right = carla.post(
        path,
        {
            "title": "A welcome call",
            "body": "Call each new customer in their first week.",
            "tags": ["onboarding", "#Support"],
            "field_values": {team: "Support", hours: "3.5"},
        },
        content_type="application/json",
    )

    assert wrong.status_code == 400
    assert set(wrong.json()["fields"]) == {"title"}, "the serializer's errors first, field by field"
    assert right.status_code == 201, right.json()
    idea = right.json()
    assert idea["stage"]["name"] == "Submitted"
    assert idea["tags"] == ["onboarding", "support"]
    assert idea["field_values"] == {team: "Support", hours: "3.5"}
    assert [c["user"]["username"] for c in idea["contributors"]] == ["carla"]

    missing = carla.post(
        path,
        {"title": "T", "body": "B", "field_values": {team: "Marketing"}},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert missing.json()["fields"]["field_values"] == [
        "Team: choose one of Sales, Support.",
        "Hours saved: this question needs an answer.",
    ]


def test_co_authors_are_invited_accept_edit_and_are_credited(demo):
    board = _board(demo)
    idea = idea_submit(actor=demo["carla"], board=board, title="Portal", body="A portal.")
    carla, ada, linus = (signed_in(demo[name]) for name in ("carla", "ada", "linus"))

    before_accepting = ada.put(
        f"/api/v1/ideas/{idea.pk}/", {"title": "Mine", "body": "x"}, content_type="application/json"
    )
    invited = carla.post(
        f"/api/v1/ideas/{idea.pk}/coauthors/",
        {"user_id": demo["ada"].pk},
        content_type="application/json",
    )
    twice = carla.post(
        f"/api/v1/ideas/{idea.pk}/coauthors/",
        {"user_id": demo["ada"].pk},
        content_type="application/json",
    )
    not_hers = linus.post(
        f"/api/v1/ideas/{idea.pk}/coauthors/respond/",
        {"accept": True},
        content_type="application/json",
    )
    accepted = ada.post(
        f"/api/v1/ideas/{idea.pk}/coauthors/respond/",
        {"accept": True},
        content_type="application/json",
    )
    edited = ada.put(
        f"/api/v1/ideas/{idea.pk}/",
        {"title": "A customer portal", "body": "A portal, with single sign-on."},
        content_type="application/json",
    )
    history = carla.get(f"/api/v1/ideas/{idea.pk}/revisions/").json()

    assert before_accepting.status_code == 403
    assert (invited.status_code, twice.status_code, not_hers.status_code) == (201, 409, 409)
    assert accepted.status_code == 204
    assert edited.status_code == 200
    assert edited.json()["title"] == "A customer portal"
    assert [(r["number"], r["editor"]["username"], r["title"]) for r in history] == [
        (2, "ada", "A customer portal"),
        (1, "carla", "Portal"),
    ]
    assert Revision.objects.filter(idea=idea).count() == 2
    assert [person.username for person in credits(idea)] == ["carla", "ada"]


def test_an_idea_builds_on_another_and_both_show_it(demo):
    board = _board(demo)
    first = idea_submit(actor=demo["ada"], board=board, title="Chat support", body="Live chat.")
    second = idea_submit(actor=demo["carla"], board=board, title="Chat bot", body="A bot first.")
    carla = signed_in(demo["carla"])

    linked = carla.post(
        f"/api/v1/ideas/{second.pk}/builds-on/",
        {"source_id": first.pk},
        content_type="application/json",
    )
    itself = carla.post(
        f"/api/v1/ideas/{second.pk}/builds-on/",
        {"source_id": second.pk},
        content_type="application/json",
    )
    hidden = carla.post(
        f"/api/v1/ideas/{second.pk}/builds-on/",
        {"source_id": 999999},
        content_type="application/json",
    )

    assert (linked.status_code, itself.status_code, hidden.status_code) == (201, 400, 404)
    assert carla.get(f"/api/v1/ideas/{second.pk}/").json()["builds_on"] == [
        {"id": first.pk, "title": "Chat support"}
    ]
    assert carla.get(f"/api/v1/ideas/{first.pk}/").json()["built_upon_by"] == [
        {"id": second.pk, "title": "Chat bot"}
    ]


def test_an_idea_no_longer_builds_on_another(demo):
    board = _board(demo)
    first = idea_submit(actor=demo["ada"], board=board, title="Chat support", body="Live chat.")
    second = idea_submit(actor=demo["carla"], board=board, title="Chat bot", body="A bot first.")
    link = f"/api/v1/ideas/{second.pk}/builds-on/{first.pk}/"
    signed_in(demo["carla"]).post(
        f"/api/v1/ideas/{second.pk}/builds-on/", {"source_id": first.pk}, "application/json"
    )

    not_hers = signed_in(demo["ada"]).delete(link)  # she reads it, but did not write it
    stranger = signed_in(demo["otto"]).delete(link)
    removed = signed_in(demo["carla"]).delete(link)
    again = signed_in(demo["carla"]).delete(link)

    assert (not_hers.status_code, stranger.status_code) == (403, 404)
    assert (removed.status_code, again.status_code) == (204, 404)
    assert signed_in(demo["ada"]).get(f"/api/v1/ideas/{first.pk}/").json()["built_upon_by"] == []


def test_similar_ideas_are_suggested_while_typing(demo, search_indices):
    board = _board(demo)
    for title, body in [
        ("Customer portal with single sign-on", "Log in once."),
        ("Faster invoices", "Send invoices the same day."),
        ("Portal for partners", "Partners see their orders."),
    ]:
        idea_submit(actor=demo["ada"], board=board, title=title, body=body)
    index_now("idea", Idea.objects.values_list("pk", flat=True), refresh=True)
    carla = signed_in(demo["carla"])

    suggested = carla.get(f"/api/v1/boards/{board.pk}/similar/", {"text": "a portal to sign in"})
    nothing = carla.get(f"/api/v1/boards/{board.pk}/similar/", {"text": "a b c"})

    assert [i["title"] for i in suggested.json()] == [
        "Customer portal with single sign-on",
        "Portal for partners",
    ]
    assert nothing.json() == []
