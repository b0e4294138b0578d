"""Type-ahead (search/suggest.py) on both backends: nobody is offered a person,
community or hashtag they may not see; the mention picker offers the community's
readers only; a stale index never widens what is offered."""

import pytest
from django.contrib.auth.models import AnonymousUser

from network import access
from network.models import Community, Hashtag, Membership, User
from network.services.posts import post_create
from search.fallback import DEGRADED_NOTICE
from search.suggest import suggest
from tests.fixtures.personas import EVERYONE, community
from tests.fixtures.search import reindex

EVERYTHING = 1000


def _offered(reader, text="", **options) -> dict[str, set[str]]:
    offered: dict[str, set[str]] = {"person": set(), "community": set(), "hashtag": set()}
    for item in suggest(reader, text, limit=EVERYTHING, **options).items:
        offered[item.kind].add(item.value)
    return offered


def _tag_posts(demo) -> None:
    """#roadmap only inside Engineering (internal), #sso in the Customer Council."""
    post_create(actor=demo["linus"], community=community("engineering"), body="The #roadmap")
    post_create(actor=demo["carla"], community=community("customer-council"), body="Need #SSO")


def _reader(demo, who):
    return demo.get(who) or AnonymousUser()


def test_everyone_is_offered_exactly_what_the_policy_lets_them_see(demo, search_backend):
    _tag_posts(demo)
    reindex(search_backend)
    for who in EVERYONE:
        reader = _reader(demo, who)
        offered = _offered(reader)
        people = access.people_visible_to(reader).filter(is_active=True)
        assert offered["person"] == {f"@{p.username}" for p in people}, who
        assert offered["community"] == {c.name for c in access.communities_visible_to(reader)}, who
        readable = access.communities_readable_by(reader)
        assert offered["hashtag"] == {
            f"#{tag.name}" for tag in Hashtag.objects.filter(posts__community__in=readable)
        }, who


def test_a_customer_never_gets_an_internal_suggestion(demo, search_backend):
    _tag_posts(demo)
    reindex(search_backend)
    for customer in ("carla", "otto"):
        offered = _offered(demo[customer])
        internal_only = {f"@{p.username}" for p in User.objects.filter(affiliation="employee")}
        assert offered["person"] & internal_only <= {"@ada", "@linus"}, customer
        assert not {"Engineering", "Product Council"} & offered["community"], customer
        assert "#roadmap" not in offered["hashtag"], customer
    assert _offered(demo["carla"], "#ss")["hashtag"] == {"#sso"}
    assert _offered(demo["otto"], "ss")["hashtag"] == set()
    assert _offered(demo["ada"], "road")["hashtag"] == {"#roadmap"}


def test_a_secret_community_is_suggested_to_its_members_only(demo, search_backend):
    council = community("product-council")
    members = set(
        Membership.objects.filter(community=council).values_list("user__username", flat=True)
    )
    for who in EVERYONE:
        offered = _offered(_reader(demo, who), "prod")["community"]
        expected = who in members or who == "margaret"  # platform admins see every community
        assert ("Product Council" in offered) is expected, who


def test_typing_the_start_of_a_name_finds_people_first_then_communities(demo, search_backend):
    answer = suggest(demo["ada"], "li")
    assert answer.backend == search_backend
    assert [item.value for item in answer.items][:1] == ["@linus"]
    assert answer.items[0].url == f"/people/{demo['linus'].pk}/"

    customer = suggest(demo["ada"], "Customer Co")
    assert [(item.kind, item.label) for item in customer.items] == [
        ("community", "Customer Council")
    ]
    assert customer.items[0].url == f"/communities/{community('customer-council').pk}/"
    assert suggest(demo["ada"], "zzzz").items == []
    assert [item.value for item in suggest(demo["ada"], " @Li\x00").items][:1] == ["@linus"]
    assert suggest(AnonymousUser(), "li").items == []


@pytest.mark.parametrize("slug", ["engineering", "product-council", "customer-council"])
def test_the_mention_picker_offers_the_communitys_readers_that_one_may_see(
    demo, search_backend, slug
):
    where = community(slug)
    readers = set(access.people_who_can_read(where).values_list("username", flat=True))
    for who in ("ada", "linus", "carla", "pat", "margaret"):
        offered = _offered(demo[who], kinds=("person",), community=where)["person"]
        visible = set(access.people_visible_to(demo[who]).values_list("username", flat=True))
        assert offered == {f"@{name}" for name in readers & visible}, (slug, who)
        if who in readers:
            assert f"@{who}" in offered, (slug, who)


def test_someone_who_left_is_not_offered_before_the_index_catches_up(demo, search_backend):
    council = community("customer-council")
    Membership.objects.filter(community=council, user=demo["carla"]).delete()  # index not told

    offered = _offered(demo["ada"], "car", kinds=("person",), community=council)["person"]

    assert offered == set()
    assert _offered(demo["otto"], "car")["person"] == set()  # nor shares a community now


def test_an_unreadable_community_hidden_later_is_not_offered(demo, search_backend):
    secret = Community.objects.get(slug="customer-council")
    secret.visibility = Community.Visibility.SECRET
    secret.save()
    Membership.objects.filter(community=secret, user=demo["grace"]).delete()

    assert "Customer Council" not in _offered(demo["grace"], "cust")["community"]


def test_while_elasticsearch_is_down_the_database_answers_and_says_so(
    demo, elasticsearch_unreachable
):
    answer = suggest(demo["carla"], "cust")

    assert (answer.backend, answer.notice) == ("database", DEGRADED_NOTICE)
    assert [item.label for item in answer.items] == ["Carla Customer", "Customer Council"]
