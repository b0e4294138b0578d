"""THE visibility policy for communities, as a persona matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from network import access
from network.models import Community, Membership
from network.services.conversations import comment_create
from network.services.moderation import moderation_decide
from network.services.posts import post_create

ALL = {"engineering", "product-council", "partner-network", "customer-council", "early-access"}

# Who may know each community exists. Product Council is secret (ada owns it);
# externals see only the communities they were invited into.
EXPECTED = {
    "anonymous": set(),
    "ada": ALL,
    "linus": ALL - {"product-council"},
    "grace": ALL - {"product-council"},
    "margaret": ALL,  # platform admin
    "pat": {"partner-network"},
    "carla": {"customer-council"},
    "otto": {"early-access"},
}


@pytest.fixture
def everyone(demo):
    return demo | {"anonymous": AnonymousUser()}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_communities_visible_to(everyone, who):
    visible = set(access.communities_visible_to(everyone[who]).values_list("slug", flat=True))
    assert visible == EXPECTED[who]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_hidden_and_missing_communities_look_the_same(everyone, who):
    for community in Community.objects.all():
        if community.slug in EXPECTED[who]:
            assert access.access_community(everyone[who], community.pk) == community
        else:
            with pytest.raises(access.NotFound) as hidden:
                access.access_community(everyone[who], community.pk)
            with pytest.raises(access.NotFound) as missing:
                access.access_community(everyone[who], 10_000_000)
            assert str(hidden.value) == str(missing.value)


def test_a_deactivated_person_sees_nothing(demo):
    carla = demo["carla"]
    carla.is_active = False
    carla.save()

    assert not access.communities_visible_to(carla).exists()


# --- Hidden content: gone for readers, kept for its author and the moderators ------

# Who still reads ada's hidden post in Customer Council (and carla's hidden comment
# on a visible post): the author, the community's owner, platform admins.
HIDDEN_POST_READERS = {"ada", "linus", "margaret"}
HIDDEN_COMMENT_READERS = {"carla", "linus", "margaret"}


@pytest.fixture
def hidden(demo):
    council = Community.objects.get(slug="customer-council")
    hidden_post = post_create(actor=demo["ada"], community=council, body="Hidden")
    visible_post = post_create(actor=demo["ada"], community=council, body="Visible")
    hidden_comment = comment_create(actor=demo["carla"], post=visible_post, body="Hidden too")
    moderation_decide(actor=demo["linus"], post=hidden_post, action="hide")
    moderation_decide(actor=demo["linus"], post=visible_post, comment=hidden_comment, action="hide")
    return {"post": hidden_post, "comment": hidden_comment, "visible": visible_post}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_hidden_posts_are_read_only_by_their_author_and_moderators(everyone, hidden, who):
    user = everyone[who]
    readable = set(access.posts_visible_to(user).values_list("body", flat=True))
    can_read_council = who in {"ada", "linus", "carla", "margaret"}

    assert readable == ({"Hidden", "Visible"} if who in HIDDEN_POST_READERS else {"Visible"}) & (
        {"Hidden", "Visible"} if can_read_council else set()
    )
    if who in HIDDEN_POST_READERS:
        assert access.access_post(user, hidden["post"].pk) == hidden["post"]
    else:
        with pytest.raises(access.NotFound):
            access.access_post(user, hidden["post"].pk)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_hidden_comments_are_read_only_by_their_author_and_moderators(everyone, hidden, who):
    user = everyone[who]
    readable = set(access.comments_visible_to(user).values_list("pk", flat=True))

    assert (hidden["comment"].pk in readable) == (who in HIDDEN_COMMENT_READERS)
    if who in HIDDEN_COMMENT_READERS:
        assert access.access_comment(user, hidden["comment"].pk) == hidden["comment"]
    else:
        with pytest.raises(access.NotFound):
            access.access_comment(user, hidden["comment"].pk)


def test_a_new_moderator_sees_hidden_content_and_a_demoted_one_no_longer_does(demo, hidden):
    membership = Membership.objects.get(community=hidden["post"].community, user=demo["carla"])
    assert not access.posts_visible_to(demo["carla"]).filter(pk=hidden["post"].pk).exists()

    membership.role = Membership.Role.MODERATOR
    membership.save()
    assert access.posts_visible_to(demo["carla"]).filter(pk=hidden["post"].pk).exists()

    membership.role = Membership.Role.MEMBER
    membership.save()
    assert not access.posts_visible_to(demo["carla"]).filter(pk=hidden["post"].pk).exists()
