"""Writing changed documents: through the alias, and into the index of every
unfinished reindex of that kind, so that a rebuild running meanwhile does not miss
them (its loader may have read those rows before they changed)."""

from collections.abc import Iterable
from http import HTTPStatus

from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk

from search.affected import Affected
from search.client import get_client
from search.fallback import is_unavailable
from search.indexing import actions_for, index_now
from search.indices import ensure_once
from search.models import ReindexRun

WRITE_ERRORS = (TransportError, ApiError, BulkIndexError)


def open_reindex_indices(kind: str) -> list[str]:
    return list(
        ReindexRun.objects.filter(kind=kind, finished_at__isnull=True).values_list(
            "index", flat=True
        )
    )


def index_into(index: str, kind: str, ids: Iterable[int]) -> None:
    """The rows' documents written to one named index (not through the alias).
    Nothing if that index is gone (a run abandoned by hand): writing would make
    Elasticsearch invent the index with guessed mappings."""
    if not get_client().indices.exists(index=index):
        return
    actions = [{**action, "_index": index} for action in actions_for(kind, ids)]
    _, errors = bulk(get_client(), actions, raise_on_error=False, raise_on_exception=True)
    failed = [
        error for error in errors if error.get("delete", {}).get("status") != HTTPStatus.NOT_FOUND
    ]
    if failed:
        raise BulkIndexError(f"{len(failed)} document(s) failed to index into {index}", failed)


def write(documents: Affected, *, refresh: bool = False) -> None:
    """Write these documents' current state everywhere they belong. Raises the
    client's error when Elasticsearch fails."""
    ensure_once()
    for kind, ids in documents.items():
        if not ids:
            continue
        index_now(kind, ids, refresh=refresh)
        for index in open_reindex_indices(kind):
            index_into(index, kind, ids)


def is_outage(error: Exception) -> bool:
    """Elasticsearch could not take the write (down, overloaded), as opposed to a
    write Bridge got wrong."""
    if isinstance(error, BulkIndexError):
        # Per-document failures: an outage only when every one is a 429 or a 5xx.
        statuses = [next(iter(item.values())).get("status", 0) for item in error.errors]
        return bool(statuses) and all(
            status == HTTPStatus.TOO_MANY_REQUESTS or status >= HTTPStatus.INTERNAL_SERVER_ERROR
            for status in statuses
        )
    return is_unavailable(error)
