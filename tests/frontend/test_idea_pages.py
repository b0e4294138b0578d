"""Idea board pages: who sees what (404) and may do what (403), the submit form that
keeps what was typed, similar ideas while typing, votes with hidden counts and
budgets, and co-authoring an idea through its page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ideas.demo import CUSTOMER_BOARD, INTERNAL_BOARD
from ideas.models import Board, Contributor, Idea, Revision
from ideas.services.boards import board_create
from ideas.services.contributors import builds_on_add
from ideas.services.ideas import idea_submit
from ideas.services.votes import vote_cast
from network.models import User
from tests.fixtures.ideas import demo_idea as _idea
from tests.fixtures.personas import client_for, council, signed_in
from tests.fixtures.search import index_everything

HTMX = {"HTTP_HX_REQUEST": "true"}


# Written by hand from network/personas.py: a board is read by its community's
# readers; a private community's board does not exist for anyone else.
BOARD_PAGE = {
    "customer": {
        "anonymous": "login",
        "ada": 200,
        "linus": 200,
        "carla": 200,
        "margaret": 200,
        "grace": 404,
        "pat": 404,
        "otto": 404,
    },
    "internal": {
        "anonymous": "login",
        "ada": 200,
        "linus": 200,
        "grace": 200,
        "margaret": 200,
        "carla": 404,
        "pat": 404,
        "otto": 404,
    },
}
ANY_IDEA_OF = {"customer": "Single sign-on with Okta", "internal": "Run the slow tests at night"}


# Who may ask, not what comes back (that is tests/search/test_similar.py, on both
# backends): the database backend spares each case building its own indices.
@pytest.mark.usefixtures("database_search")
@pytest.mark.parametrize(
    ("which", "who"), [(board, who) for board, row in BOARD_PAGE.items() for who in row]
)
def test_board_and_idea_pages_answer_exactly_their_readers(demo, demo_boards, which, who):
    board = demo_boards[which]
    idea = _idea(ANY_IDEA_OF[which])
    client = client_for(demo, who)
    expected = BOARD_PAGE[which][who]

    urls = [
        reverse("idea-board", args=[board.pk]),
        reverse("idea", args=[idea.pk]),
        reverse("idea-vote", args=[idea.pk]),
        reverse("idea-similar", args=[board.pk]) + "?title=slow",
        reverse("idea-cards", args=[board.pk]) + f"?ids={idea.pk}",
    ]
    for url in urls:
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
        else:
            assert response.status_code == expected, url


def test_a_customer_opening_an_internal_board_gets_the_404_page(demo, demo_boards):
    response = signed_in(demo["carla"]).get(
        reverse("idea-board", args=[demo_boards["internal"].pk])
    )

    assert response.status_code == 404
    body = response.content.decode()
    assert INTERNAL_BOARD not in body
    assert "Run the slow tests at night" not in body


def test_the_community_page_lists_its_boards(demo, demo_boards):
    body = signed_in(demo["carla"]).get(reverse("community", args=[council().pk])).content.decode()

    assert CUSTOMER_BOARD in body
    assert "3 ideas" in body
    assert "Open" in body
    assert INTERNAL_BOARD not in body


def test_the_board_page_shows_its_ideas_newest_first_with_the_readers_votes(demo, demo_boards):
    board = demo_boards["customer"]

    page = signed_in(demo["carla"]).get(reverse("idea-board", args=[board.pk]), {"sort": "new"})
    body = page.content.decode()

    titles = ["Export reports to Excel", "Data residency in the EU", "Single sign-on with Okta"]
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)
    # carla voted for the EU idea: she may withdraw it; she has 4 of 5 votes left.
    eu = body[body.index(f'id="idea-vote-{_idea("Data residency in the EU").pk}"') :]
    assert "Withdraw vote" in eu[: eu.index("</div>")]
    assert "<strong>4</strong> of 5 votes left" in body
    assert "Every member" in body  # who may take part


def test_counts_stay_hidden_until_the_reader_voted(demo, demo_boards):
    idea = _idea("Run the slow tests at night")  # ada and linus voted; grace wrote it
    url = reverse("idea-vote", args=[idea.pk])

    grace = signed_in(demo["grace"]).get(url).content.decode()
    ada = signed_in(demo["ada"]).get(url).content.decode()
    board = signed_in(demo["grace"]).get(reverse("idea-board", args=[demo_boards["internal"].pk]))

    assert "Vote to see" in grace
    assert "<strong>2</strong>" not in grace
    assert "<strong>2</strong> votes" in ada
    assert "Vote to see" in board.content.decode()


def test_a_vote_and_its_withdrawal_answer_htmx_with_the_vote_box(demo, demo_boards):
    idea = _idea("Export reports to Excel")
    ada = signed_in(demo["ada"])

    voted = ada.post(reverse("idea-vote", args=[idea.pk]), {"value": "1"}, **HTMX)
    withdrawn = ada.post(reverse("idea-unvote", args=[idea.pk]), **HTMX)

    assert voted.status_code == 200
    assert "<strong>1</strong> vote" in voted.content.decode()
    assert "Withdraw vote" in voted.content.decode()
    assert 'id="votes-left" hx-swap-oob="true"' in voted.content.decode()
    assert "<strong>0</strong> votes" in withdrawn.content.decode()
    idea.refresh_from_db()
    assert idea.up_votes == 0


def test_a_used_up_budget_is_said_next_to_the_button(demo, demo_boards):
    board = board_create(
        actor=demo["linus"], community=council(), title="One vote only", vote_budget=1
    )
    first = idea_submit(actor=demo["linus"], board=board, title="First", body="One")
    second = idea_submit(actor=demo["linus"], board=board, title="Second", body="Two")
    carla = signed_in(demo["carla"])
    carla.post(reverse("idea-vote", args=[first.pk]), {"value": "1"}, **HTMX)

    refused = carla.post(reverse("idea-vote", args=[second.pk]), {"value": "1"}, **HTMX)

    assert refused.status_code == 200
    assert "You have used your 1 votes on this board" in refused.content.decode()
    second.refresh_from_db()
    assert second.up_votes == 0


def test_a_down_vote_where_none_are_allowed_is_refused_in_words(demo, demo_boards):
    idea = _idea("Export reports to Excel")

    refused = signed_in(demo["ada"]).post(
        reverse("idea-vote", args=[idea.pk]), {"value": "-1"}, **HTMX
    )

    assert refused.status_code == 200
    assert "Vote 1." in refused.content.decode()


def test_someone_who_sees_a_board_but_may_not_take_part_gets_403(demo, demo_boards):
    # An employee outside Engineering reads its open board, but takes part only by joining.
    erin = signed_in(User.objects.create(username="erin", first_name="Erin", last_name="New"))
    board = demo_boards["internal"]
    idea = _idea("Run the slow tests at night")

    assert erin.get(reverse("idea-board", args=[board.pk])).status_code == 200
    assert erin.get(reverse("idea-submit", args=[board.pk])).status_code == 403
    assert erin.post(reverse("idea-submit", args=[board.pk]), {"title": "X"}).status_code == 403
    assert erin.post(reverse("idea-vote", args=[idea.pk]), {"value": "1"}).status_code == 403
    assert erin.post(reverse("idea-unvote", args=[idea.pk])).status_code == 403
    edit = {"edit-title": "X", "edit-body": "Y", "edit-tags": ""}
    assert erin.post(reverse("idea", args=[idea.pk]), edit).status_code == 403
    invite = {"user": demo["ada"].pk}
    assert erin.post(reverse("idea-coauthor-invite", args=[idea.pk]), invite).status_code == 403
    assert not Idea.objects.filter(title="X").exists()
    idea.refresh_from_db()
    assert idea.up_votes == 2
    # and nobody outside a private community learns that its board exists
    customer = demo_boards["customer"]
    assert (
        signed_in(demo["otto"]).get(reverse("idea-submit", args=[customer.pk])).status_code == 404
    )


def test_the_submit_form_shows_each_error_next_to_its_field_keeping_what_was_typed(
    demo, demo_boards
):
    board = demo_boards["customer"]
    team, hours = board.fields.all()

    response = signed_in(demo["carla"]).post(
        reverse("idea-submit", args=[board.pk]),
        {
            "title": "",
            "body": "Dashboards that load in under a second",
            "tags": "speed dash-board",
            f"field_{team.pk}": "Marketing",
            f"field_{hours.pk}": "a lot",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["This field is required."]
    assert "Marketing is not one of the available choices." in form.errors[f"field_{team.pk}"][0]
    assert form.errors[f"field_{hours.pk}"] == ["Enter a number."]
    body = response.content.decode()
    assert "Dashboards that load in under a second</textarea>" in body
    assert 'value="a lot"' in body
    assert 'class="field field--invalid"' in body
    assert not Idea.objects.filter(body__startswith="Dashboards").exists()


def test_a_bad_tag_is_refused_next_to_the_tags_field(demo, demo_boards):
    response = signed_in(demo["carla"]).post(
        reverse("idea-submit", args=[demo_boards["customer"].pk]),
        {"title": "Faster dashboards", "body": "Please.", "tags": "speed dash-board"},
    )

    assert response.status_code == 200
    assert "is not a tag" in response.context["form"].errors["tags"][0]
    assert 'value="speed dash-board"' in response.content.decode()


def test_one_submit_shows_every_error_at_once_each_by_its_field_keeping_what_was_typed(demo):
    """The board's required questions, the title and the tags are all told on the first
    submit: nobody fixes one error to be shown the next."""
    board = board_create(
        actor=demo["linus"],
        community=council(),
        title="What should we build next?",
        fields=[
            {"label": "Team", "kind": "choice", "choices": ["IT", "Finance"], "required": True},
            {"label": "Who asked for it", "kind": "text", "required": True},
            {"label": "Hours saved", "kind": "number", "required": True},
        ],
    )
    team, asked, hours = board.fields.order_by("position", "pk")
    typed = {
        "title": "   ",
        "body": "Dashboards that load in under a second",
        "tags": "speed dash-board",
        f"field_{team.pk}": "",
        f"field_{asked.pk}": "",
        f"field_{hours.pk}": "a lot",
    }

    response = signed_in(demo["carla"]).post(reverse("idea-submit", args=[board.pk]), typed)

    assert response.status_code == 200
    page = response.content.decode()
    for field, error in [
        ("title", "This field is required."),
        ("tags", "&#x27;dash-board&#x27; is not a tag: letters, digits, _."),
        (f"field_{team.pk}", "This field is required."),
        (f"field_{asked.pk}", "This field is required."),
        (f"field_{hours.pk}", "Enter a number."),
    ]:
        assert f'<div class="field__error" id="id_{field}_error">{error}</div>' in page, field
    assert page.count('class="field field--invalid"') == 5
    assert "Dashboards that load in under a second</textarea>" in page
    assert 'value="speed dash-board"' in page and 'value="a lot"' in page
    assert not Idea.objects.filter(board=board).exists()

    # Too many tags is said with the rest as well.
    many = " ".join(f"tag{n}" for n in range(11))
    page = (
        signed_in(demo["carla"])
        .post(reverse("idea-submit", args=[board.pk]), {**typed, "tags": many})
        .content.decode()
    )
    assert '<div class="field__error" id="id_tags_error">Use at most 10 tags.</div>' in page
    assert 'id="id_title_error"' in page and f'id="id_field_{hours.pk}_error"' in page


def test_a_customer_submits_an_idea_with_the_boards_questions(demo, demo_boards):
    board = demo_boards["customer"]
    team, hours = board.fields.all()

    response = signed_in(demo["carla"]).post(
        reverse("idea-submit", args=[board.pk]),
        {
            "title": "Faster dashboards",
            "body": "Load them in **under a second**.",
            "tags": "speed, dashboards",
            f"field_{team.pk}": "Finance",
            f"field_{hours.pk}": "3.5",
        },
        follow=True,
    )

    idea = Idea.objects.get(title="Faster dashboards")
    assert response.redirect_chain[-1][0] == reverse("idea", args=[idea.pk])
    assert idea.field_values == {str(team.pk): "Finance", str(hours.pk): "3.5"}
    body = response.content.decode()
    assert "<strong>under a second</strong>" in body
    assert "Hours saved a week" in body
    assert "#dashboards" in body
    assert "Revision 1" in body


def test_similar_ideas_appear_while_typing(demo, demo_boards, search_indices):
    index_everything()
    board = demo_boards["customer"]
    url = reverse("idea-similar", args=[board.pk])

    found = signed_in(demo["carla"]).get(url, {"title": "Okta login", "body": ""})
    nothing = signed_in(demo["carla"]).get(url, {"title": "zebra"})

    assert found.status_code == 200
    assert "Single sign-on with Okta" in found.content.decode()
    assert "Similar ideas" not in nothing.content.decode()
    assert signed_in(demo["otto"]).get(url, {"title": "Okta"}).status_code == 404


def test_an_author_invites_a_coauthor_who_accepts_and_edits(demo, demo_boards):
    idea = _idea("Export reports to Excel")  # carla's
    carla, ada = signed_in(demo["carla"]), signed_in(demo["ada"])
    invite_url = reverse("idea-coauthor-invite", args=[idea.pk])
    edit = {"edit-title": "Export reports to Excel and CSV", "edit-body": "Both.", "edit-tags": ""}

    assert ada.post(invite_url, {"user": demo["linus"].pk}).status_code == 403
    carla.post(invite_url, {"user": demo["ada"].pk})
    assert "Co-author this idea?" in ada.get(reverse("idea", args=[idea.pk])).content.decode()
    assert ada.post(reverse("idea", args=[idea.pk]), edit).status_code == 403  # not yet
    ada.post(reverse("idea-coauthor-respond", args=[idea.pk]), {"accept": "1"})
    saved = ada.post(reverse("idea", args=[idea.pk]), edit, follow=True)

    assert Contributor.objects.get(idea=idea, user=demo["ada"]).status == "accepted"
    assert Revision.objects.get(idea=idea, number=2).editor == demo["ada"]
    body = saved.content.decode()
    assert "Export reports to Excel and CSV" in body
    assert "Revision 2 · Ada" in body
    assert "Co-author" in body


def test_an_invitation_to_someone_outside_the_community_is_refused_next_to_the_field(
    demo, demo_boards
):
    idea = _idea("Export reports to Excel")

    response = signed_in(demo["carla"]).post(
        reverse("idea-coauthor-invite", args=[idea.pk]), {"user": demo["otto"].pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.context["coauthor_form"].errors["user"][0]


def test_a_bad_edit_keeps_what_was_typed(demo, demo_boards):
    idea = _idea("Export reports to Excel")

    response = signed_in(demo["carla"]).post(
        reverse("idea", args=[idea.pk]),
        {"edit-title": "", "edit-body": "Kept text", "edit-tags": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert "Kept text</textarea>" in response.content.decode()
    idea.refresh_from_db()
    assert idea.title == "Export reports to Excel"


def test_new_idea_cards_leave_out_what_the_reader_may_not_see(demo, demo_boards):
    customer_idea = _idea("Export reports to Excel")
    internal_idea = _idea("Run the slow tests at night")
    url = reverse("idea-cards", args=[demo_boards["customer"].pk])

    body = (
        signed_in(demo["carla"])
        .get(url, {"ids": f"{customer_idea.pk},{internal_idea.pk},x"})
        .content.decode()
    )

    assert "Export reports to Excel" in body
    assert "Run the slow tests at night" not in body


def test_the_board_page_reads_a_fixed_number_of_queries_however_many_ideas(demo, demo_boards):
    board = demo_boards["customer"]
    carla = signed_in(demo["carla"])
    url = reverse("idea-board", args=[board.pk])
    carla.get(url)  # sessions, caches warmed

    with CaptureQueriesContext(connection) as three:
        carla.get(url)
    for n in range(10):
        idea = idea_submit(
            actor=demo["ada"], board=board, title=f"More {n}", body="More", tags=["more", f"n{n}"]
        )
        if n < 3:  # within linus's budget of five
            vote_cast(actor=demo["linus"], idea=idea)
    with CaptureQueriesContext(connection) as thirteen:
        body = carla.get(url).content.decode()

    assert body.count('class="card idea-card"') == 13
    assert len(thirteen) == len(three)


def test_an_idea_page_shows_its_answers_and_the_ideas_it_builds_on_both_ways(demo, demo_boards):
    board = demo_boards["customer"]
    team, _ = board.fields.all()
    first = _idea("Single sign-on with Okta")
    second = idea_submit(
        actor=demo["carla"],
        board=board,
        title="Okta groups as communities",
        body="Sync them.",
        field_values={str(team.pk): "IT"},
    )
    builds_on_add(actor=demo["carla"], idea=second, source=first)
    carla = signed_in(demo["carla"])

    second_page = carla.get(reverse("idea", args=[second.pk])).content.decode()
    first_page = carla.get(reverse("idea", args=[first.pk])).content.decode()

    assert "<dt>Team</dt><dd>IT</dd>" in second_page
    assert "Builds on" in second_page
    assert reverse("idea", args=[first.pk]) in second_page
    assert "Built upon by" in first_page
    assert "Okta groups as communities" in first_page


def test_a_closed_board_sends_the_submitter_back_with_a_reason(demo, demo_boards):
    board = demo_boards["customer"]
    Board.objects.filter(pk=board.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    response = signed_in(demo["carla"]).get(reverse("idea-submit", args=[board.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("idea-board", args=[board.pk])
    body = response.content.decode()
    assert "This board is not taking ideas now." in body
    assert "Submit an idea" not in body
    assert "Closed" in body


def test_similar_ideas_while_editing_leave_out_the_idea_itself(demo, demo_boards, search_indices):
    index_everything()
    idea = _idea("Single sign-on with Okta")
    url = reverse("idea-similar", args=[demo_boards["customer"].pk])

    body = (
        signed_in(demo["ada"])
        .get(url, {"edit-title": "Single sign-on with Okta", "exclude": idea.pk})
        .content.decode()
    )

    assert "Single sign-on with Okta" not in body


def _listed_titles(client, board, sort=None) -> list[str]:
    query = {"sort": sort} if sort else {}
    response = client.get(reverse("idea-board", args=[board.pk]), query)
    assert response.status_code == 200
    return [idea.title for idea in response.context["ideas"]]


def test_the_board_page_lists_ideas_in_the_order_chosen(demo, demo_boards):
    board = demo_boards["customer"]
    Idea.objects.filter(board=board).update(up_votes=0, down_votes=0, comment_count=0)
    favourite = Idea.objects.filter(board=board).order_by("created_at").first()
    Idea.objects.filter(pk=favourite.pk).update(up_votes=40, comment_count=12)
    carla = signed_in(demo["carla"])

    page = carla.get(reverse("idea-board", args=[board.pk]))

    assert list(page.context["sorts"]) == ["hot", "top", "new", "discussed", "random"]
    assert page.context["sort"] == "hot", "hot by default"
    for sort in ("hot", "top", "discussed"):
        assert _listed_titles(carla, board, sort)[0] == favourite.title, sort
    assert _listed_titles(carla, board, "new")[-1] == favourite.title
    assert _listed_titles(carla, board, "nonsense") == _listed_titles(carla, board, "hot")


def test_a_board_hiding_votes_offers_no_vote_orders_to_participants(demo, demo_boards):
    board = demo_boards["internal"]
    grace, linus = signed_in(demo["grace"]), signed_in(demo["linus"])

    participant = grace.get(reverse("idea-board", args=[board.pk]), {"sort": "top"})
    moderator = linus.get(reverse("idea-board", args=[board.pk]), {"sort": "top"})

    assert list(participant.context["sorts"]) == ["new", "discussed", "random"]
    assert participant.context["sort"] == "random", "asked for top, given the default"
    assert moderator.context["sort"] == "top"
