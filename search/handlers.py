"""The activity handler that keeps the search indices current.

It runs in the delivery's transaction (activity/relay.py): it names the documents
the activity changed (search/affected.py) and writes their current state. When
Elasticsearch is unreachable it keeps them in the backlog instead and returns, so
the delivery is done and the drain writes them later; any other error is a bug
and raises, so the relay retries and records it.
"""

import logging

from activity.models import Activity
from search import backlog
from search.affected import affected
from search.client import elasticsearch_enabled
from search.writes import WRITE_ERRORS, is_outage, write

logger = logging.getLogger(__name__)


def index_activity(activity: Activity) -> None:
    if not elasticsearch_enabled():
        return  # the database backend reads the tables themselves
    documents = affected(activity)
    if not any(documents.values()):
        return
    try:
        write(documents)
    except WRITE_ERRORS as error:
        if not is_outage(error):
            raise
        kept = backlog.keep(documents)
        logger.warning(
            "search: Elasticsearch unavailable, %s document(s) of activity %s kept for later",
            kept,
            activity.pk,
        )
