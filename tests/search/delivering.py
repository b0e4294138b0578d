"""Test helpers: hand the pending `search.index` deliveries to the relay, as the
Celery worker would after commit, and read a document back from the index."""

from django.core.cache import cache

from activity import relay
from activity.models import Delivery
from search.client import get_client
from search.documents import document_for
from search.fallback import DOWN_KEY
from search.indices import alias_for


def forget_outage() -> None:
    """Forget that Elasticsearch was marked down (a shared cache key that outlives
    the test that pointed it at a dead address)."""
    cache.delete(DOWN_KEY)


def deliver_search() -> int:
    """Deliver every pending search.index delivery; returns how many."""
    pending = list(
        Delivery.objects.filter(handler="search.index", status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for delivery_id in pending:
        assert relay.deliver(delivery_id) == relay.Outcome.DELIVERED
    return len(pending)


def indexed(kind: str, pk: int, *, index: str | None = None) -> dict | None:
    """The document's source as Elasticsearch holds it (by id: real-time, no refresh
    needed), or None."""
    found = (
        get_client()
        .options(ignore_status=404)
        .get(index=index or alias_for(document_for(kind)), id=str(pk))
    )
    return found["_source"] if found.get("found") else None


def search_ids(kind: str, text: str, *, refresh: bool = True) -> set[int]:
    """The ids a full-text search of `body`/`name` finds through the alias (after a
    refresh unless told otherwise): what a reader's search can see."""
    alias = alias_for(document_for(kind))
    if refresh:
        get_client().indices.refresh(index=alias)
    field = "body" if kind in {"post", "comment", "idea"} else "name"
    hits = get_client().search(index=alias, query={"match": {field: text}}, size=1000)
    return {int(hit["_id"]) for hit in hits["hits"]["hits"]}
