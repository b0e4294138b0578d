"""The activity handler that keeps the search indices current.

It runs in the delivery's transaction (activity/relay.py): it names the documents
the activity changed (search/affected.py) and writes their current state. When
Elasticsearch is unreachable it keeps them in the backlog instead and returns, so
the delivery is done and the drain writes them later, and marks it down for a
few seconds (search/fallback.py) so the next deliveries do not wait on it either;
any other error is a bug and raises, so the relay retries and records it.
"""

import logging

from activity.models import Activity
from search import backlog
from search.affected import Affected, affected
from search.client import elasticsearch_enabled
from search.fallback import elasticsearch_usable, mark_down
from search.writes import WRITE_ERRORS, is_outage, write

logger = logging.getLogger(__name__)


def index_activity(activity: Activity) -> None:
    if not elasticsearch_enabled():
        return  # the database backend reads the tables themselves
    documents = affected(activity)
    if not any(documents.values()):
        return
    if not elasticsearch_usable():
        # Known to be down (shared with searches, for a few seconds): straight to
        # the backlog, rather than every delivery holding a worker for a timeout.
        _keep(activity, documents)
        return
    try:
        write(documents)
    except WRITE_ERRORS as error:
        if not is_outage(error):
            raise
        mark_down(error)
        _keep(activity, documents)


def _keep(activity: Activity, documents: Affected) -> None:
    kept = backlog.keep(documents)
    logger.warning(
        "search: Elasticsearch unavailable, %s document(s) of activity %s kept for the drain",
        kept,
        activity.pk,
    )
