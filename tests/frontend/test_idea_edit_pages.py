"""Editing an idea (and its outcome) through its page while someone else does too: a
stale edit is refused with the newer text shown, what was typed stays, and saving
again works."""

import re

import pytest
from django.urls import reverse

from ideas.models import Idea, Revision
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import idea_edit
from ideas.services.merges import merge
from ideas.services.outcomes import outcome_record
from ideas.services.stages import stage_move
from tests.fixtures.ideas import demo_idea
from tests.fixtures.personas import signed_in


def _co_authored(demo) -> Idea:
    """Carla's idea on the demo board, which Ada co-authors."""
    idea = demo_idea("Export reports to Excel")
    coauthor_invite(actor=demo["carla"], idea=idea, invitee=demo["ada"])
    coauthor_respond(actor=demo["ada"], idea=idea, accept=True)
    return idea


def _base(html: str) -> str:
    """The revision the page's edit form would save on top of."""
    return re.search(r'name="edit-base_revision" value="(\d+)"', html).group(1)


def test_the_edit_form_starts_from_the_latest_revision(demo, demo_boards):
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Excel and CSV", body="Both.")

    page = signed_in(demo["carla"]).get(reverse("idea", args=[idea.pk])).content.decode()

    assert _base(page) == "2"


def test_a_stale_edit_keeps_what_was_typed_shows_theirs_and_saves_on_top_of_it(demo, demo_boards):
    idea = _co_authored(demo)
    carla = signed_in(demo["carla"])
    url = reverse("idea", args=[idea.pk])
    opened = _base(carla.get(url).content.decode())
    idea_edit(actor=demo["ada"], idea=idea, title="Excel, CSV and PDF", body="All **three**.")
    mine = {
        "edit-title": "Export to Excel, nightly",
        "edit-body": "Every night at two.",
        "edit-tags": "reports",
        "edit-base_revision": opened,
    }

    refused = carla.post(url, mine)

    assert refused.status_code == 200
    html = refused.content.decode()
    start = html.index("data-edit-conflict")
    conflict = html[start : html.index("</form>", start)]
    assert "Ada Lovelace edited this idea on " in conflict
    assert "(revision 2), after the revision 1 you started from" in conflict
    assert '<a href="#idea-' in conflict
    assert "<h3 data-conflict-title>Excel, CSV and PDF</h3>" in conflict
    assert "All <strong>three</strong>." in conflict
    assert 'value="Export to Excel, nightly"' in conflict
    assert "Every night at two.</textarea>" in conflict
    assert 'value="reports"' in conflict
    assert _base(html) == "2"
    assert "<h1>Excel, CSV and PDF</h1>" in html  # the page shows the newer text
    assert Idea.objects.get(pk=idea.pk).title == "Excel, CSV and PDF"

    saved = carla.post(url, {**mine, "edit-base_revision": _base(html)})

    assert saved.status_code == 302
    assert Revision.objects.filter(idea=idea).count() == 3
    assert Idea.objects.get(pk=idea.pk).title == "Export to Excel, nightly"


def test_an_edit_without_a_base_still_saves(demo, demo_boards):
    """A page rendered before the form carried its base: the last write wins, as before."""
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Excel and CSV", body="Both.")

    saved = signed_in(demo["carla"]).post(
        reverse("idea", args=[idea.pk]),
        {"edit-title": "Mine", "edit-body": "Mine.", "edit-tags": ""},
    )

    assert saved.status_code == 302
    assert Idea.objects.get(pk=idea.pk).title == "Mine"


def test_a_tampered_base_is_said_above_the_form_and_keeps_the_text(demo, demo_boards):
    idea = _co_authored(demo)

    response = signed_in(demo["carla"]).post(
        reverse("idea", args=[idea.pk]),
        {"edit-title": "Mine", "edit-body": "Kept.", "edit-tags": "", "edit-base_revision": "9"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors["base_revision"] == ["The idea has no revision 9."]
    assert '<div class="field__error" role="alert">The idea has no revision 9.</div>' in html
    assert "Kept.</textarea>" in html
    assert Revision.objects.filter(idea=idea).count() == 1


def _outcome_base(html: str) -> str:
    return re.search(r'name="outcome-base_version" value="(\w+)"', html).group(1)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-javascript"])
def test_a_stale_outcome_keeps_what_was_typed_shows_theirs_and_saves_on_top(
    demo, demo_boards, htmx
):
    idea = demo_idea("Single sign-on with Okta")  # carla's; linus moderates the board
    stage_move(actor=demo["linus"], idea=idea, stage=idea.board.stages.get(name="Delivered"))
    carla = signed_in(demo["carla"])
    url = reverse("idea-outcome", args=[idea.pk])
    opened = _outcome_base(carla.get(reverse("idea", args=[idea.pk])).content.decode())
    outcome_record(actor=demo["linus"], idea=idea, outcome="Rolled out to every customer.")
    mine = {
        "outcome-outcome": "Sign-ins halved.",
        "outcome-value": "120",
        "outcome-unit": "hours",
        "outcome-base_version": opened,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    refused = carla.post(url, mine, **headers)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Linus Torvalds recorded an outcome on " in html
    assert "Read theirs, then save yours again." in html
    shown = html[html.index("data-outcome>") : html.index("Save the outcome")]
    assert shown.index("Rolled out to every customer.") < shown.index("Sign-ins halved.</textarea>")
    assert 'value="120"' in shown and 'value="hours"' in shown
    current = _outcome_base(html)
    assert current != opened
    idea.refresh_from_db()
    assert idea.outcome == "Rolled out to every customer."

    saved = carla.post(url, {**mine, "outcome-base_version": current}, **headers)

    assert saved.status_code == (200 if htmx else 302)
    idea.refresh_from_db()
    assert (idea.outcome, idea.outcome_unit) == ("Sign-ins halved.", "hours")


def test_the_live_text_fragment_gives_the_edited_parts_to_the_ideas_readers(demo, demo_boards):
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Excel and CSV", body="Both **formats**.")
    url = reverse("idea-text", args=[idea.pk])

    author = signed_in(demo["carla"]).get(url).content.decode()
    reader = signed_in(demo["linus"]).get(url).content.decode()  # moderates: may edit too

    for html in (author, reader):
        assert '<div id="idea-heading">' in html and "<h1>Excel and CSV</h1>" in html
        assert "Both <strong>formats</strong>." in html
        assert 'data-revision="2" data-revision-editor="Ada Lovelace"' in html
        assert _base(html) == "2"
        assert "Revision 2 · Ada Lovelace" in html
    for outsider in ("otto", "grace"):
        assert signed_in(demo[outsider]).get(url).status_code == 404


def test_the_live_text_fragment_has_no_edit_form_for_who_may_not_edit(demo, demo_boards):
    idea = demo_idea("Run the slow tests at night")  # grace's; ada votes on it
    html = signed_in(demo["ada"]).get(reverse("idea-text", args=[idea.pk])).content.decode()

    assert "<h1>Run the slow tests at night</h1>" in html
    assert 'id="idea-edit"' not in html


def test_a_merged_ideas_live_text_is_gone(demo, demo_boards):
    """The page of a merged duplicate is left alone (it redirects when reloaded)."""
    source, target = demo_idea("Export reports to Excel"), demo_idea("Data residency in the EU")
    merge(actor=demo["linus"], source=source, target=target)

    response = signed_in(demo["carla"]).get(reverse("idea-text", args=[source.pk]))

    assert response.status_code == 404
