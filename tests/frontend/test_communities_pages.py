"""Community pages: what each persona sees and can do."""

import pytest
from django.urls import reverse

from network.models import Community, JoinRequest, Membership
from tests.fixtures.personas import signed_in


def page(slug: str) -> str:
    return reverse("community", args=[Community.objects.get(slug=slug).pk])


@pytest.mark.parametrize(
    ("who", "slug", "status", "shows_members"),
    [
        ("carla", "customer-council", 200, True),
        ("otto", "customer-council", 404, False),
        ("carla", "engineering", 404, False),
        ("grace", "customer-council", 200, False),  # private: listed, members only inside
        ("grace", "product-council", 404, False),  # secret
        ("margaret", "product-council", 200, True),
    ],
)
def test_a_community_page_shows_what_a_persona_may_see(demo, who, slug, status, shows_members):
    response = signed_in(demo[who]).get(page(slug))

    assert response.status_code == status
    if status == 200:
        assert ("Ada Lovelace" in response.content.decode()) == shows_members


def test_the_list_page_shows_an_external_only_their_communities(demo):
    body = signed_in(demo["pat"]).get(reverse("communities")).content.decode()

    assert "Partner Network" in body
    for hidden in ("Customer Council", "Engineering", "Early Access", "Product Council"):
        assert hidden not in body
    assert "New community" not in body


def test_creating_a_community_shows_errors_next_to_fields_and_keeps_input(demo):
    response = signed_in(demo["ada"]).post(
        reverse("community-create"),
        {
            "name": "",
            "audience": "internal",
            "visibility": "open",
            "description": "Kept text",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Kept text" in body


def test_creating_a_community_lands_on_it(demo):
    response = signed_in(demo["ada"]).post(
        reverse("community-create"),
        {
            "name": "Design Guild",
            "audience": "internal",
            "visibility": "open",
        },
    )

    community = Community.objects.get(slug="design-guild")
    assert response["Location"] == reverse("community", args=[community.pk])


def test_asking_to_join_and_being_approved(demo):
    grace, linus = signed_in(demo["grace"]), signed_in(demo["linus"])
    partner_network = Community.objects.get(slug="partner-network")

    grace.post(reverse("community-request", args=[partner_network.pk]), {"message": "Hello"})
    join_request = JoinRequest.objects.get(user=demo["grace"])
    assert "Hello" in linus.get(page("partner-network")).content.decode()

    response = linus.post(
        reverse("community-decide", args=[partner_network.pk, join_request.pk]),
        {"decision": "approve"},
        follow=True,
    )

    assert "Request approved." in response.content.decode()
    assert Membership.objects.filter(community=partner_network, user=demo["grace"]).exists()


def test_a_conflict_is_explained_not_crashed(demo):
    response = signed_in(demo["linus"]).post(
        reverse("community-leave", args=[Community.objects.get(slug="customer-council").pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert "last owner" in response.content.decode()
