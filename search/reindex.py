"""Rebuilding a kind's index without downtime, resumably.

A reindex makes a new dated index (not aliased), loads every row into it in
primary-key batches, then swaps the alias over in one atomic call and deletes the
old index: searches answer from the old index until the swap. Progress lives in a
ReindexRun row, so a run stopped by a crash or Ctrl-C continues from its last
primary key into the same index.

Nothing written meanwhile is lost, twice over: the indexing handler also writes to
the index of every unfinished run (search/writes.py), and before the swap the
run replays the documents named by every activity recorded since it started (a
row the loader read just before it changed, and written just after the handler's
write, would otherwise keep its old state).
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from elasticsearch.helpers import streaming_bulk

from activity.models import Activity
from search.affected import affected, merge
from search.client import get_client
from search.documents import document_for
from search.indices import REFRESH_INTERVAL, alias_for, create_index, current_index
from search.models import ReindexRun
from search.serialize import queryset_for, sources_of
from search.verbs import INDEXED_VERBS
from search.writes import index_into

DEFAULT_BATCH = 1000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    kind: str
    index: str
    documents: int
    seconds: float
    resumed: bool

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def open_run(kind: str) -> tuple[ReindexRun, bool]:
    """The unfinished run of this kind to continue, or a new one with its index."""
    run = ReindexRun.objects.filter(kind=kind, finished_at__isnull=True).order_by("-pk").first()
    if run is not None and get_client().indices.exists(index=run.index):
        return run, True
    if run is not None:  # its index was deleted by hand: nothing to continue
        run.delete()
    index = create_index(document_for(kind))
    return ReindexRun.objects.create(kind=kind, index=index), False


def _set_refresh(index: str, interval: str) -> None:
    get_client().indices.put_settings(index=index, settings={"refresh_interval": interval})


def _batches(kind: str, after_pk: int, size: int) -> Iterator[list]:
    """Rows in primary-key order, one batch at a time (keyset: no OFFSET)."""
    while True:
        rows = list(queryset_for(kind).filter(pk__gt=after_pk).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        after_pk = rows[-1].pk


def _load(run: ReindexRun, batch_size: int, progress: Progress) -> int:
    """Load the rows after the run's last pk; returns how many this call loaded.

    streaming_bulk, not parallel_bulk: the latter pulls its actions from a pool
    thread, which would read the rows on another database connection."""
    client, loaded, started = get_client(), 0, time.monotonic()
    for rows in _batches(run.kind, run.last_pk, batch_size):
        actions = (
            {"_op_type": "index", "_index": run.index, "_id": pk, "_source": source}
            for pk, source in sources_of(run.kind, rows)
        )
        for ok, item in streaming_bulk(client, actions, chunk_size=batch_size, max_retries=3):
            if not ok:  # raise_on_error makes this unreachable; kept as a guard
                raise RuntimeError(f"reindex write failed: {item}")
        loaded += len(rows)
        run.last_pk, run.indexed = rows[-1].pk, run.indexed + len(rows)
        run.save(update_fields=["last_pk", "indexed"])
        rate = loaded / max(time.monotonic() - started, 1e-6)
        progress(f"{run.kind}: {run.indexed:,}/{run.total:,} documents, {rate:,.0f}/s")
    return loaded


def replay_since(run: ReindexRun) -> int:
    """Rewrite into the run's index every document of its kind that an activity
    since the run started names."""
    activities = Activity.objects.filter(
        Q(created_at__gte=run.started_at), verb__in=INDEXED_VERBS
    ).order_by("pk")
    documents = merge(*(affected(activity) for activity in activities.iterator()))
    ids = documents.get(run.kind, set())
    if ids:
        index_into(run.index, run.kind, ids)
    return len(ids)


def swap(run: ReindexRun) -> str | None:
    """Point the alias at the run's index in one atomic call; returns the old index,
    now deleted."""
    client = get_client()
    alias = alias_for(document_for(run.kind))
    old = current_index(alias)
    actions = [{"add": {"index": run.index, "alias": alias, "is_write_index": True}}]
    if old is not None and old != run.index:
        actions.insert(0, {"remove": {"index": old, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    if old is not None and old != run.index:
        client.indices.delete(index=old)
    return old


def reindex(
    kind: str, *, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> Outcome:
    """Rebuild one kind's index (continuing its unfinished run if there is one)."""
    progress = progress or (lambda line: None)
    run, resumed = open_run(kind)
    run.total = queryset_for(kind).count()
    run.save(update_fields=["total"])
    progress(f"{kind}: {'resuming' if resumed else 'building'} {run.index} from pk {run.last_pk}")
    started = time.monotonic()
    _set_refresh(run.index, "-1")  # no refreshes while loading: much faster
    loaded = _load(run, batch_size, progress)
    _set_refresh(run.index, REFRESH_INTERVAL)
    seconds = time.monotonic() - started
    replay_since(run)
    get_client().indices.refresh(index=run.index)
    swap(run)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return Outcome(kind, run.index, loaded, seconds, resumed)
