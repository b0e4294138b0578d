"""GET /api/v1/search: validated parameters (400 field by field), results and
facets as JSON from either backend, and the database's answer with a notice when
Elasticsearch is unreachable."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.services.conversations import comment_create
from network.services.posts import post_create
from search.client import get_client
from search.cursor import Cursor, encode
from search.fallback import DEGRADED_NOTICE, DOWN_KEY
from tests.fixtures.personas import client_for, community
from tests.fixtures.processes import free_port
from tests.search.engine import prepared

URL = "/api/v1/search/"


@pytest.fixture
def beacon(demo):
    return post_create(
        actor=demo["carla"],
        community=community("customer-council"),
        body="A <b>beacon</b> #signals",
    )


def test_results_carry_what_a_client_shows(backend, settings, demo, beacon):
    settings.SEARCH_BACKEND = backend
    prepared(backend)

    response = client_for(demo, "ada").get(URL, {"q": "beacon"})

    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == backend and body["notice"] == ""
    (result,) = body["results"]
    council = community("customer-council")
    assert result == {
        "kind": "post",
        "id": beacon.pk,
        "title": "Carla Customer in Customer Council",
        "snippet": result["snippet"],
        "url": f"/posts/{beacon.pk}/",
        "created_at": result["created_at"],
        "community": {"id": council.pk, "name": "Customer Council"},
        "author": {"id": demo["carla"].pk, "name": "Carla Customer", "affiliation": "customer"},
    }
    assert result["created_at"]
    # Escaped (Elasticsearch also escapes "/"), with the match marked.
    assert result["snippet"].startswith("A &lt;b&gt;<mark>beacon</mark>&lt;")
    assert "<b>" not in result["snippet"]
    assert {"value": "signals", "label": "#signals", "count": 1, "selected": False} in body[
        "facets"
    ]["hashtag"]
    assert set(body["facets"]) == {"type", "community", "affiliation", "hashtag", "stage"}


def test_selected_filters_come_back_selected(backend, settings, demo, beacon):
    settings.SEARCH_BACKEND = backend
    prepared(backend)
    council = community("customer-council")

    body = (
        client_for(demo, "ada")
        .get(URL, {"q": "beacon", "community": council.pk, "type": ["post", "comment"]})
        .json()
    )
    assert [result["id"] for result in body["results"]] == [beacon.pk]
    chosen = {
        (name, value["value"])
        for name, values in body["facets"].items()
        for value in values
        if value["selected"]
    }
    assert chosen == {("community", str(council.pk)), ("type", "post"), ("type", "comment")}


def test_someone_outside_the_community_gets_nothing_of_it(backend, settings, demo, beacon):
    settings.SEARCH_BACKEND = backend
    prepared(backend)
    body = client_for(demo, "otto").get(URL, {"q": "beacon"}).json()
    assert body["results"] == []
    assert all(value["count"] == 0 for value in body["facets"]["community"])


def test_signed_out_callers_are_refused(db):
    from django.test import Client

    assert Client().get(URL, {"q": "x"}).status_code in (401, 403)


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"size": "0"}, "size"),
        ({"size": "51"}, "size"),
        ({"size": "many"}, "size"),
        ({"type": "files"}, "type"),
        ({"community": "engineering"}, "community"),
        ({"affiliation": "robot"}, "affiliation"),
        ({"since": "24/11/2026"}, "since"),
        ({"until": "2026-02-30"}, "until"),
        ({"since": "2026-11-24", "until": "2026-11-01"}, "until"),
        ({"sort": "oldest"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": encode(Cursor("database", "newest", ("x",))), "sort": "relevance"}, "cursor"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(settings, demo, parameters, field):
    settings.SEARCH_BACKEND = "database"
    response = client_for(demo, "ada").get(URL, parameters)
    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()


def test_a_cursor_of_the_other_backend_is_a_400(settings, demo):
    settings.SEARCH_BACKEND = "database"
    foreign = encode(Cursor("elasticsearch", "relevance", (1.0, 0, "post:1")))
    response = client_for(demo, "ada").get(URL, {"q": "x", "cursor": foreign})
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


def test_an_unreachable_elasticsearch_answers_from_the_database_with_a_notice(
    settings, demo, beacon
):
    # A port nothing listens on: a real refused connection, as in an outage.
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH_BACKEND = "elasticsearch"
    get_client.cache_clear()
    cache.delete(DOWN_KEY)
    try:
        body = client_for(demo, "ada").get(URL, {"q": "beacon"}).json()
    finally:
        get_client.cache_clear()
        cache.delete(DOWN_KEY)
    assert body["backend"] == "database"
    assert body["notice"] == DEGRADED_NOTICE
    assert [result["id"] for result in body["results"]] == [beacon.pk]


def test_a_fresh_deployment_answers_before_anything_was_indexed(own_prefix, demo):
    """No index exists yet under this prefix: the first search makes them, and finds
    nothing rather than failing; with or without the final slash."""
    ada = client_for(demo, "ada")
    for url in ("/api/v1/search", "/api/v1/search/"):
        response = ada.get(url, {"q": "anything"})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
        assert response.json()["backend"] == "elasticsearch"
    suggestions = ada.get("/api/v1/search/suggest", {"q": "ad"})
    assert suggestions.status_code == 200


@pytest.mark.parametrize("url", [URL, "/search/"], ids=["api", "page"])
def test_a_page_of_posts_and_comments_costs_the_same_queries_as_two(backend, settings, demo, url):
    """What a hit shows (its author, its community, its link) is read with its row:
    a field the re-check left out would cost a query per hit here."""
    settings.SEARCH_BACKEND = backend
    council = community("customer-council")
    for number in range(12):
        post = post_create(actor=demo["carla"], community=council, body=f"Tally {number}")
        comment_create(actor=demo["ada"], post=post, body=f"Tally again {number}")
    prepared(backend)
    client = client_for(demo, "ada")
    client.get(url, {"q": "tally"})  # the session and the user, read once

    def queries_for(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"q": "tally", "size": size})
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(20)
