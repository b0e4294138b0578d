"""People: the directory, profiles and deactivation, through the API and the pages."""

import pytest
from django.test import Client
from django.urls import reverse

from network.models import User

PERSONAS = ["ada", "linus", "grace", "margaret", "pat", "carla", "otto"]
EMPLOYEES = {"ada", "linus", "grace", "margaret"}

# Whom each persona finds. Externals: only people who share a community with them.
# Employees: every employee plus the externals of their own communities.
FINDS = {
    "ada": EMPLOYEES | {"carla"},  # Customer Council
    "linus": EMPLOYEES | {"pat", "carla", "otto"},
    "grace": EMPLOYEES,
    "margaret": set(PERSONAS),  # platform admin
    "pat": {"pat", "linus"},  # Partner Network
    "carla": {"carla", "ada", "linus"},  # Customer Council
    "otto": {"otto", "linus"},  # Early Access Programme
}


def names(response) -> set[str]:
    return {person["username"] for person in response.json()["results"]}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_directory_api_lists_exactly_whom_a_persona_may_find(client, demo, who):
    client.force_login(demo[who])

    response = client.get("/api/v1/people/", {"page_size": 200})

    assert response.status_code == 200
    assert names(response) == FINDS[who]


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("target", PERSONAS)
def test_a_profile_is_200_when_findable_and_404_otherwise(client, demo, who, target):
    client.force_login(demo[who])
    expected = 200 if target in FINDS[who] else 404

    api = client.get(f"/api/v1/people/{demo[target].pk}/")
    page = client.get(reverse("person", args=[demo[target].pk]))

    assert (api.status_code, page.status_code) == (expected, expected)


def test_anonymous_callers_get_nothing(client, demo):
    assert client.get("/api/v1/people/").status_code == 401
    assert client.get(f"/api/v1/people/{demo['ada'].pk}/").status_code == 401
    assert client.get(reverse("directory")).status_code == 302


def test_directory_search_matches_every_word_across_fields(client, demo):
    client.force_login(demo["linus"])

    assert names(client.get("/api/v1/people/", {"q": "contoso"})) == {"carla"}
    assert names(client.get("/api/v1/people/", {"q": "hr partner"})) == {"grace"}
    assert names(client.get("/api/v1/people/", {"q": "nobody-like-this"})) == set()


def test_an_external_cannot_search_their_way_to_hidden_people(client, demo):
    client.force_login(demo["carla"])

    assert names(client.get("/api/v1/people/", {"q": "Fabrikam"})) == set()
    assert names(client.get("/api/v1/people/", {"q": "Hopper"})) == set()


def test_the_directory_costs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    client.force_login(demo["linus"])
    with django_assert_num_queries(2):  # user, page
        client.get("/api/v1/people/")


def test_the_directory_page_searches_with_htmx(client, demo):
    client.force_login(demo["carla"])

    full = client.get(reverse("directory"))
    partial = client.get(reverse("directory"), {"q": "ada"}, HTTP_HX_REQUEST="true")

    assert b"Ada Lovelace" in full.content and b"Grace" not in full.content
    assert b"<html" not in partial.content
    assert b"Ada Lovelace" in partial.content and b"Linus" not in partial.content


def test_a_person_updates_their_profile(client, demo):
    client.force_login(demo["ada"])

    response = client.patch(
        "/api/v1/me/",
        {"title": "Principal engineer", "linkedin_url": "https://www.linkedin.com/in/ada"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Principal engineer"
    assert User.objects.get(username="ada").linkedin_url == "https://www.linkedin.com/in/ada"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"linkedin_url": "https://evil.example/in/ada"}, "linkedin_url"),
        ({"x_url": "javascript:alert(1)"}, "x_url"),
        ({"website_url": "http://plain.example"}, "website_url"),
        ({"bio": "x" * 2001}, "bio"),
        ({"title": "t" * 151}, "title"),
    ],
)
def test_bad_profile_input_is_a_field_level_400(client, demo, changes, field):
    client.force_login(demo["ada"])

    response = client.patch("/api/v1/me/", changes, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_read_only_fields_cannot_be_changed_through_me(client, demo):
    client.force_login(demo["carla"])

    client.patch(
        "/api/v1/me/",
        {"organisation": "Fabrikam", "affiliation": "employee"},
        content_type="application/json",
    )

    carla = User.objects.get(username="carla")
    assert (carla.organisation, carla.affiliation) == ("Contoso", "customer")


def test_externals_have_no_department(client, demo):
    client.force_login(demo["carla"])

    response = client.patch("/api/v1/me/", {"department": "IT"}, content_type="application/json")

    assert response.status_code == 400
    assert "department" in response.json()["fields"]


def test_the_profile_form_keeps_input_and_shows_errors_next_to_fields(client, demo):
    client.force_login(demo["ada"])

    response = client.post(
        reverse("profile-edit"),
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "title": "Analyst",
            "linkedin_url": "https://example.com/ada",
            "bio": "<script>alert(1)</script>",
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Analyst"' in body
    assert "Enter an address on linkedin.com." in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_user_content_on_a_profile_is_escaped(client, demo):
    client.force_login(demo["ada"])
    client.post(
        reverse("profile-edit"),
        {"first_name": "Ada", "last_name": "Lovelace", "bio": "<img src=x onerror=alert(1)>"},
    )

    body = client.get(reverse("person", args=[demo["ada"].pk])).content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


@pytest.mark.parametrize(("who", "expected"), [("ada", 403), ("carla", 403), ("otto", 404)])
def test_only_platform_admins_deactivate(client, demo, who, expected):
    client.force_login(demo[who])

    target = demo["grace"] if who == "ada" else demo["ada"]

    response = client.post(f"/api/v1/people/{target.pk}/deactivate/")

    assert response.status_code == expected


def test_deactivation_ends_sessions_and_removes_from_the_directory(client, demo):
    carla_browser = client
    carla_browser.force_login(demo["carla"])
    assert carla_browser.get("/api/v1/me/").status_code == 200

    admin = Client()
    admin.force_login(demo["margaret"])
    response = admin.post(f"/api/v1/people/{demo['carla'].pk}/deactivate/")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert carla_browser.get("/api/v1/me/").status_code == 401, "her session ended at once"
    assert carla_browser.get(reverse("home")).status_code == 302
    linus = Client()
    linus.force_login(demo["linus"])
    assert "carla" not in names(linus.get("/api/v1/people/", {"page_size": 200}))
    assert linus.get(f"/api/v1/people/{demo['carla'].pk}/").status_code == 200, (
        "her profile stays reachable so that her content stays attributed"
    )
