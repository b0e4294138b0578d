"""Communities over the API: listing, creating, joining, requests, roles, bans, archive."""

import pytest
from django.test import Client

from network.models import Membership
from tests.fixtures.personas import community
from tests.network.test_access import EXPECTED as LISTED


@pytest.fixture
def as_(demo):
    """as_("carla") is a client signed in as carla."""

    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(demo[username])
        return client

    return signed_in


def url(slug: str, suffix: str = "") -> str:
    return f"/api/v1/communities/{community(slug).pk}/{suffix}"


@pytest.mark.parametrize("who", sorted(set(LISTED) - {"anonymous"}))
def test_the_list_holds_exactly_the_communities_a_persona_may_know(as_, who):
    response = as_(who).get("/api/v1/communities/")

    assert response.status_code == 200
    assert {c["slug"] for c in response.json()["results"]} == LISTED[who]


def test_member_counts_and_my_role_are_right(as_):
    results = as_("carla").get("/api/v1/communities/").json()["results"]

    assert [(c["slug"], c["member_count"], c["my_role"]) for c in results] == [
        ("customer-council", 3, "member")
    ]


def test_listing_costs_a_fixed_number_of_queries(as_, django_assert_num_queries):
    client = as_("linus")
    with django_assert_num_queries(3):  # user, page, my roles
        client.get("/api/v1/communities/")


@pytest.mark.parametrize(
    ("who", "slug", "expected"),
    [
        ("otto", "customer-council", 404),  # another customer's community
        ("carla", "engineering", 404),  # internal
        ("grace", "product-council", 404),  # secret, not a member
        ("grace", "customer-council", 200),  # private: listed to employees
        ("pat", "partner-network", 200),
    ],
)
def test_detail_is_404_for_what_a_persona_may_not_see(as_, who, slug, expected):
    assert as_(who).get(url(slug)).status_code == expected


@pytest.mark.parametrize(
    ("who", "slug", "expected"),
    [
        ("grace", "customer-council", 404),  # may know it exists, may not read inside
        ("carla", "customer-council", 200),
        ("otto", "customer-council", 404),
        ("grace", "engineering", 200),
        ("margaret", "customer-council", 200),
    ],
)
def test_member_lists_follow_read_access(as_, who, slug, expected):
    assert as_(who).get(url(slug, "members/")).status_code == expected


def test_an_employee_creates_a_community_and_owns_it(as_):
    response = as_("ada").post(
        "/api/v1/communities/",
        {
            "name": "Design Guild",
            "audience": "internal",
            "visibility": "open",
            "description": "Pixels.",
            "rules": "Be kind.",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["my_role"], body["member_count"]) == ("design-guild", "owner", 1)


def test_externals_cannot_create_communities(as_):
    response = as_("carla").post("/api/v1/communities/", {"name": "Mine", "audience": "customer"})
    assert response.status_code == 403


def test_creation_can_be_limited_to_community_managers(as_, settings):
    settings.COMMUNITY_CREATION = "managers"
    new = {"name": "Guild", "audience": "internal"}

    assert as_("ada").post("/api/v1/communities/", new).status_code == 403
    assert as_("linus").post("/api/v1/communities/", new).status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "", "audience": "internal"}, "name"),
        ({"name": "x" * 121, "audience": "internal"}, "name"),
        ({"name": "Ok", "audience": "everyone"}, "audience"),
        ({"name": "Ok", "audience": "internal", "visibility": "hidden"}, "visibility"),
        ({"name": "Ok"}, "audience"),
    ],
)
def test_bad_community_input_is_a_field_level_400(as_, payload, field):
    response = as_("ada").post("/api/v1/communities/", payload, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_joining_open_and_private_communities(as_, demo):
    open_one = (
        as_("ada")
        .post(
            "/api/v1/communities/",
            {"name": "Lunch Club", "audience": "internal", "visibility": "open"},
        )
        .json()
    )

    assert as_("grace").post(f"/api/v1/communities/{open_one['id']}/join/").status_code == 204
    assert as_("grace").post(f"/api/v1/communities/{open_one['id']}/join/").status_code == 409
    assert as_("grace").post(url("customer-council", "join/")).status_code == 403  # private
    assert as_("carla").post(f"/api/v1/communities/{open_one['id']}/join/").status_code == 404


def test_a_join_request_is_decided_by_moderators(as_, demo):
    grace = as_("grace")

    created = grace.post(url("partner-network", "join-requests/"), {"message": "Hi"})
    assert created.status_code == 201
    assert grace.post(url("partner-network", "join-requests/")).status_code == 409
    assert as_("ada").get(url("partner-network", "join-requests/")).status_code == 403
    pending = as_("linus").get(url("partner-network", "join-requests/")).json()["results"]
    assert [r["person"]["username"] for r in pending] == ["grace"]

    request_id = created.json()["id"]
    decision = url("partner-network", f"join-requests/{request_id}/approve/")
    assert as_("ada").post(decision).status_code == 404
    assert as_("linus").post(decision).status_code == 200
    assert as_("linus").post(decision).status_code == 409
    assert Membership.objects.filter(
        community=community("partner-network"), user=demo["grace"]
    ).exists()


def test_externals_cannot_ask_to_join_what_they_cannot_see(as_):
    assert as_("carla").post(url("partner-network", "join-requests/")).status_code == 404


def test_the_last_owner_cannot_leave_but_members_can(as_):
    assert as_("linus").post(url("customer-council", "leave/")).status_code == 409
    assert as_("carla").post(url("customer-council", "leave/")).status_code == 204
    assert as_("carla").get(url("customer-council")).status_code == 404


def test_owners_manage_roles(as_, demo):
    member = url("customer-council", f"members/{demo['ada'].pk}/")

    assert (
        as_("ada").patch(member, {"role": "owner"}, content_type="application/json").status_code
        == 403
    )
    response = as_("linus").patch(member, {"role": "moderator"}, content_type="application/json")
    assert (response.status_code, response.json()["role"]) == (200, "moderator")
    assert (
        as_("linus").patch(member, {"role": "emperor"}, content_type="application/json").status_code
        == 400
    )


def test_moderators_remove_and_ban(as_, demo):
    carla = demo["carla"]

    assert as_("ada").delete(url("customer-council", f"members/{carla.pk}/")).status_code == 403
    response = as_("linus").post(
        url("customer-council", "bans/"), {"user_id": carla.pk, "reason": "Spam"}
    )
    assert response.status_code == 201
    assert as_("carla").get(url("customer-council")).status_code == 404
    assert (
        as_("linus")
        .post(url("customer-council", "bans/"), {"user_id": carla.pk, "reason": ""})
        .status_code
        == 400
    )


def test_an_archived_community_is_read_only(as_):
    assert as_("ada").post(url("customer-council", "archive/")).status_code == 403
    assert as_("linus").post(url("customer-council", "archive/")).status_code == 204

    edit = as_("linus").patch(
        url("customer-council"), {"description": "New"}, content_type="application/json"
    )
    assert edit.status_code == 409
    assert as_("carla").get(url("customer-council")).json()["is_archived"] is True


def test_the_audience_is_fixed_after_creation(as_):
    response = as_("linus").patch(
        url("customer-council"), {"audience": "internal"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "audience" in response.json()["fields"]
