"""Saying on an idea's page which idea of the board it builds on: a picker among the
board's other ideas for its authors, the link shown on both ideas, taken back from
the idea that builds on. Who may (403) and who sees (404), errors by the field."""

import re

import pytest
from django.urls import reverse

from activity.models import Activity
from ideas.models import BuildsOn, Idea
from ideas.services.boards import board_create
from ideas.services.contributors import builds_on_add
from ideas.services.ideas import idea_submit
from ideas.services.merges import merge
from tests.fixtures.ideas import demo_idea
from tests.fixtures.personas import client_for, council, signed_in

# The customer board (tests/fixtures/ideas.py): carla's Okta idea, ada co-authors it;
# ada's data residency idea; carla's Excel export. Linus moderates the board.
OKTA, EU, EXCEL = "Single sign-on with Okta", "Data residency in the EU", "Export reports to Excel"


@pytest.fixture
def okta(demo_boards) -> Idea:
    return demo_idea(OKTA)


def _page(user, idea: Idea) -> str:
    return signed_in(user).get(reverse("idea", args=[idea.pk])).content.decode()


def _offered(page: str) -> list[str]:
    """The titles the builds-on picker offers."""
    picker = re.search(r'<select name="source".*?</select>', page, re.S)
    assert picker, "no builds-on picker on the page"
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', picker.group(0))


def test_the_picker_offers_the_boards_other_live_ideas_only(demo, demo_boards, okta):
    other_board = board_create(actor=demo["linus"], community=council(), title="Elsewhere")
    idea_submit(actor=demo["carla"], board=other_board, title="On another board", body="x")
    duplicate = idea_submit(
        actor=demo["ada"], board=demo_boards["customer"], title="Okta login", body="Dup."
    )
    merge(actor=demo["linus"], source=duplicate, target=demo_idea(EU))

    assert _offered(_page(demo["carla"], okta)) == [EU, EXCEL]
    builds_on_add(actor=demo["carla"], idea=okta, source=demo_idea(EU))
    assert _offered(_page(demo["ada"], okta)) == [EXCEL]  # linked already: not offered again


def test_an_author_links_the_idea_and_both_pages_show_it(demo, okta):
    eu = demo_idea(EU)
    response = signed_in(demo["ada"]).post(
        reverse("idea-builds-on", args=[okta.pk]), {"source": eu.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("idea", args=[okta.pk]) + "#links-heading"
    link = BuildsOn.objects.get(idea=okta, source=eu)
    assert link.created_by == demo["ada"]
    okta_page = _page(demo["carla"], okta)
    builds_on = okta_page.split("data-builds-on", 1)[1].split("</ul>", 1)[0]
    assert f'href="{reverse("idea", args=[eu.pk])}">{EU}</a>' in builds_on
    assert reverse("idea-builds-on-remove", args=[okta.pk, link.pk]) in builds_on
    # On the idea built upon, for its own author: the link back, not hers to remove.
    eu_page = _page(demo["ada"], eu)
    built_upon = eu_page.split("data-built-upon", 1)[1].split("</ul>", 1)[0]
    assert f'href="{reverse("idea", args=[okta.pk])}">{OKTA}</a>' in built_upon
    assert "Remove" not in built_upon and "/remove/" not in eu_page


def test_a_refused_link_says_why_next_to_the_field(demo, demo_boards, okta):
    url = reverse("idea-builds-on", args=[okta.pk])
    other_board = board_create(actor=demo["linus"], community=council(), title="Elsewhere")
    elsewhere = idea_submit(actor=demo["carla"], board=other_board, title="Elsewhere", body="x")
    carla = signed_in(demo["carla"])

    for posted, said in [
        ({}, "This field is required."),
        ({"source": okta.pk}, "Choose one of this board&#x27;s other ideas."),  # itself
        ({"source": elsewhere.pk}, "Choose one of this board&#x27;s other ideas."),
        ({"source": "nine"}, "Choose one of this board&#x27;s other ideas."),
    ]:
        response = carla.post(url, posted)
        assert response.status_code == 200, posted
        page = response.content.decode()
        assert f'<div class="field__error" id="id_source_error">{said}</div>' in page, posted
        # The page around it is whole: the idea, and its picker still offering the rest.
        assert f"<h1>{OKTA}</h1>" in page and _offered(page) == [EU, EXCEL]
    assert not BuildsOn.objects.exists()


def test_a_link_made_meanwhile_in_another_tab_is_refused_by_the_field(demo, okta):
    """The page was read before the co-author made the same link."""
    eu = demo_idea(EU)
    page_before = _page(demo["carla"], okta)
    assert EU in _offered(page_before)
    builds_on_add(actor=demo["ada"], idea=okta, source=eu)

    response = signed_in(demo["carla"]).post(
        reverse("idea-builds-on", args=[okta.pk]), {"source": eu.pk}
    )

    page = response.content.decode()
    assert "Choose one of this board&#x27;s other ideas." in page  # no longer a candidate
    assert BuildsOn.objects.filter(idea=okta).count() == 1


def test_an_author_takes_a_link_back_and_it_leaves_both_pages(demo, okta):
    eu = demo_idea(EU)
    link = builds_on_add(actor=demo["carla"], idea=okta, source=eu)
    url = reverse("idea-builds-on-remove", args=[okta.pk, link.pk])

    response = signed_in(demo["ada"]).post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("idea", args=[okta.pk]) + "#links-heading"
    assert f"It no longer builds on “{EU}”." in response.content.decode()
    assert not BuildsOn.objects.exists()
    assert "Built upon by" not in _page(demo["ada"], eu)
    assert _offered(_page(demo["carla"], okta)) == [EU, EXCEL]  # offered again
    removed = Activity.objects.get(verb="idea.builds_on_removed")
    assert (removed.actor, removed.object_id) == (demo["ada"], str(okta.pk))
    assert removed.payload == {"board_id": okta.board_id, "source_id": eu.pk}
    # Taken back already: nothing left to name.
    assert signed_in(demo["ada"]).post(url).status_code == 404


# The EU idea is ada's; linus moderates the board, and margaret is the platform admin:
# both may edit ideas, so link them. Carla reads it, and may not.
MAY_LINK = {"ada": True, "linus": True, "margaret": True, "carla": False}
STRANGERS = ["grace", "pat", "otto"]


@pytest.mark.parametrize("who", ["anonymous", *MAY_LINK, *STRANGERS])
def test_only_the_ideas_authors_and_moderators_link_or_unlink_it(demo, okta, who):
    eu, excel = demo_idea(EU), demo_idea(EXCEL)
    link = builds_on_add(actor=demo["ada"], idea=eu, source=excel)
    client = client_for(demo, who)
    add = client.post(reverse("idea-builds-on", args=[eu.pk]), {"source": okta.pk})
    remove = client.post(reverse("idea-builds-on-remove", args=[eu.pk, link.pk]))

    if who == "anonymous":
        assert add.status_code == remove.status_code == 302
        assert "/login" in add["Location"]
    elif who in STRANGERS:
        assert add.status_code == remove.status_code == 404
    elif MAY_LINK[who]:
        assert add.status_code == remove.status_code == 302
        assert list(BuildsOn.objects.values_list("source__title", flat=True)) == [OKTA]
        return
    else:
        assert add.status_code == remove.status_code == 403
        page = _page(demo[who], eu)
        assert 'name="source"' not in page and "/remove/" not in page
        assert EXCEL in page.split("data-builds-on", 1)[1]  # she sees the link, though
    assert list(BuildsOn.objects.values_list("source__title", flat=True)) == [EXCEL]


def test_a_link_is_taken_back_only_from_the_idea_that_builds_on(demo, okta):
    """Ada's EU idea is built upon by Okta: she may not remove Okta's link through
    her own idea's address."""
    eu = demo_idea(EU)
    link = builds_on_add(actor=demo["carla"], idea=okta, source=eu)
    url = reverse("idea-builds-on-remove", args=[eu.pk, link.pk])

    assert signed_in(demo["ada"]).post(url).status_code == 404
    assert BuildsOn.objects.filter(pk=link.pk).exists()
