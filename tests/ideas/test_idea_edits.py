"""Co-authors editing the same idea: an edit names the revision it started from, and
a stale one is refused (409) instead of silently overwriting the newer revision."""

import pytest
from django.core.exceptions import ValidationError

from ideas.models import Idea, Revision
from ideas.services.contributors import coauthor_invite, coauthor_respond
from ideas.services.ideas import EditConflict, idea_edit
from tests.fixtures.personas import signed_in
from tests.ideas.flow import an_idea, council_board, race


def _co_authored(demo) -> Idea:
    """Carla's idea, co-authored by Ada (revision 1: as submitted)."""
    idea = an_idea(council_board(demo["linus"]), demo["carla"], title="Portal", body="A portal.")
    coauthor_invite(actor=demo["carla"], idea=idea, invitee=demo["ada"])
    coauthor_respond(actor=demo["ada"], idea=idea, accept=True)
    return idea


def _put(user, idea, **data):
    return signed_in(user).put(f"/api/v1/ideas/{idea.pk}/", data, content_type="application/json")


def _titles(idea) -> list[tuple[int, str]]:
    return list(Revision.objects.filter(idea=idea).values_list("number", "title"))


def test_an_edit_from_an_older_revision_is_refused_and_changes_nothing(demo):
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Portal, SSO", body="With SSO.", base_revision=1)

    with pytest.raises(EditConflict) as refused:
        idea_edit(actor=demo["carla"], idea=idea, title="Mine", body="Mine.", base_revision=1)

    assert refused.value.latest.number == 2
    assert refused.value.message.startswith("Ada Lovelace edited this idea on ")
    assert "(revision 2), after the revision 1 you started from" in refused.value.message
    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("Portal, SSO", "With SSO.")
    assert _titles(idea) == [(2, "Portal, SSO"), (1, "Portal")]


def test_an_edit_on_top_of_the_latest_revision_is_saved(demo):
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Portal, SSO", body="With SSO.", base_revision=1)

    idea_edit(actor=demo["carla"], idea=idea, title="Portal 2", body="Both.", base_revision=2)

    assert _titles(idea) == [(3, "Portal 2"), (2, "Portal, SSO"), (1, "Portal")]


def test_without_a_base_the_last_edit_wins_as_before(demo):
    idea = _co_authored(demo)
    idea_edit(actor=demo["ada"], idea=idea, title="Hers", body="Hers.")

    idea_edit(actor=demo["carla"], idea=idea, title="Mine", body="Mine.")

    assert Idea.objects.get(pk=idea.pk).title == "Mine"


def test_a_base_the_idea_never_had_is_bad_input(demo):
    idea = _co_authored(demo)

    with pytest.raises(ValidationError) as refused:
        idea_edit(actor=demo["carla"], idea=idea, title="Mine", body="Mine.", base_revision=7)

    assert refused.value.message_dict == {"base_revision": ["The idea has no revision 7."]}
    assert _titles(idea) == [(1, "Portal")]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_on_the_same_base_exactly_one_wins(demo):
    idea = _co_authored(demo)
    ada, carla = signed_in(demo["ada"]), signed_in(demo["carla"])

    def edit(client, title):
        return lambda: (
            client.put(
                f"/api/v1/ideas/{idea.pk}/",
                {"title": title, "body": "Mine.", "base_revision": 1},
                content_type="application/json",
            ).status_code
        )

    statuses = race([edit(ada, "Ada's"), edit(carla, "Carla's")])

    assert sorted(statuses) == [200, 409]
    winner = "Ada's" if statuses[0] == 200 else "Carla's"
    assert _titles(idea) == [(2, winner), (1, "Portal")]
    assert Idea.objects.get(pk=idea.pk).title == winner


def test_the_api_gives_the_revision_and_answers_a_stale_edit_with_409(demo):
    idea = _co_authored(demo)
    read = signed_in(demo["carla"]).get(f"/api/v1/ideas/{idea.pk}/").json()
    first = _put(demo["ada"], idea, title="Portal, SSO", body="With SSO.", base_revision=1)

    stale = _put(demo["carla"], idea, title="Mine", body="Mine.", base_revision=read["revision"])
    on_top = _put(demo["carla"], idea, title="Both", body="Both.", base_revision=2)
    unsent = _put(demo["ada"], idea, title="Integration", body="No base.")

    assert read["revision"] == 1
    assert (first.status_code, first.json()["revision"]) == (200, 2)
    assert stale.status_code == 409
    body = stale.json()
    assert body["detail"].startswith("Ada Lovelace edited this idea on ")
    assert (body["current_revision"], body["edited_by"]) == (2, "Ada Lovelace")
    assert body["edited_at"] == Revision.objects.get(idea=idea, number=2).created_at.isoformat()
    assert (on_top.status_code, on_top.json()["revision"]) == (200, 3)
    assert (unsent.status_code, unsent.json()["revision"]) == (200, 4)


def test_bad_bases_are_refused_field_by_field(demo):
    idea = _co_authored(demo)

    zero = _put(demo["carla"], idea, title="Mine", body="Mine.", base_revision=0)
    unknown = _put(demo["carla"], idea, title="Mine", body="Mine.", base_revision=5)
    words = _put(demo["carla"], idea, title="", body="Mine.", base_revision="latest")

    assert zero.status_code == unknown.status_code == words.status_code == 400
    assert set(zero.json()["fields"]) == {"base_revision"}
    assert unknown.json()["fields"] == {"base_revision": ["The idea has no revision 5."]}
    assert set(words.json()["fields"]) == {"title", "base_revision"}
    assert _titles(idea) == [(1, "Portal")]


def test_who_may_not_see_the_idea_learns_nothing_of_its_revisions(demo):
    idea = _co_authored(demo)
    _put(demo["ada"], idea, title="Portal, SSO", body="With SSO.", base_revision=1)

    for outsider in ("otto", "grace"):  # another community; and HR, not a member
        for base in (1, 9):
            response = _put(demo[outsider], idea, title="X", body="X", base_revision=base)
            assert response.status_code == 404, (outsider, base)
    assert _put(demo["linus"], idea, title="X", body="X", base_revision=9).status_code == 400


def test_an_editor_the_reader_may_not_see_is_not_named(demo):
    """Margaret, a platform admin in no community, edits as the board's moderator:
    Carla, a customer, cannot find her anywhere on Bridge."""
    idea = _co_authored(demo)
    _put(demo["margaret"], idea, title="Portal, by the admin", body="Admin.", base_revision=1)

    stale = _put(demo["carla"], idea, title="Mine", body="Mine.", base_revision=1)
    seen_by_linus = _put(demo["linus"], idea, title="Mine", body="Mine.", base_revision=1)

    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Someone edited this idea on ")
    assert stale.json()["edited_by"] is None
    assert seen_by_linus.json()["edited_by"] == "Margaret Hamilton"  # an employee
