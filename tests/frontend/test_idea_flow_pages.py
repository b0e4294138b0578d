"""An idea's life after submission on its page: the discussion (comment, delete,
hide, restore), following, stage moves with their public notes, and outcomes.
Who sees (404) and who may act (403), and forms that keep what was typed."""

import re

import pytest
from django.urls import reverse

from ideas.demo import CUSTOMER_BOARD, seed_ideas
from ideas.models import Board, Comment, Follower, Idea, Participation, Stage, StageChange
from ideas.services.boards import board_create
from ideas.services.discussion import comment_create
from ideas.services.ideas import idea_submit
from ideas.services.stages import stage_move
from tests.fixtures.personas import client_for, council, signed_in

HTMX = {"HTTP_HX_REQUEST": "true"}
OKTA = "Single sign-on with Okta"  # carla's, ada co-authors; linus moderates the board


@pytest.fixture
def board(demo) -> Board:
    seed_ideas()
    return Board.objects.get(title=CUSTOMER_BOARD)


@pytest.fixture
def okta(board) -> Idea:
    return Idea.objects.get(title=OKTA)


def _stage(board: Board, name: str) -> Stage:
    return board.stages.get(name=name)


# A private community's board: its members and the platform admin read it; nobody else.
READERS = {"anonymous": "login", "carla": 200, "ada": 200, "linus": 200, "margaret": 200}
STRANGERS = ["grace", "pat", "otto"]


@pytest.mark.parametrize("who", [*READERS, *STRANGERS])
def test_the_fragments_answer_exactly_the_ideas_readers(demo, okta, who):
    client = client_for(demo, who)
    comment = comment_create(actor=demo["carla"], idea=okta, body="Also SCIM, please.")
    get_urls = [reverse("idea-comments", args=[okta.pk]), reverse("idea-stage", args=[okta.pk])]
    post_urls = [
        reverse("idea-comment", args=[okta.pk]),
        reverse("idea-comment-delete", args=[comment.pk]),
        reverse("idea-comment-hide", args=[comment.pk]),
        reverse("idea-comment-unhide", args=[comment.pk]),
        reverse("idea-follow", args=[okta.pk]),
        reverse("idea-unfollow", args=[okta.pk]),
        reverse("idea-stage-move", args=[okta.pk]),
        reverse("idea-outcome", args=[okta.pk]),
    ]
    for url in get_urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"], url
        elif who in STRANGERS:
            assert response.status_code == 404, url
        else:
            assert response.status_code == 200, url
            assert "Also SCIM" in response.content.decode() or "stage" in url
    if who in STRANGERS:
        for url in post_urls:
            assert client.post(url, {"body": "x"}, **HTMX).status_code == 404, url
        assert not okta.comments.exclude(pk=comment.pk).exists()
        assert not Follower.objects.filter(idea=okta, user=demo[who]).exists()


def test_the_idea_page_shows_its_stage_discussion_and_follow_button(demo, okta):
    comment_create(actor=demo["ada"], idea=okta, body="@carla we could use **SCIM** too")
    page = signed_in(demo["carla"]).get(reverse("idea", args=[okta.pk])).content.decode()
    assert 'id="idea-stage-badge"' in page and "Stage: <span data-current-stage>Submitted" in page
    assert "<strong>SCIM</strong>" in page and 'class="mention"' in page  # rendered, mentions
    assert 'id="idea-comment-form"' in page
    assert "Following · Unfollow" in page  # its author follows it
    assert "Move to stage" not in page  # carla does not moderate the board
    linus_page = signed_in(demo["linus"]).get(reverse("idea", args=[okta.pk])).content.decode()
    assert "Move to stage" in linus_page and ">Hide<" in linus_page


# --- Discussion ------------------------------------------------------------------------


def test_a_member_comments_and_the_list_comes_back_with_a_fresh_form(demo, okta):
    response = signed_in(demo["ada"]).post(
        reverse("idea-comment", args=[okta.pk]), {"body": "Count me in, @carla"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    comment = Comment.objects.get(idea=okta)
    assert comment.author == demo["ada"] and comment.body == "Count me in, @carla"
    form, listed = html.split('hx-swap-oob="true"')  # the list rides along, out of band
    assert f'id="comment-{comment.pk}"' in listed and "Count me in" in listed
    assert "</textarea>" in form and "Count me in" not in form  # emptied for the next one
    okta.refresh_from_db()
    assert okta.comment_count == 1


def test_a_refused_comment_keeps_the_text_next_to_its_error(demo, okta):
    client = signed_in(demo["carla"])
    url = reverse("idea-comment", args=[okta.pk])
    response = client.post(url, {"body": "   "}, **HTMX)
    assert response.status_code == 200
    assert 'class="field__error" id="id_body_error">Write something.' in response.content.decode()
    too_long = "x" * 10001
    html = client.post(url, {"body": too_long}, **HTMX).content.decode()
    assert "at most 10000 characters" in html and f">\n{too_long}</textarea>" in html
    # Without JavaScript: the idea's page, with the same error and text.
    page = client.post(url, {"body": too_long}).content.decode()
    assert "at most 10000 characters" in page and too_long in page
    assert not Comment.objects.filter(idea=okta).exists()


def test_only_those_the_board_lets_comment_may_comment(demo, board):
    employees_only = board_create(
        actor=demo["linus"],
        community=council(),
        title="Internal notes",
        who_may_comment=Participation.EMPLOYEES,
    )
    idea = idea_submit(actor=demo["carla"], board=employees_only, title="Dark mode", body="Yes.")
    page = signed_in(demo["carla"]).get(reverse("idea", args=[idea.pk])).content.decode()
    assert 'id="idea-comment-form"' not in page
    url = reverse("idea-comment", args=[idea.pk])
    assert signed_in(demo["carla"]).post(url, {"body": "Me too"}, **HTMX).status_code == 403
    assert signed_in(demo["ada"]).post(url, {"body": "Agreed"}, **HTMX).status_code == 200
    assert list(idea.comments.values_list("body", flat=True)) == ["Agreed"]


def test_authors_delete_their_comments_and_nobody_elses(demo, okta):
    comment = comment_create(actor=demo["carla"], idea=okta, body="Typo here")
    url = reverse("idea-comment-delete", args=[comment.pk])
    assert signed_in(demo["ada"]).post(url, **HTMX).status_code == 403
    assert signed_in(demo["linus"]).post(url, **HTMX).status_code == 403  # moderators hide
    response = signed_in(demo["carla"]).post(url, **HTMX)
    assert response.status_code == 200 and "Typo here" not in response.content.decode()
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    # Gone for everyone, its author too: deleting it again finds nothing.
    assert signed_in(demo["carla"]).post(url, **HTMX).status_code == 404


def test_moderators_hide_a_comment_that_its_author_and_they_still_see_marked(demo, okta):
    comment = comment_create(actor=demo["carla"], idea=okta, body="Buy cheap watches")
    hide = reverse("idea-comment-hide", args=[comment.pk])
    assert signed_in(demo["ada"]).post(hide, **HTMX).status_code == 403
    assert signed_in(demo["carla"]).post(hide, **HTMX).status_code == 403
    html = signed_in(demo["linus"]).post(hide, **HTMX).content.decode()
    assert "Buy cheap watches" in html and "Hidden by moderators" in html and "Show again" in html

    comments = reverse("idea-comments", args=[okta.pk])
    seen_by_author = signed_in(demo["carla"]).get(comments).content.decode()
    assert "Buy cheap watches" in seen_by_author and "Hidden by moderators" in seen_by_author
    assert "Buy cheap watches" not in signed_in(demo["ada"]).get(comments).content.decode()
    # Ada cannot even name it.
    unhide = reverse("idea-comment-unhide", args=[comment.pk])
    assert signed_in(demo["ada"]).post(unhide, **HTMX).status_code == 404
    assert signed_in(demo["carla"]).post(unhide, **HTMX).status_code == 403

    html = signed_in(demo["linus"]).post(unhide, **HTMX).content.decode()
    assert "Hidden by moderators" not in html and ">Hide<" in html
    assert "Buy cheap watches" in signed_in(demo["ada"]).get(comments).content.decode()


# --- Following -------------------------------------------------------------------------


def test_a_reader_follows_and_unfollows_an_idea(demo, board):
    idea = Idea.objects.get(title="Export reports to Excel")  # carla's, nobody voted
    ada = signed_in(demo["ada"])
    html = ada.post(reverse("idea-follow", args=[idea.pk]), **HTMX).content.decode()
    assert "Following · Unfollow" in html
    assert Follower.objects.filter(idea=idea, user=demo["ada"]).exists()
    html = ada.post(reverse("idea-unfollow", args=[idea.pk]), **HTMX).content.decode()
    assert ">Follow<" in html
    assert not Follower.objects.filter(idea=idea, user=demo["ada"]).exists()
    response = ada.post(reverse("idea-follow", args=[idea.pk]))  # without JavaScript
    assert response.status_code == 302 and response["Location"] == reverse("idea", args=[idea.pk])


# --- Stages and outcomes -----------------------------------------------------------------


def test_a_moderator_moves_an_idea_with_a_public_note(demo, board, okta):
    accepted = _stage(board, "Accepted")
    url = reverse("idea-stage-move", args=[okta.pk])
    data = {"stage-stage": accepted.pk, "stage-note": "On the roadmap for Q3."}
    assert signed_in(demo["carla"]).post(url, data, **HTMX).status_code == 403
    assert signed_in(demo["ada"]).post(url, data, **HTMX).status_code == 403
    response = signed_in(demo["linus"]).post(url, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stage: <span data-current-stage>Accepted" in html
    assert "On the roadmap for Q3." in html
    assert 'id="idea-stage-badge" hx-swap-oob="true">Accepted' in html
    change = StageChange.objects.get(idea=okta)
    assert (change.to_stage, change.note, change.moved_by) == (
        accepted,
        data["stage-note"],
        demo["linus"],
    )
    # Its readers see the move and its note; participants no form.
    seen = signed_in(demo["carla"]).get(reverse("idea-stage", args=[okta.pk])).content.decode()
    assert "On the roadmap for Q3." in seen and "Move to stage" not in seen


def test_declining_needs_a_note_said_next_to_it_keeping_the_choice(demo, board, okta):
    declined = _stage(board, "Declined")
    client = signed_in(demo["linus"])
    url = reverse("idea-stage-move", args=[okta.pk])
    html = client.post(
        url, {"stage-stage": declined.pk, "stage-note": "  "}, **HTMX
    ).content.decode()
    assert 'id="id_stage-note_error">Say why the idea is declined' in html
    assert f'<option value="{declined.pk}" selected>Declined</option>' in html
    # A stage of another board: refused next to the select, the note kept.
    other = Stage.objects.exclude(board=board).first()
    html = client.post(
        url, {"stage-stage": other.pk, "stage-note": "Kept as typed"}, **HTMX
    ).content.decode()
    assert 'id="id_stage-stage_error">Choose one of the board' in html
    assert "Kept as typed</textarea>" in html
    # Already there: said next to the select.
    html = client.post(url, {"stage-stage": okta.stage_id}, **HTMX).content.decode()
    assert 'id="id_stage-stage_error">This idea is already in Submitted' in html
    # Without JavaScript, the idea's page with the same error.
    page = client.post(url, {"stage-stage": declined.pk, "stage-note": ""}).content.decode()
    assert "Say why the idea is declined" in page
    assert not StageChange.objects.filter(idea=okta).exists()


def test_outcomes_are_recorded_by_contributors_and_moderators_once_delivered(demo, board, okta):
    url = reverse("idea-outcome", args=[okta.pk])
    data = {"outcome-outcome": "Sign-ins halved.", "outcome-value": "120", "outcome-unit": "hours"}
    stage_html = signed_in(demo["carla"]).get(reverse("idea-stage", args=[okta.pk])).content
    assert b"Record the outcome" not in stage_html  # not delivered yet
    html = signed_in(demo["carla"]).post(url, data, **HTMX).content.decode()
    assert "Outcomes are recorded once the idea is delivered." in html

    stage_move(actor=demo["linus"], idea=okta, stage=_stage(board, "Delivered"))
    not_hers = Idea.objects.get(title="Data residency in the EU")  # ada's
    stage_move(actor=demo["linus"], idea=not_hers, stage=_stage(board, "Delivered"))
    assert (
        signed_in(demo["carla"])
        .post(reverse("idea-outcome", args=[not_hers.pk]), data, **HTMX)
        .status_code
        == 403
    )

    carla = signed_in(demo["carla"])
    html = carla.post(url, {**data, "outcome-value": "a lot"}, **HTMX).content.decode()
    assert 'id="id_outcome-value_error">Enter a number.' in html
    assert "Sign-ins halved.</textarea>" in html
    html = carla.post(url, {**data, "outcome-value": ""}, **HTMX).content.decode()
    assert 'id="id_outcome-unit_error">A unit goes with a value.' in html

    html = carla.post(url, data, **HTMX).content.decode()
    assert "Sign-ins halved." in html and "120 hours" in html
    okta.refresh_from_db()
    assert (okta.outcome, okta.outcome_value, okta.outcome_unit) == (
        "Sign-ins halved.",
        120,
        "hours",
    )
    ada_page = signed_in(demo["ada"]).get(reverse("idea", args=[okta.pk])).content.decode()
    assert "data-outcome" in ada_page and "120 hours" in ada_page
    credits = ada_page.split("data-outcome-credits>", 1)[1].split("</p>", 1)[0]
    assert re.sub(r"<[^>]+>", "", credits) == "Credited to Carla Customer, Ada Lovelace"
    assert "Change the outcome" in ada_page  # ada co-authors it
    assert signed_in(demo["linus"]).post(url, data, **HTMX).status_code == 200


def test_the_mover_is_named_only_to_readers_who_may_see_them(demo, board, okta):
    """Margaret (platform admin, in no community) moves it: Carla, a customer, cannot
    find her anywhere on Bridge, so the history says "a moderator" to her."""
    stage_move(actor=demo["margaret"], idea=okta, stage=_stage(board, "Under review"))
    url = reverse("idea-stage", args=[okta.pk])
    to_carla = signed_in(demo["carla"]).get(url).content.decode()
    assert "Margaret Hamilton" not in to_carla and "· a moderator" in to_carla
    assert "Margaret Hamilton" in signed_in(demo["linus"]).get(url).content.decode()


def test_without_javascript_each_action_lands_back_on_the_idea(demo, board, okta):
    page = reverse("idea", args=[okta.pk])
    carla, linus = signed_in(demo["carla"]), signed_in(demo["linus"])
    response = carla.post(reverse("idea-comment", args=[okta.pk]), {"body": "Plain form"})
    comment = Comment.objects.get(idea=okta)
    assert response["Location"] == f"{page}#comment-{comment.pk}"
    response = linus.post(reverse("idea-comment-hide", args=[comment.pk]))
    assert response.status_code == 302 and response["Location"].startswith(page)
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    response = carla.post(reverse("idea-comment-delete", args=[comment.pk]))
    assert response.status_code == 302 and response["Location"].startswith(page)
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    move = {"stage-stage": _stage(board, "In progress").pk, "stage-note": ""}
    response = linus.post(reverse("idea-stage-move", args=[okta.pk]), move)
    assert response.status_code == 302 and response["Location"] == f"{page}#stage-heading"
    assert "Moved to In progress." in linus.get(page).content.decode()
    okta.refresh_from_db()
    assert okta.stage.name == "In progress"
