"""THE visibility policy for communities, as a persona matrix."""

import pytest
from django.contrib.auth.models import AnonymousUser

from network import access
from network.models import Community

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
