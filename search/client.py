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


def index_name(name: str) -> str:
    """Every index is prefixed so that deployments and test runs share a cluster safely."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{name}"
