"""The search.index handler: activities delivered by the relay keep the index
current; while Elasticsearch is unreachable the documents wait in the backlog and
the drain writes them once it answers; a bug raises so the relay retries."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from elasticsearch.helpers import BulkIndexError

from activity import relay
from activity.models import Delivery
from network.services.memberships import membership_remove
from network.services.moderation import moderation_decide
from network.services.people import profile_update
from network.services.posts import post_create, post_delete
from search import backlog
from search.client import get_client
from search.models import PendingDocument
from search.writes import is_outage
from tests.fixtures.personas import community
from tests.fixtures.processes import free_port
from tests.search.delivering import deliver_search, forget_outage, indexed, search_ids


@pytest.fixture
def unreachable(settings, search_indices):
    """Elasticsearch at an address where nothing listens (connection refused)."""
    reachable = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    get_client.cache_clear()
    yield reachable
    settings.ELASTICSEARCH_URL = reachable
    get_client.cache_clear()
    forget_outage()


def test_a_new_post_its_hiding_and_its_deletion_reach_the_index(search_indices, demo, demo_content):
    deliver_search()
    engineering = demo_content["engineering"]
    post = post_create(actor=demo["ada"], community=community("engineering"), body="Kestrel #birds")
    deliver_search()
    assert indexed("post", post.pk)["hidden"] is False
    assert search_ids("post", "kestrel") == {post.pk}
    assert indexed("hashtag", post.hashtags.get().pk)["name"] == "birds"

    moderation_decide(actor=demo["linus"], post=engineering.post, action="hide", reason="Later")
    deliver_search()
    assert indexed("post", engineering.post.pk)["hidden"] is True
    assert indexed("comment", engineering.comment.pk)["hidden"] is True, "follows its post"

    post_delete(actor=engineering.post.author, post=engineering.post)
    deliver_search()
    assert indexed("post", engineering.post.pk)["deleted"] is True
    assert indexed("comment", engineering.comment.pk)["deleted"] is True


def test_a_membership_and_a_profile_change_reach_the_persons_document(search_indices, demo):
    ada, engineering = demo["ada"], community("engineering")
    deliver_search()
    assert engineering.pk in indexed("person", ada.pk)["community_ids"]

    membership_remove(actor=demo["linus"], community=engineering, user=ada)
    profile_update(actor=ada, person=ada, changes={"title": "Principal engineer"})
    deliver_search()
    document = indexed("person", ada.pk)
    assert engineering.pk not in document["community_ids"]
    assert document["title"] == "Principal engineer"


def test_with_database_search_the_handler_writes_nothing(settings, search_indices, demo):
    settings.SEARCH_BACKEND = "database"
    post = post_create(actor=demo["ada"], community=community("engineering"), body="Quiet")
    deliver_search()
    settings.SEARCH_BACKEND = "elasticsearch"
    assert indexed("post", post.pk) is None
    assert not PendingDocument.objects.exists()


def test_while_elasticsearch_is_unreachable_writes_wait_in_the_backlog(settings, unreachable, demo):
    post = post_create(actor=demo["ada"], community=community("engineering"), body="Osprey")
    delivered = deliver_search()
    assert delivered > 0, "every delivery is done: nothing left for the relay to retry"
    assert ("post", post.pk) in set(PendingDocument.objects.values_list("kind", "object_id"))
    assert backlog.drain() == 0, "still down: the drain stops quietly and keeps them"
    assert backlog.size() > 0
    assert not Delivery.objects.filter(handler="search.index").exclude(status="done").exists()

    # Marked down for a few seconds: the next writes go straight to the backlog,
    # without trying (here, even though the address answers again).
    settings.ELASTICSEARCH_URL = unreachable
    get_client.cache_clear()
    again = post_create(actor=demo["ada"], community=community("engineering"), body="Egret")
    deliver_search()
    assert PendingDocument.objects.filter(kind="post", object_id=again.pk).exists()
    assert indexed("post", again.pk) is None


def test_the_drain_writes_the_backlog_once_elasticsearch_answers(settings, search_indices, demo):
    reachable = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    get_client.cache_clear()
    try:
        post = post_create(actor=demo["ada"], community=community("engineering"), body="Heron")
        deliver_search()
        kept = backlog.size()
    finally:
        settings.ELASTICSEARCH_URL = reachable
        get_client.cache_clear()
    assert kept > 0
    assert indexed("post", post.pk) is None

    # Elasticsearch is still marked down for searches; the drain tries regardless.
    out = StringIO()
    try:
        call_command("search_drain", stdout=out)
    finally:
        forget_outage()
    assert f"{kept} document(s) written; 0 left in the backlog" in out.getvalue()
    assert backlog.size() == 0
    assert search_ids("post", "heron") == {post.pk}
    assert indexed("person", demo["ada"].pk) is not None, "the demo's memberships too"


def test_any_other_failure_raises_so_the_relay_retries(settings, search_indices, demo):
    deliver_search()
    # A mistake of ours: writing through an alias that is missing (require_alias).
    client = get_client()
    client.indices.delete(index=list(client.indices.get_alias(name=f"{search_indices}_post")))
    post_create(actor=demo["ada"], community=community("engineering"), body="Wren")
    delivery = Delivery.objects.get(handler="search.index", status="pending")
    with pytest.raises(relay.HandlerFailed):
        relay.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert "BulkIndexError" in delivery.last_error
    assert not PendingDocument.objects.exists(), "a bug is not an outage: nothing kept"


def test_only_an_overloaded_or_broken_cluster_counts_as_an_outage():
    def failed(status: int) -> BulkIndexError:
        return BulkIndexError("failed", [{"index": {"_id": "1", "status": status}}])

    assert is_outage(failed(429))
    assert is_outage(failed(503))
    assert not is_outage(failed(400)), "a mapping conflict is our bug"
    assert not is_outage(failed(404)), "a missing alias is our bug"


@pytest.mark.django_db(transaction=True)
def test_two_drains_never_take_the_same_rows(search_indices, demo):
    """Rows another drain holds are skipped (SKIP LOCKED), not waited for or redone."""
    backlog.keep({"person": {person.pk for person in demo.values()}})
    held = sorted(PendingDocument.objects.values_list("pk", flat=True))[:3]
    locked, release = threading.Event(), threading.Event()

    def other_drain() -> None:
        try:
            with transaction.atomic():
                list(PendingDocument.objects.select_for_update().filter(pk__in=held))
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    other = threading.Thread(target=other_drain)
    other.start()
    try:
        assert locked.wait(timeout=10)
        assert backlog.drain() == len(demo) - len(held)
        assert sorted(PendingDocument.objects.values_list("pk", flat=True)) == held
    finally:
        release.set()
        other.join()
    assert backlog.drain() == len(held)
