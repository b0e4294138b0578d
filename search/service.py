"""The one entry point for searching: Elasticsearch when it is configured and up,
the database otherwise (search/fallback.py), with the notice the reader is shown
when search runs in its basic mode."""

from dataclasses import replace

from django.contrib.auth.models import AnonymousUser

from network.models import User
from search.backends import database, elastic
from search.fallback import answer
from search.results import Query, Results


def search(reader: User | AnonymousUser, query: Query) -> Results:
    """A page of results the reader may see. Raises search.cursor.InvalidCursor for
    a cursor that is not this search's (a 400 at the API)."""
    results, backend, notice = answer(
        lambda: elastic.search(reader, query), lambda: database.search(reader, query)
    )
    return replace(results, backend=backend, notice=notice)
