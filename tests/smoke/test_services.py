"""Each real service answers: PostgreSQL, Redis (channel layer), Elasticsearch, Celery."""

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

from realtime.layer import WatchfulPubSubChannelLayer
from search import capabilities
from search.client import get_client, index_name
from tests.probe.tasks import where_am_i


def test_postgresql_answers_a_query(db, postgres_url):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()
    assert connection.vendor == "postgresql"
    assert version >= 150000


def test_channel_layer_round_trips_a_message_through_redis(redis_url):
    layer = get_channel_layer()
    assert isinstance(layer, WatchfulPubSubChannelLayer)

    async def round_trip() -> dict:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "smoke.test", "token": "hello"})
        return await layer.receive(channel)

    assert async_to_sync(round_trip)() == {"type": "smoke.test", "token": "hello"}


@pytest.fixture
def smoke_index(elasticsearch_url):
    client = get_client()
    name = index_name(f"smoke_{uuid.uuid4().hex[:8]}")
    client.indices.create(index=name, mappings={"properties": {"body": {"type": "text"}}})
    yield name
    client.indices.delete(index=name)


def test_elasticsearch_indexes_and_finds_a_document(smoke_index):
    client = get_client()
    client.index(index=smoke_index, id="1", document={"body": "Bridges cross the firewall"})
    client.index(index=smoke_index, id="2", document={"body": "Something unrelated"})
    client.indices.refresh(index=smoke_index)

    hits = client.search(index=smoke_index, query={"match": {"body": "firewall"}})["hits"]["hits"]

    assert [hit["_id"] for hit in hits] == ["1"]


def test_elasticsearch_has_the_analysis_bridge_relies_on(elasticsearch_url):
    found = capabilities.detect()

    assert found.version.startswith("8.19."), found.version
    assert found.missing_required == []
    # Stemming exists only where analysis-common does (the official image, not
    # the integ-test distribution CI runs): the capability report must say so.
    assert found.has_stemming == ("analysis-common" in found.modules)


def test_a_celery_task_runs_in_a_real_worker(celery_worker):
    token = uuid.uuid4().hex

    result = where_am_i.delay(token).get(timeout=30)

    assert result == {"token": token, "hostname": celery_worker.nodename}


def test_an_idle_receive_outlives_the_redis_client_socket_timeout(redis_url):
    # channels-redis blocks 5 s per read; redis-py 8 also times sockets out at 5 s
    # unless the layer says otherwise (bridge/settings/services.py). A failure
    # here means idle websockets die after a few seconds.
    layer = get_channel_layer()

    async def idle_receive() -> str:
        channel = await layer.new_channel()
        try:
            await asyncio.wait_for(layer.receive(channel), timeout=7)
        except TimeoutError:
            return "still waiting"
        return "received"

    assert async_to_sync(idle_receive)() == "still waiting"
