"""Indices behind aliases: each document type is searched and written through its
alias (`<prefix>_<kind>`), which points at one dated index. `ensure()` makes the
first one; a reindex builds the next and swaps the alias atomically, so searches
never see a half-built index."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from elasticsearch import BadRequestError
from elasticsearch.dsl import Document

from search.client import get_client, index_name
from search.documents import DOCUMENTS

# Fresh within the 2 seconds the product promises: a write is searchable after the
# next refresh.
REFRESH_INTERVAL = "1s"


def alias_for(document: type[Document]) -> str:
    return index_name(document.kind)


def all_aliases() -> list[str]:
    return [alias_for(document) for document in DOCUMENTS]


def body_for(document: type[Document]) -> dict:
    """The index's settings and mappings, from the document class."""
    return {
        "settings": {
            "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
            "refresh_interval": REFRESH_INTERVAL,
            # Stored newest first, as search/backends/elastic.py sorts "newest": such a
            # search stops in each segment after its page instead of sorting every match.
            "sort.field": ["created_at", "key"],
            "sort.order": ["desc", "desc"],
            "sort.missing": ["_last", "_last"],
        },
        "mappings": document._doc_type.mapping.to_dict(),
    }


def new_index_name(document: type[Document]) -> str:
    return f"{alias_for(document)}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(document: type[Document], *, aliased: bool = False) -> str:
    """A new dated index for the document type; behind its alias only if `aliased`."""
    name = new_index_name(document)
    body = body_for(document)
    if aliased:
        # The alias's one write index: a second process racing to make the first
        # index fails here instead of leaving the alias over two indices.
        body["aliases"] = {alias_for(document): {"is_write_index": True}}
    get_client().indices.create(index=name, **body)
    return name


@dataclass(frozen=True)
class Ensured:
    alias: str
    index: str
    created: bool


def current_index(alias: str) -> str | None:
    client = get_client()
    if not client.indices.exists_alias(name=alias):
        return None
    (index,) = client.indices.get_alias(name=alias)
    return index


def ensure(document: type[Document]) -> Ensured:
    """The alias and the index behind it, made if missing (idempotent, and safe when
    several processes start at once)."""
    alias = alias_for(document)
    index = current_index(alias)
    if index is not None:
        return Ensured(alias, index, created=False)
    try:
        index = create_index(document, aliased=True)
    except BadRequestError:
        index = current_index(alias)
        if index is None:
            raise
        return Ensured(alias, index, created=False)
    return Ensured(alias, index, created=True)


def ensure_all() -> list[Ensured]:
    return [ensure(document) for document in DOCUMENTS]


# (url, prefix) pairs whose indices this process has made sure exist.
_ensured: set[tuple[str, str]] = set()


def ensure_once() -> None:
    """The indices exist before a process's first read or write (once per URL and
    prefix, so a test pointing at another node or prefix gets its own): a fresh
    deployment answers its first search with nothing rather than an error."""
    key = (settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX_PREFIX)
    if key not in _ensured:
        ensure_all()
        _ensured.add(key)
