"""Nothing is lost while Elasticsearch is down: on a private node (never the shared
one), writes go through the services and the relay, the node is killed mid-way and
writing goes on, then it is started again on the same data and the drain runs;
every write is searchable. And with the real Celery worker, a new post is
searchable within the two seconds the product promises."""

import uuid

import pytest

from activity.models import Delivery
from network.models import Post
from network.services.conversations import comment_create
from network.services.moderation import moderation_decide
from network.services.posts import post_create
from search import backlog
from search.client import get_client
from tests.fixtures.elasticsearch_server import ElasticsearchServer
from tests.fixtures.live_stack import relay_settled
from tests.fixtures.personas import community
from tests.fixtures.processes import start_worker
from tests.fixtures.services import wait_for
from tests.search.delivering import deliver_search, forget_outage, indexed, search_ids


@pytest.fixture
def private_search(settings, elasticsearch_server: ElasticsearchServer):
    """This process searches and indexes on the private node."""
    settings.ELASTICSEARCH_URL = elasticsearch_server.url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bridge_fault_{uuid.uuid4().hex[:8]}"
    get_client.cache_clear()
    yield elasticsearch_server
    get_client.cache_clear()  # pytest-django restores the settings next
    forget_outage()


def falcon(ada, n: int) -> Post:
    return post_create(actor=ada, community=community("engineering"), body=f"Falcon sighting {n}")


def test_every_write_made_while_elasticsearch_was_killed_becomes_searchable(
    private_search, demo, demo_content
):
    ada, linus = demo["ada"], demo["linus"]
    before = [falcon(ada, n) for n in range(3)]
    deliver_search()
    assert search_ids("post", "falcon") == {post.pk for post in before}

    private_search.kill()
    during = [falcon(ada, n) for n in range(3, 6)]
    engineering = demo_content["engineering"]
    reply = comment_create(actor=linus, post=engineering.post, body="Falcon seen from the roof")
    moderation_decide(actor=linus, post=before[0], action="hide", reason="Duplicate")
    assert deliver_search() > 0
    assert not Delivery.objects.filter(handler="search.index", status="pending").exists()
    kept = backlog.size()
    assert kept >= len(during) + 2
    assert backlog.drain() == 0, "the node is down: the drain waits"

    private_search.start()  # same port, same data directory
    assert backlog.drain() == kept
    assert backlog.size() == 0
    assert search_ids("post", "falcon") == {post.pk for post in before + during}
    assert search_ids("comment", "falcon") == {reply.pk}
    assert indexed("post", before[0].pk)["hidden"] is True
    assert private_search.starts == 2


@pytest.mark.django_db(transaction=True)
def test_a_post_is_searchable_within_two_seconds_with_the_real_worker(
    settings, search_indices, demo, tmp_path
):
    worker = start_worker(
        tmp_path / "worker.log", extra_env={"ELASTICSEARCH_INDEX_PREFIX": search_indices}
    )
    try:
        relay_settled()  # the demo's own activities first
        post = falcon(demo["ada"], 99)

        def searchable() -> bool:
            # No forced refresh: searchable as a reader's search would find it.
            return post.pk in search_ids("post", "falcon", refresh=False)

        wait_for(searchable, timeout=2, interval=0.1, message="the new post to be searchable")
    finally:
        worker.stop()
