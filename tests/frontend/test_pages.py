"""Server-rendered pages: home, sign-in, styleguide, errors."""

from django.urls import reverse

from network.models import Community
from network.services.posts import post_create


def test_home_lists_a_customers_community_only_with_its_real_member_count(client, demo):
    client.force_login(demo["carla"])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    communities = list(response.context["communities"])
    assert [c.slug for c in communities] == ["customer-council"]
    # ada, linus and carla are in the Customer Council.
    assert communities[0].member_count == 3
    assert b"Engineering" not in response.content
    assert b"Product Council" not in response.content


def test_home_shows_an_empty_state_to_someone_in_no_community(client, demo):
    client.force_login(demo["margaret"])

    response = client.get(reverse("home"))

    assert b"No communities yet" in response.content


def test_home_takes_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    slugs = ["engineering", "partner-network", "customer-council", "early-access"]
    for number in range(30):
        post_create(
            actor=demo["linus"],
            community=Community.objects.get(slug=slugs[number % 4]),
            body=f"Post {number}",
        )
    client.force_login(demo["linus"])
    # The user (the session comes from the cache); the reader's memberships, follows and
    # readable communities; the feed page with engagement and polls; attachments;
    # who can see each community on the page (one query); the communities with
    # member counts; the newest activity id (where the live client catches up
    # from); the unread notifications badge; the points balance in the nav.
    # (tests/network/test_feed_pages.py varies the number of posts.)
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert len(response.context["communities"]) == 4
    assert len(response.context["posts"]) == 20


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_sign_in_keeps_the_username_and_explains_the_error(client, demo):
    response = client.post(reverse("login"), {"username": "carla", "password": "nope"})

    assert response.status_code == 200
    assert b'value="carla"' in response.content
    assert b'role="alert"' in response.content


def test_styleguide_renders_every_component(client, demo):
    client.force_login(demo["ada"])

    body = client.get(reverse("styleguide")).content.decode()

    for component in (
        "button--danger",
        "field__error",
        "badge--partner",
        "empty",
        "error-state",
        "alert--warning",
        "card--audience-customer",
    ):
        assert component in body, component


def test_unknown_pages_use_the_not_found_page(client, demo):
    client.force_login(demo["ada"])

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"does not exist, or you cannot see it" in response.content


def test_password_guessing_is_locked_out_with_a_429(client, demo, persona_password):
    def attempt(username: str, password: str) -> int:
        return client.post(
            reverse("login"), {"username": username, "password": password}
        ).status_code

    assert [attempt("ada", "guess") for _ in range(9)] == [200] * 9
    assert attempt("ada", "guess") == 429  # the tenth failure locks the account out

    locked = client.post(reverse("login"), {"username": "ada", "password": persona_password})
    assert locked.status_code == 429, "even the right password waits for the cool-off"
    assert b"Too many attempts" in locked.content
    assert attempt("grace", persona_password) == 302, "other people are not affected"
