"""The backlog: documents Elasticsearch could not take while it was down.

The handler keeps (kind, id) pairs here in the delivery's transaction, so the
delivery is done and nothing is lost; the drain (Celery beat, every few seconds,
or `manage.py search_drain`) writes them once Elasticsearch answers and deletes
what it wrote. Rows are claimed with SKIP LOCKED, so two workers draining at once
never write the same batch.
"""

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Count

from search.affected import Affected
from search.client import elasticsearch_enabled
from search.models import PendingDocument
from search.writes import WRITE_ERRORS, is_outage, write

logger = logging.getLogger(__name__)

DRAIN_BATCH = 500


def keep(documents: Affected) -> int:
    """Remember these documents for the drain; returns how many pairs."""
    rows = [
        PendingDocument(kind=kind, object_id=object_id)
        for kind, ids in documents.items()
        for object_id in sorted(ids)
    ]
    PendingDocument.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def size() -> int:
    return PendingDocument.objects.count()


def sizes_by_kind() -> dict[str, int]:
    rows = PendingDocument.objects.values("kind").annotate(waiting=Count("pk")).order_by()
    return {row["kind"]: row["waiting"] for row in rows}


def _drain_batch(batch_size: int) -> int:
    """Write and delete one batch; 0 when the backlog is empty. Raises on failure,
    leaving the batch in place."""
    with transaction.atomic():
        rows = list(
            PendingDocument.objects.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "kind", "object_id")[:batch_size]
        )
        if not rows:
            return 0
        documents: Affected = defaultdict(set)
        for _, kind, object_id in rows:
            documents[kind].add(object_id)
        write(documents)
        PendingDocument.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
        return len(rows)


def drain(*, batch_size: int = DRAIN_BATCH) -> int:
    """Write the backlog while Elasticsearch takes it; returns how many documents
    were written. Stops quietly at an outage (the next run carries on)."""
    if not elasticsearch_enabled():
        return 0
    written = 0
    while True:
        try:
            done = _drain_batch(batch_size)
        except WRITE_ERRORS as error:
            if not is_outage(error):
                raise
            logger.info("search backlog: Elasticsearch still unavailable (%s)", error)
            return written
        if not done:
            return written
        written += done
