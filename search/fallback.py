"""Which backend answers: Elasticsearch when it is configured and up, the database
backend otherwise (the embedded default, and while Elasticsearch is unreachable).

A failed Elasticsearch call marks it down for a few seconds in the shared cache,
so that during an outage each request answers from the database at once instead
of waiting for a timeout first. Writes never come here: indexing keeps its backlog
(search/backlog.py) and drains it when Elasticsearch is back.
"""

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import TypeVar

from django.core.cache import cache
from elasticsearch import ApiError, TransportError

from search.client import elasticsearch_enabled
from search.indices import ensure_once

logger = logging.getLogger(__name__)

T = TypeVar("T")

DOWN_KEY = "search:elasticsearch-down"
DOWN_SECONDS = 10
DEGRADED_NOTICE = (
    "Search is running in basic mode for a moment: results are simpler and may "
    "miss a few recent changes."
)


def is_unavailable(error: Exception) -> bool:
    """An outage (no connection, a timeout, an overloaded or broken cluster), as
    opposed to a query Bridge got wrong, which must fail loudly instead."""
    if isinstance(error, TransportError):  # connection refused, timeout, TLS
        return True
    return isinstance(error, ApiError) and (
        error.meta.status >= HTTPStatus.INTERNAL_SERVER_ERROR
        or error.meta.status == HTTPStatus.TOO_MANY_REQUESTS
    )


def elasticsearch_usable() -> bool:
    return elasticsearch_enabled() and not cache.get(DOWN_KEY)


def mark_down(error: Exception) -> None:
    logger.warning("Elasticsearch unavailable, searching the database: %s", error)
    cache.set(DOWN_KEY, True, DOWN_SECONDS)


def answer(elasticsearch: Callable[[], T], database: Callable[[], T]) -> tuple[T, str, str]:
    """(result, backend name, notice): Elasticsearch's answer, or the database's
    with a notice when Elasticsearch was expected and failed."""
    if not elasticsearch_enabled():
        return database(), "database", ""
    if elasticsearch_usable():
        try:
            ensure_once()
            return elasticsearch(), "elasticsearch", ""
        except (TransportError, ApiError) as error:
            if not is_unavailable(error):
                raise
            mark_down(error)
    return database(), "database", DEGRADED_NOTICE
