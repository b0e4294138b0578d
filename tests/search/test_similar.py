"""Similar ideas while typing (search/similar.py) on both backends: only the
board's own ideas, never merged ones nor the one being edited, and nothing a
reader may not see."""

from django.contrib.auth.models import AnonymousUser

from ideas.models import Idea
from ideas.services.boards import board_create
from ideas.services.ideas import idea_submit
from ideas.services.merges import merge
from network import access
from network.models import Membership
from search.fallback import DEGRADED_NOTICE
from search.similar import similar_ideas
from tests.fixtures.personas import EVERYONE, community
from tests.fixtures.search import reindex

EVERY_DEMO_IDEA = "okta residency export slow tests night"


def _titles(reader, board, text, **options) -> list[str]:
    return [idea.title for idea in similar_ideas(reader, board, text, limit=50, **options).items]


def test_everyone_gets_the_boards_ideas_they_may_read_and_nothing_else(
    demo, demo_boards, search_backend
):
    reindex(search_backend)
    for who in EVERYONE:
        reader = demo.get(who) or AnonymousUser()
        for board in demo_boards.values():
            found = similar_ideas(reader, board, EVERY_DEMO_IDEA, limit=50)
            assert found.backend == search_backend
            if access.can_read_community(reader, board.community):
                expected = set(Idea.objects.filter(board=board).values_list("title", flat=True))
            else:
                expected = set()
            assert {idea.title for idea in found.items} == expected, (who, board.title)


def test_similar_ideas_stay_on_their_board_and_skip_merged_and_edited_ones(
    demo, demo_boards, search_backend
):
    board = demo_boards["customer"]
    other = board_create(actor=demo["linus"], community=community("customer-council"), title="B")
    idea_submit(actor=demo["carla"], board=other, title="Okta groups", body="Okta everywhere")
    duplicate = idea_submit(actor=demo["carla"], board=board, title="Okta login", body="Okta")
    single_sign_on = Idea.objects.get(title="Single sign-on with Okta")
    reindex(search_backend)

    assert sorted(_titles(demo["ada"], board, "okta")) == ["Okta login", "Single sign-on with Okta"]
    assert _titles(demo["ada"], board, "okta", exclude=single_sign_on.pk) == ["Okta login"]
    merge(actor=demo["linus"], source=duplicate, target=single_sign_on)
    reindex(search_backend)
    assert _titles(demo["ada"], board, "okta") == ["Single sign-on with Okta"]
    assert _titles(demo["ada"], other, "okta") == ["Okta groups"]


def test_short_words_alone_suggest_nothing(demo, demo_boards, search_backend):
    reindex(search_backend)
    assert _titles(demo["ada"], demo_boards["customer"], "a to the in of") == []


def test_someone_who_left_gets_nothing_though_the_index_still_holds_the_ideas(
    demo, demo_boards, search_backend
):
    reindex(search_backend)
    council = community("customer-council")
    Membership.objects.filter(community=council, user=demo["carla"]).delete()

    assert _titles(demo["carla"], demo_boards["customer"], "okta") == []
    assert _titles(demo["ada"], demo_boards["customer"], "okta") == ["Single sign-on with Okta"]


def test_while_elasticsearch_is_down_the_database_finds_similar_ideas(
    demo, demo_boards, elasticsearch_unreachable
):
    found = similar_ideas(demo["carla"], demo_boards["customer"], "Okta login")

    assert (found.backend, found.notice) == ("database", DEGRADED_NOTICE)
    assert [idea.title for idea in found.items] == ["Single sign-on with Okta"]
