"""The moderators' idea pages: who reaches them (404 for who may not see the board,
403 for its participants), the new-board form keeping what was typed, review
criteria and roles, scorecards that participants never see, the funnel, and a
merge and its undo through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontend.idea_admin import humanise_seconds
from ideas.models import Board, BoardField, BoardRole, Criterion, Idea, Merge, Score, Vote
from ideas.services.review import board_role_grant, criteria_set, score_set
from tests.fixtures.ideas import demo_idea as _idea
from tests.fixtures.personas import client_for, community, council, signed_in

# Written by hand from the demo's roles: linus owns both communities, margaret is
# the platform admin; everyone else who reads a board is a participant (403); who
# may not read it gets the 404 page.
ADMIN_PAGES = {
    "customer": {
        "anonymous": "login",
        "linus": 200,
        "margaret": 200,
        "ada": 403,
        "carla": 403,
        "grace": 404,
        "pat": 404,
        "otto": 404,
    },
    "internal": {
        "anonymous": "login",
        "linus": 200,
        "margaret": 200,
        "ada": 403,
        "grace": 403,
        "carla": 404,
        "pat": 404,
        "otto": 404,
    },
}


@pytest.mark.parametrize(
    ("which", "who"), [(board, who) for board, row in ADMIN_PAGES.items() for who in row]
)
def test_board_admin_pages_answer_exactly_the_boards_moderators(demo, demo_boards, which, who):
    board = demo_boards[which]
    client = client_for(demo, who)
    expected = ADMIN_PAGES[which][who]

    for name in ("idea-board-settings", "idea-board-funnel"):
        response = client.get(reverse(name, args=[board.pk]))
        if expected == "login":
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name
        else:
            assert response.status_code == expected, name
            if expected == 404:
                assert board.title not in response.content.decode()


NEW_BOARD_PAGE = {
    "engineering": {"linus": 200, "margaret": 200, "ada": 403, "grace": 403, "carla": 404},
    "customer-council": {"linus": 200, "margaret": 200, "ada": 403, "carla": 403, "otto": 404},
}


@pytest.mark.parametrize(
    ("slug", "who"), [(slug, who) for slug, row in NEW_BOARD_PAGE.items() for who in row]
)
def test_only_a_communitys_moderators_open_boards(demo, slug, who):
    url = reverse("idea-board-new", args=[community(slug).pk])

    assert signed_in(demo[who]).get(url).status_code == NEW_BOARD_PAGE[slug][who]
    if NEW_BOARD_PAGE[slug][who] != 200:  # and posting changes nothing either
        before = Board.objects.count()
        response = signed_in(demo[who]).post(url, {"title": "Sneaky", "stage-0-name": "A"})
        assert response.status_code == NEW_BOARD_PAGE[slug][who]
        assert Board.objects.count() == before


def test_the_community_page_offers_a_new_board_to_its_moderators_only(demo):
    url = reverse("community", args=[council().pk])
    new_board = reverse("idea-board-new", args=[council().pk])

    assert new_board in signed_in(demo["linus"]).get(url).content.decode()
    assert new_board not in signed_in(demo["ada"]).get(url).content.decode()
    assert new_board not in signed_in(demo["carla"]).get(url).content.decode()


def _board_post(**overrides: str) -> dict[str, str]:
    data = {
        "title": "How do we onboard faster?",
        "description": "Tell us **anything**.",
        "who_may_submit": "members",
        "who_may_vote": "employees",
        "who_may_comment": "members",
        "vote_budget": "3",
        "allow_down_votes": "on",
        "stage-0-name": "New",
        "stage-0-kind": "open",
        "stage-1-name": "Shortlisted",
        "stage-1-kind": "open",
        "stage-2-name": "Done",
        "stage-2-kind": "delivered",
        "stage-3-name": "Not now",
        "stage-3-kind": "declined",
        "field-0-label": "Team",
        "field-0-kind": "choice",
        "field-0-choices": "Sales\nSupport\n\nFinance",
        "field-0-required": "on",
        "field-1-label": "Hours saved",
        "field-1-kind": "number",
    }
    for row in range(4, 8):
        data.setdefault(f"stage-{row}-kind", "open")
    for row in range(2, 4):
        data.setdefault(f"field-{row}-kind", "text")
    data.update(overrides)
    return data


def test_the_new_board_page_offers_the_default_stages(demo):
    body = signed_in(demo["linus"]).get(reverse("idea-board-new", args=[council().pk]))
    body = body.content.decode()

    for name in ("Submitted", "Under review", "Accepted", "In progress", "Delivered", "Declined"):
        assert f'value="{name}"' in body


def test_a_moderator_opens_a_board_with_its_own_stages_and_questions(demo):
    url = reverse("idea-board-new", args=[council().pk])

    response = signed_in(demo["linus"]).post(url, _board_post())

    board = Board.objects.get(title="How do we onboard faster?")
    assert response.status_code == 302
    assert response.url == reverse("idea-board", args=[board.pk])
    assert [(s.name, s.kind) for s in board.stages.all()] == [
        ("New", "open"),
        ("Shortlisted", "open"),
        ("Done", "delivered"),
        ("Not now", "declined"),
    ]
    assert [(f.label, f.kind, f.choices, f.required) for f in board.fields.all()] == [
        ("Team", BoardField.Kind.CHOICE, ["Sales", "Support", "Finance"], True),
        ("Hours saved", BoardField.Kind.NUMBER, [], False),
    ]
    assert (board.who_may_vote, board.vote_budget, board.allow_down_votes) == ("employees", 3, True)
    assert board.community == council()
    assert "<strong>anything</strong>" in board.description_html


def test_the_new_board_form_keeps_what_was_typed_with_each_error_in_its_place(demo):
    url = reverse("idea-board-new", args=[council().pk])
    data = _board_post(
        title="",
        opens_at="2026-05-02T10:00",
        closes_at="2026-05-01T10:00",
        vote_budget="0",
        **{"field-1-kind": "colour"},
    )

    response = signed_in(demo["linus"]).post(url, data)

    body = response.content.decode()
    assert response.status_code == 200
    assert Board.objects.filter(community=council(), title="").count() == 0
    assert 'id="id_title_error"' in body
    assert "The board must close after it opens." in body
    assert 'id="id_vote_budget_error"' in body
    assert 'id="id_field-1-kind_error"' in body
    # What was typed comes back: the rows too.
    assert 'value="Shortlisted"' in body
    assert 'value="Not now"' in body
    assert "Sales\nSupport" in body
    assert 'value="2026-05-02T10:00"' in body


def test_the_services_refusal_of_the_stages_shows_above_the_stage_rows(demo):
    url = reverse("idea-board-new", args=[council().pk])
    # Ideas start in the first stage: it cannot be a declined one; a choice needs two choices.
    data = _board_post(**{"stage-0-kind": "declined"})

    response = signed_in(demo["linus"]).post(url, data)

    body = response.content.decode()
    assert response.status_code == 200
    assert not Board.objects.filter(title="How do we onboard faster?").exists()
    assert 'data-errors-for="stages"' in body
    assert (
        body.count("Ideas start in the first stage: it must be open.") == 1
    )  # once, above the rows
    assert 'value="How do we onboard faster?"' in body

    data = _board_post(**{"field-0-choices": "Only one"})
    body = signed_in(demo["linus"]).post(url, data).content.decode()
    assert 'data-errors-for="fields"' in body
    assert "2 to 20 choices" in body


def test_a_moderator_sets_criteria_and_names_a_reviewer(demo, demo_boards):
    board = demo_boards["customer"]
    linus = signed_in(demo["linus"])

    response = linus.post(
        reverse("idea-board-settings", args=[board.pk]),
        {
            "criterion-0-name": "Impact",
            "criterion-1-name": "Effort",
            "criterion-1-description": "Less is better",
        },
    )
    assert response.status_code == 302
    assert [(c.name, c.description) for c in board.criteria.all()] == [
        ("Impact", ""),
        ("Effort", "Less is better"),
    ]

    response = linus.post(
        reverse("idea-board-role-grant", args=[board.pk]),
        {"user": demo["ada"].pk, "role": "reviewer"},
    )
    assert response.status_code == 302
    held = BoardRole.objects.get(board=board, user=demo["ada"])
    assert held.role == "reviewer"
    settings_page = linus.get(reverse("idea-board-settings", args=[board.pk])).content.decode()
    assert demo["ada"].name in settings_page

    # Someone outside the community cannot be named: the form says so, no 500.
    response = linus.post(
        reverse("idea-board-role-grant", args=[board.pk]),
        {"user": demo["grace"].pk, "role": "reviewer"},
    )
    assert response.status_code == 200
    assert 'id="id_user_error"' in response.content.decode()

    linus.post(reverse("idea-board-role-revoke", args=[board.pk]), {"role_id": held.pk})
    assert not BoardRole.objects.filter(pk=held.pk).exists()


def test_participants_get_403_on_every_moderator_action(demo, demo_boards):
    board = demo_boards["customer"]
    idea, other = _idea("Export reports to Excel"), _idea("Data residency in the EU")
    held = board_role_grant(actor=demo["linus"], board=board, user=demo["carla"], role="reviewer")
    ada = signed_in(demo["ada"])

    posts = {
        reverse("idea-board-settings", args=[board.pk]): {"criterion-0-name": "Mine"},
        reverse("idea-board-role-grant", args=[board.pk]): {
            "user": demo["ada"].pk,
            "role": "moderator",
        },
        reverse("idea-board-role-revoke", args=[board.pk]): {"role_id": held.pk},
        reverse("idea-merge", args=[idea.pk]): {"target": other.pk},
    }
    for url, data in posts.items():
        assert ada.post(url, data).status_code == 403, url
    assert ada.get(reverse("idea-merge", args=[idea.pk]), {"target": other.pk}).status_code == 403
    assert not BoardRole.objects.filter(user=demo["ada"]).exists()
    assert not board.criteria.exists()
    assert Idea.objects.get(pk=idea.pk).merged_into_id is None


def test_scorecards_are_for_reviewers_and_never_in_a_participants_page(demo, demo_boards):
    board = demo_boards["customer"]
    idea = _idea("Single sign-on with Okta")  # carla wrote it, ada co-authored it
    impact, effort = criteria_set(
        actor=demo["linus"], board=board, criteria=[{"name": "Impact"}, {"name": "Effort"}]
    )
    board_role_grant(actor=demo["linus"], board=board, user=demo["ada"], role="reviewer")
    score_set(actor=demo["linus"], idea=idea, criterion=impact, value=2, comment="Meh")
    url = reverse("idea", args=[idea.pk])

    # ada, the reviewer, scores through the page.
    response = signed_in(demo["ada"]).post(
        reverse("idea-scores", args=[idea.pk]),
        {
            f"value-{impact.pk}": "5",
            f"comment-{impact.pk}": "Huge for IT",
            f"value-{effort.pk}": "",
        },
    )
    assert response.status_code == 302
    assert Score.objects.get(reviewer=demo["ada"], criterion=impact).value == 5
    assert not Score.objects.filter(reviewer=demo["ada"], criterion=effort).exists()

    ada_page = signed_in(demo["ada"]).get(url).content.decode()
    assert 'id="scorecard"' in ada_page
    assert "Huge for IT" in ada_page
    assert "Meh" not in ada_page  # another reviewer's score is for moderators
    assert "Mean:" not in ada_page

    linus_page = signed_in(demo["linus"]).get(url).content.decode()
    assert "Mean: 3.5 from 2 reviews" in linus_page
    assert "Huge for IT" in linus_page and "Meh" in linus_page

    # carla, the idea's own author, is a participant: no section, no URL.
    carla = signed_in(demo["carla"])
    carla_page = carla.get(url).content.decode()
    for hint in ("scorecard", "Scorecard", "Huge for IT", "Meh", "Impact", "Merge into"):
        assert hint not in carla_page
    response = carla.post(reverse("idea-scores", args=[idea.pk]), {f"value-{impact.pk}": "1"})
    assert response.status_code == 404
    assert not Score.objects.filter(reviewer=demo["carla"]).exists()
    # grace may not see the board at all.
    response = signed_in(demo["grace"]).post(
        reverse("idea-scores", args=[idea.pk]), {f"value-{impact.pk}": "1"}
    )
    assert response.status_code == 404


def test_moderation_comes_last_on_an_idea_page_after_what_every_reader_reads(demo, demo_boards):
    """Reading order: the idea, its contributors, its discussion; then, for the board's
    moderators and reviewers, one section marked Moderation holding the scorecard and
    the merge."""
    board = demo_boards["customer"]
    idea = _idea("Single sign-on with Okta")
    criteria_set(actor=demo["linus"], board=board, criteria=[{"name": "Impact"}])
    board_role_grant(actor=demo["linus"], board=board, user=demo["ada"], role="reviewer")
    url = reverse("idea", args=[idea.pk])
    reading_order = [f"<h1>{idea.title}</h1>", 'id="credits-heading"', 'id="discussion-heading"']

    linus_page = signed_in(demo["linus"]).get(url).content.decode()
    ada_page = signed_in(demo["ada"]).get(url).content.decode()
    carla_page = signed_in(demo["carla"]).get(url).content.decode()

    for page, tools in [
        (linus_page, ['id="scorecard-heading"', 'id="merge-heading"']),
        (ada_page, ['id="scorecard-heading"']),  # a reviewer: the scorecard only
    ]:
        marks = [*reading_order, '<h2 id="moderation-heading">Moderation</h2>', *tools]
        positions = [page.index(mark) for mark in marks]
        assert positions == sorted(positions), marks
        moderation = page[page.index('id="moderation"') :]
        assert all(tool in moderation for tool in tools)
    assert 'id="merge-heading"' not in ada_page
    positions = [carla_page.index(mark) for mark in reading_order]
    assert positions == sorted(positions)
    assert "Moderation" not in carla_page and 'id="moderation"' not in carla_page


def test_a_bad_score_is_refused_in_words_and_nothing_is_saved(demo, demo_boards):
    board = demo_boards["customer"]
    idea = _idea("Single sign-on with Okta")
    impact, effort = criteria_set(
        actor=demo["linus"], board=board, criteria=[{"name": "Impact"}, {"name": "Effort"}]
    )
    linus = signed_in(demo["linus"])

    response = linus.post(
        reverse("idea-scores", args=[idea.pk]),
        {f"value-{impact.pk}": "4", f"value-{effort.pk}": "9"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Score from 1 to 5." in response.content.decode()
    assert not Score.objects.exists()  # all or none


def test_the_funnel_counts_each_stage_and_says_how_long_in_words(demo, demo_boards):
    board = demo_boards["customer"]
    Idea.objects.filter(board=board).update(stage_changed_at=timezone.now() - timedelta(days=3))

    body = signed_in(demo["linus"]).get(reverse("idea-board-funnel", args=[board.pk]))
    body = body.content.decode()

    submitted = body[body.index('data-stage="Submitted"') :]
    submitted = submitted[: submitted.index("</tr>")]
    assert "<td>3</td>" in submitted
    assert "3 days" in submitted
    delivered = body[body.index('data-stage="Delivered"') :]
    assert "<td>0</td><td>—</td>" in delivered[: delivered.index("</tr>")]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (None, "—"),
        (30, "under a minute"),
        (60, "1 minute"),
        (45 * 60, "45 minutes"),
        (90 * 60, "90 minutes"),
        (5 * 3600, "5 hours"),
        (36 * 3600, "36 hours"),
        (3 * 86400 + 3600, "3 days"),
    ],
)
def test_times_in_stage_read_as_people_say_them(seconds, said):
    assert humanise_seconds(seconds) == said


def test_a_merge_and_its_undo_through_the_pages(demo, demo_boards):
    source, target = _idea("Data residency in the EU"), _idea("Single sign-on with Okta")
    # Voters: the EU idea carla; SSO ada and linus. carla's vote moves to SSO.
    linus = signed_in(demo["linus"])

    merge_page = linus.get(reverse("idea", args=[source.pk]))
    assert "Merge into…" in merge_page.content.decode()
    confirm = linus.get(reverse("idea-merge", args=[source.pk]), {"target": target.pk})
    assert confirm.status_code == 200
    assert "Merge this idea?" in confirm.content.decode()
    assert Idea.objects.get(pk=source.pk).merged_into_id is None  # asking is not merging

    response = linus.post(reverse("idea-merge", args=[source.pk]), {"target": target.pk})

    assert response.status_code == 302
    assert response.url == reverse("idea", args=[target.pk])
    assert Idea.objects.get(pk=source.pk).merged_into_id == target.pk
    assert Idea.objects.get(pk=target.pk).up_votes == 3
    redirected = linus.get(reverse("idea", args=[source.pk]))
    assert redirected.url == reverse("idea", args=[target.pk])
    made = Merge.objects.get(source=source, undone_at__isnull=True)
    target_page = linus.get(reverse("idea", args=[target.pk])).content.decode()
    assert "Merged from:" in target_page
    assert reverse("idea-merge-undo", args=[made.pk]) in target_page
    # A participant sees the merged idea's votes, not the undo.
    carla_page = signed_in(demo["carla"]).get(reverse("idea", args=[target.pk])).content.decode()
    assert "Merged from:" not in carla_page
    assert (
        signed_in(demo["carla"]).post(reverse("idea-merge-undo", args=[made.pk])).status_code == 403
    )

    response = linus.post(reverse("idea-merge-undo", args=[made.pk]))

    assert response.url == reverse("idea", args=[source.pk])
    assert Idea.objects.get(pk=source.pk).merged_into_id is None
    assert (Idea.objects.get(pk=source.pk).up_votes, Idea.objects.get(pk=target.pk).up_votes) == (
        1,
        2,
    )
    assert Vote.objects.get(user=demo["carla"], idea__board=source.board).idea_id == source.pk
    assert "Merged from:" not in linus.get(reverse("idea", args=[target.pk])).content.decode()

    # Undoing again is refused in words (409 in the API), on the page it comes back to.
    again = linus.post(reverse("idea-merge-undo", args=[made.pk]), follow=True)
    assert again.status_code == 200
    assert "already undone" in again.content.decode()


def test_a_refused_merge_is_a_message_not_an_error_page(demo, demo_boards):
    first, second, third = (
        _idea("Data residency in the EU"),
        _idea("Single sign-on with Okta"),
        _idea("Export reports to Excel"),
    )
    linus = signed_in(demo["linus"])
    linus.post(reverse("idea-merge", args=[first.pk]), {"target": second.pk})

    # Merging into an idea that is itself merged: the service's 409, said on the page.
    response = linus.post(reverse("idea-merge", args=[third.pk]), {"target": first.pk}, follow=True)

    assert response.status_code == 200
    assert "already merged" in response.content.decode()
    assert Idea.objects.get(pk=third.pk).merged_into_id is None
    # An idea of another board is not offered, and not taken.
    internal = _idea("Run the slow tests at night")
    response = linus.post(
        reverse("idea-merge", args=[third.pk]), {"target": internal.pk}, follow=True
    )
    assert "Choose an idea of this board" in response.content.decode()
    assert not Merge.objects.filter(source=third).exists()


def test_a_customer_never_reaches_an_internal_boards_merge_or_scores(demo, demo_boards):
    idea = _idea("Run the slow tests at night")
    criteria_set(actor=demo["linus"], board=demo_boards["internal"], criteria=[{"name": "Impact"}])
    carla = signed_in(demo["carla"])

    assert carla.get(reverse("idea-merge", args=[idea.pk]), {"target": idea.pk}).status_code == 404
    assert carla.post(reverse("idea-scores", args=[idea.pk])).status_code == 404
    assert (
        carla.get(reverse("idea-board-settings", args=[demo_boards["internal"].pk])).status_code
        == 404
    )
    assert Criterion.objects.filter(board=demo_boards["internal"]).count() == 1


def test_clearing_every_stage_is_refused_rather_than_silently_defaulted(demo):
    url = reverse("idea-board-new", args=[council().pk])
    cleared = {f"stage-{row}-name": "" for row in range(8)}

    body = signed_in(demo["linus"]).post(url, _board_post(**cleared)).content.decode()

    assert "Name at least two stages." in body
    assert not Board.objects.filter(title="How do we onboard faster?").exists()


def test_criteria_cannot_change_once_scored_and_the_page_says_why(demo, demo_boards):
    board = demo_boards["customer"]
    (impact,) = criteria_set(actor=demo["linus"], board=board, criteria=[{"name": "Impact"}])
    score_set(actor=demo["linus"], idea=_idea("Export reports to Excel"), criterion=impact, value=3)
    url = reverse("idea-board-settings", args=[board.pk])

    response = signed_in(demo["linus"]).post(url, {"criterion-0-name": "Reach"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "can no longer change" in body
    assert 'value="Reach"' in body  # what was typed stays
    assert [c.name for c in board.criteria.all()] == ["Impact"]
    # A description without a name is pointed at, not silently dropped.
    response = signed_in(demo["linus"]).post(url, {"criterion-0-description": "Orphan"})
    assert 'id="id_criterion-0-name_error"' in response.content.decode()
