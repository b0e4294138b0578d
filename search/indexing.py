"""Writing documents: the current database state of some rows, in one bulk request.

Every write states the whole document as the database has it now, so writes are
idempotent and may be replayed in any order: the last one reads the newest state.
Rows that no longer exist are deleted from the index.
"""

from collections.abc import Iterable
from http import HTTPStatus

from elasticsearch.helpers import BulkIndexError, bulk

from search.client import get_client
from search.documents import document_for
from search.indices import alias_for
from search.serialize import sources


def actions_for(kind: str, ids: Iterable[int]) -> list[dict]:
    ids = set(ids)
    alias = alias_for(document_for(kind))
    actions = []
    for pk, source in sources(kind, ids):
        ids.discard(pk)
        actions.append({"_op_type": "index", "_index": alias, "_id": pk, "_source": source})
    actions += [{"_op_type": "delete", "_index": alias, "_id": pk} for pk in sorted(ids)]
    return actions


def index_now(kind: str, ids: Iterable[int], *, refresh: bool = False) -> int:
    """Write these rows' documents (delete the missing ones); returns how many were
    written. `refresh` makes them searchable at once (tests; the indices refresh
    every second anyway). Raises the client's error when Elasticsearch fails."""
    actions = actions_for(kind, ids)
    if not actions:
        return 0
    written, errors = bulk(
        get_client(),
        actions,
        refresh="wait_for" if refresh else False,
        # Writing through a name that is not an alias would make Elasticsearch invent
        # an index with guessed mappings; refuse instead.
        require_alias=True,
        raise_on_error=False,
        raise_on_exception=True,
    )
    # Deleting what was never indexed is fine; anything else is a failed write.
    failed = [
        error for error in errors if error.get("delete", {}).get("status") != HTTPStatus.NOT_FOUND
    ]
    if failed:
        raise BulkIndexError(f"{len(failed)} search document(s) failed to index", failed)
    return written
