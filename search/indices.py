"""Indices behind aliases: each document type is searched and written through its
alias (`<prefix>_<kind>`), which points at one dated index. `ensure()` makes the
first one; a reindex builds the next and swaps the alias atomically, so searches
never see a half-built index."""

from dataclasses import dataclass

from django.utils import timezone
from elasticsearch.dsl import Document

from search.client import get_client, index_name
from search.documents import DOCUMENTS

# Fresh within the 2 seconds the product promises: a write is searchable after the
# next refresh.
REFRESH_INTERVAL = "1s"


def alias_for(document: type[Document]) -> str:
    return index_name(document.kind)


def body_for(document: type[Document]) -> dict:
    """The index's settings and mappings, from the document class."""
    return {
        "settings": {"number_of_replicas": 0, "refresh_interval": REFRESH_INTERVAL},
        "mappings": document._doc_type.mapping.to_dict(),
    }


def create_index(document: type[Document]) -> str:
    """A new dated index for the document type, not yet behind its alias."""
    name = f"{alias_for(document)}-{timezone.now():%Y%m%d%H%M%S%f}"
    get_client().indices.create(index=name, **body_for(document))
    return name


@dataclass(frozen=True)
class Ensured:
    alias: str
    index: str
    created: bool


def ensure(document: type[Document]) -> Ensured:
    """The alias and the index behind it, made if missing (idempotent)."""
    client = get_client()
    alias = alias_for(document)
    if client.indices.exists_alias(name=alias):
        (index,) = client.indices.get_alias(name=alias)
        return Ensured(alias, index, created=False)
    index = create_index(document)
    client.indices.put_alias(index=index, name=alias)
    return Ensured(alias, index, created=True)


def ensure_all() -> list[Ensured]:
    return [ensure(document) for document in DOCUMENTS]
