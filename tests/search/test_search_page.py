"""The search page (/search/): results with highlighted snippets and links, facets
as checkboxes, "More results" appended by htmx or opened as a page, the notice in
basic mode, an empty state, and bad input shown next to its field."""

import re

import pytest
from django.core.cache import cache

from network.services.conversations import comment_create
from network.services.posts import post_create
from search.client import get_client
from search.fallback import DEGRADED_NOTICE, DOWN_KEY
from tests.fixtures.personas import client_for, community
from tests.fixtures.processes import free_port
from tests.search.engine import prepared

URL = "/search/"


@pytest.fixture
def harbour(demo):
    """Five posts and a comment about the harbour in Engineering."""
    engineering = community("engineering")
    posts = [
        post_create(actor=demo["linus"], community=engineering, body=f"Harbour <i>note</i> {n}")
        for n in range(5)
    ]
    comment = comment_create(actor=demo["linus"], post=posts[0], body="The harbour reply")
    return {"posts": posts, "comment": comment}


def _hit_ids(html: str) -> list[tuple[str, int]]:
    return [(kind, int(pk)) for kind, pk in re.findall(r'data-kind="(\w+)" data-id="(\d+)"', html)]


def test_results_link_to_their_pages_with_marked_escaped_snippets(backend, settings, demo, harbour):
    settings.SEARCH_BACKEND = backend
    prepared(backend)

    response = client_for(demo, "ada").get(URL, {"q": "harbour", "sort": "newest"})

    html = response.content.decode()
    assert response.status_code == 200
    assert len(_hit_ids(html)) == 6
    comment = harbour["comment"]
    assert f'href="/posts/{comment.post_id}/#comment-{comment.pk}"' in html
    assert f'href="/posts/{harbour["posts"][1].pk}/"' in html
    assert "<mark>Harbour</mark>" in html or "<mark>harbour</mark>" in html
    assert "<i>note</i>" not in html
    # Facets as checkboxes of the same form, with counts.
    assert re.search(
        r'name="type" value="post"[^>]*> Posts <span class="search-facet__count">\(5\)', html
    )


def test_more_results_append_with_htmx_and_open_as_a_page_without(backend, settings, demo, harbour):
    settings.SEARCH_BACKEND = backend
    prepared(backend)
    client = client_for(demo, "ada")

    first = client.get(URL, {"q": "harbour", "size": 4, "sort": "newest"}).content.decode()
    more = re.search(r'href="(\?[^"]*cursor=[^"]+)"', first).group(1).replace("&amp;", "&")
    assert len(_hit_ids(first)) == 4

    appended = client.get(URL + more, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in appended
    assert len(_hit_ids(appended)) == 2
    assert not set(_hit_ids(appended)) & set(_hit_ids(first))
    assert 'id="search-more" hx-swap-oob="true"' in appended
    assert "data-search-more" not in appended  # the last page: no more link

    page = client.get(URL + more).content.decode()
    assert "<html" in page and _hit_ids(page) == _hit_ids(appended)


def test_nothing_found_says_so(settings, demo):
    settings.SEARCH_BACKEND = "database"
    html = client_for(demo, "ada").get(URL, {"q": "xylophonic"}).content.decode()
    assert "Nothing found for “xylophonic”" in html
    assert "data-search-hit" not in html


def test_bad_dates_are_shown_next_to_their_field_keeping_what_was_typed(settings, demo):
    settings.SEARCH_BACKEND = "database"
    client = client_for(demo, "ada")

    html = client.get(
        URL, {"q": "plans", "since": "2026-11-20", "until": "2026-11-02"}
    ).content.decode()
    assert re.search(
        r'id="search-until_error">The end date must be on or after the start date', html
    )
    assert 'value="2026-11-20"' in html and 'value="2026-11-02"' in html and 'value="plans"' in html

    html = client.get(URL, {"since": "someday"}).content.decode()
    assert 'id="search-since_error"' in html and 'value="someday"' in html

    html = client.get(URL, {"q": "plans", "cursor": "edited!"}).content.decode()
    assert re.search(r'role="alert">This is not a valid cursor', html)


def test_signed_out_visitors_sign_in_first(db):
    from django.test import Client

    response = Client().get(URL, {"q": "x"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_basic_mode_is_announced(settings, demo, harbour):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH_BACKEND = "elasticsearch"
    get_client.cache_clear()
    cache.delete(DOWN_KEY)
    try:
        html = client_for(demo, "ada").get(URL, {"q": "harbour"}).content.decode()
    finally:
        get_client.cache_clear()
        cache.delete(DOWN_KEY)
    assert DEGRADED_NOTICE in html.replace("&#x27;", "'")
    assert len(_hit_ids(html)) == 6


def test_the_nav_has_a_search_box(settings, demo):
    settings.SEARCH_BACKEND = "database"
    html = client_for(demo, "ada").get("/").content.decode()
    assert '<form class="nav__search" role="search" action="/search/">' in html
    assert 'aria-label="Search Bridge" ' in html and 'data-suggest="/search/suggest/"' in html
