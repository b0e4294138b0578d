"""How the search indices are doing, per kind: the alias and the index behind it,
documents in Elasticsearch against rows in the database, the backlog, any
unfinished reindex, and whether Elasticsearch answers at all. For the health page
(and any API that wants the same figures)."""

from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError

from search import backlog
from search.client import elasticsearch_enabled, get_client
from search.documents import KINDS, document_for
from search.indices import alias_for
from search.models import ReindexRun
from search.serialize import queryset_for

DATABASE = "database"
ELASTICSEARCH = "elasticsearch"
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class KindHealth:
    kind: str
    alias: str
    index: str | None  # None: no index yet, or Elasticsearch did not say
    documents: int | None  # None: unknown (Elasticsearch unreachable or not used)
    rows: int
    backlog: int
    reindex: ReindexRun | None

    @property
    def in_step(self) -> bool:
        return self.documents == self.rows and not self.backlog


@dataclass(frozen=True)
class Health:
    state: str  # DATABASE, ELASTICSEARCH or UNREACHABLE
    kinds: list[KindHealth] = field(default_factory=list)
    error: str = ""

    @property
    def backlog(self) -> int:
        return sum(kind.backlog for kind in self.kinds)


def _index_figures() -> dict[str, tuple[str, int]]:
    """{alias: (index, documents)} for the aliases that exist; raises when
    Elasticsearch does not answer."""
    client = get_client()
    aliases = [alias_for(document_for(kind)) for kind in KINDS]
    found = client.indices.get_alias(name=",".join(aliases), ignore_unavailable=True)
    figures = {}
    for index, body in found.body.items():
        count = client.count(index=index)["count"]
        for alias in body.get("aliases", {}):
            figures[alias] = (index, count)
    return figures


def health() -> Health:
    if not elasticsearch_enabled():
        state, figures, error = DATABASE, {}, ""
    else:
        try:
            state, figures, error = ELASTICSEARCH, _index_figures(), ""
        except (TransportError, ApiError) as failure:
            state, figures, error = UNREACHABLE, {}, str(failure)
    pending = backlog.sizes_by_kind()
    open_runs = {
        run.kind: run for run in ReindexRun.objects.filter(finished_at__isnull=True).order_by("pk")
    }
    kinds = []
    for kind in KINDS:
        alias = alias_for(document_for(kind))
        index, documents = figures.get(alias, (None, None))
        if state == ELASTICSEARCH and index is None:
            documents = 0
        kinds.append(
            KindHealth(
                kind=kind,
                alias=alias,
                index=index,
                documents=documents,
                rows=queryset_for(kind).count(),
                backlog=pending.get(kind, 0),
                reindex=open_runs.get(kind),
            )
        )
    return Health(state=state, kinds=kinds, error=error)
