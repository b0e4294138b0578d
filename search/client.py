"""The Elasticsearch connection, or None when Bridge runs with database search."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


def elasticsearch_enabled() -> bool:
    return settings.SEARCH_BACKEND == "elasticsearch"


@cache
def get_client() -> Elasticsearch:
    if not elasticsearch_enabled():
        raise RuntimeError("Elasticsearch is not configured (ELASTICSEARCH_URL is unset).")
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=5, retry_on_timeout=True)


# A search waits this long for Elasticsearch before answering from the database.
READ_TIMEOUT_SECONDS = 2


@cache
def _reading(client: Elasticsearch) -> Elasticsearch:
    # Made once per connection: options() builds a new client object each call.
    return client.options(request_timeout=READ_TIMEOUT_SECONDS, retry_on_timeout=False)


def get_read_client() -> Elasticsearch:
    """The connection for searches, type-ahead and similar ideas: a reader waits
    seconds at most, then gets the database's answer (search/fallback.py)."""
    return _reading(get_client())


def index_name(name: str) -> str:
    """Every index is prefixed so that deployments and test runs share a cluster safely."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{name}"
