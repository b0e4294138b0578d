"""The search health page (/search/health/): platform admins only, and figures that
match what Elasticsearch and the database hold."""

import pytest
from django.urls import reverse

from network.models import Post, User
from search import backlog
from search.client import get_client
from search.health import DATABASE, ELASTICSEARCH, UNREACHABLE, health
from search.reindex import reindex
from tests.fixtures.personas import EVERYONE, client_for
from tests.fixtures.processes import free_port
from tests.search.delivering import deliver_search

URL = reverse("search-health")


@pytest.mark.parametrize("who", EVERYONE)
def test_only_platform_admins_see_search_health(settings, demo, who):
    settings.SEARCH_BACKEND = "database"
    response = client_for(demo, who).get(URL)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == (200 if who == "margaret" else 403)


def test_the_nav_links_to_it_for_platform_admins_only(settings, demo):
    settings.SEARCH_BACKEND = "database"
    assert URL in client_for(demo, "margaret").get(reverse("home")).content.decode()
    assert URL not in client_for(demo, "linus").get(reverse("home")).content.decode()


def test_figures_per_kind_with_a_backlog_and_an_unfinished_reindex(
    search_indices, demo, demo_content
):
    deliver_search()
    backlog.keep({"post": {demo_content["engineering"].post.pk}})

    class Stop(Exception):
        pass

    def stop(line: str) -> None:
        if "documents" in line:
            raise Stop

    with pytest.raises(Stop):
        reindex("comment", batch_size=1, progress=stop)

    get_client().indices.refresh(index=f"{search_indices}_*")
    figures = health()
    assert figures.state == ELASTICSEARCH
    by_kind = {kind.kind: kind for kind in figures.kinds}
    posts = by_kind["post"]
    assert posts.alias == f"{search_indices}_post"
    assert posts.index.startswith(f"{search_indices}_post-")
    assert posts.documents == posts.rows == Post.objects.count()
    assert posts.backlog == 1
    assert by_kind["comment"].reindex.indexed == 1
    # People enter the index with their first membership (no activity records an
    # account's creation); a reindex brings in the others (margaret has none).
    members = User.objects.filter(memberships__isnull=False).distinct().count()
    assert by_kind["person"].documents == members == by_kind["person"].rows - 1

    page = client_for(demo, "margaret").get(URL).content.decode()
    assert 'data-search-state="elasticsearch"' in page
    assert "1 document in the backlog" in page
    assert by_kind["comment"].reindex.index in page


def test_an_unreachable_elasticsearch_is_said_plainly(settings, search_indices, demo):
    reachable = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    get_client.cache_clear()
    try:
        assert health().state == UNREACHABLE
        page = client_for(demo, "margaret").get(URL).content.decode()
        assert "Elasticsearch unreachable" in page
    finally:
        settings.ELASTICSEARCH_URL = reachable
        get_client.cache_clear()


def test_database_search_has_no_indices_to_watch(settings, demo):
    settings.SEARCH_BACKEND = "database"
    figures = health()
    assert figures.state == DATABASE
    assert {kind.documents for kind in figures.kinds} == {None}
    assert "Database search" in client_for(demo, "margaret").get(URL).content.decode()
