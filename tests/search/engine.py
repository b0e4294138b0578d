"""Running one search on either backend, for tests that hold both to the same cases."""

from django.contrib.auth.models import AnonymousUser

from search.backends import database, elastic
from search.indexing import index_now
from search.results import RESULT_KINDS, Query, Results
from search.serialize import queryset_for

BACKENDS = ("elasticsearch", "database")


def index_everything() -> None:
    """Every row's current document, searchable at once."""
    for kind in RESULT_KINDS:
        ids = list(queryset_for(kind).model.objects.values_list("pk", flat=True))
        index_now(kind, ids, refresh=True)


def prepared(backend: str) -> None:
    """What the database holds now is what the backend searches."""
    if backend == "elasticsearch":
        index_everything()


def find(backend: str, reader, **asked) -> Results:
    query = Query(**asked)
    reader = reader or AnonymousUser()
    module = elastic if backend == "elasticsearch" else database
    return module.search(reader, query)


def found(results: Results) -> list[tuple[str, int]]:
    return [(hit.kind, hit.id) for hit in results.hits]


def counts(results: Results, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}
