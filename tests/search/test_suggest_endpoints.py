"""The type-ahead endpoints: the API validates what it is asked (400 with the
field's message, 404 for a community the caller may not see), and both it and
the search box's endpoint answer on either backend with what the caller may see."""

import pytest
from django.urls import reverse

from tests.fixtures.personas import client_for, community, signed_in

API = "/api/v1/search/suggest"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "ada", "kind": "post"}, "kind"),
        ({"q": "ada", "community": "abc"}, "community"),
        ({"q": "ada", "community": "99999999999999999999"}, "community"),
        ({"q": "ada", "limit": "0"}, "limit"),
        ({"q": "ada", "limit": "1000"}, "limit"),
    ],
)
def test_the_api_says_which_parameter_is_wrong(demo, database_search, query, field):
    response = signed_in(demo["carla"]).get(API, query)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_the_api_hides_communities_the_caller_may_not_see_and_answers_nobody_signed_out(demo):
    secret = community("product-council").pk

    assert signed_in(demo["carla"]).get(API, {"q": "a", "community": secret}).status_code == 404
    assert client_for(demo, "anonymous").get(API, {"q": "a"}).status_code in (401, 403)


def test_the_api_suggests_what_the_caller_may_see(demo, search_backend):
    carla = signed_in(demo["carla"])

    everything = carla.get(API, {"q": "c"}).json()
    people = carla.get(f"{API}/", {"q": "c", "kind": "person"}).json()
    council = community("customer-council").pk
    readers = carla.get(API, {"q": "l", "kind": "person", "community": council}).json()

    assert everything["backend"] == search_backend
    assert {(s["kind"], s["value"]) for s in everything["suggestions"]} == {
        ("person", "@carla"),
        ("community", "Customer Council"),
    }
    assert [s["value"] for s in people["suggestions"]] == ["@carla"]
    assert {s["value"] for s in readers["suggestions"]} == {"@linus", "@ada"}


def test_the_search_box_endpoint_answers_signed_in_readers_with_json(demo, search_backend):
    url = reverse("search-suggest")

    found = signed_in(demo["otto"]).get(url, {"q": "early"})
    blank = signed_in(demo["otto"]).get(url, {"q": "  "})
    signed_out = client_for(demo, "anonymous").get(url, {"q": "early"})

    assert found.json()["suggestions"] == [
        {
            "kind": "community",
            "id": community("early-access").pk,
            "label": "Early Access Programme",
            "detail": "Customers",
            "value": "Early Access Programme",
            "url": f"/communities/{community('early-access').pk}/",
        }
    ]
    assert signed_in(demo["carla"]).get(url, {"q": "early"}).json()["suggestions"] == []
    assert blank.json() == {"suggestions": [], "notice": ""}
    assert signed_out.status_code == 302
