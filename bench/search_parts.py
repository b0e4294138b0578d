"""Where a search's time goes: the API search in process, then with parts taken away.

    source scripts/services/env.sh
    .venv/bin/python bench/search.py          # once: data and indices (bridge_bench)
    .venv/bin/python bench/search_parts.py

The same users and queries as bench/search.py, through Django's test client (no
HTTP server), each variant timed over every query three times:

1. `GET /api/v1/me/`: the floor (session, user, DRF);
2. the search as built;
3. hits loaded by primary key with no re-check against the access policy;
4. and no facet counts either.

Variants 3 and 4 replace functions of search.backends.elastic in this process only:
they measure what the re-check and the facets cost, and are never a way to search.
"""

import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bridge_bench")

from feed import percentile, sample_users, setup_django  # noqa: E402

# bench/search.py by its path: under its own name it would shadow the search app.
_spec = importlib.util.spec_from_file_location("bench_search", REPO / "bench" / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)

if TYPE_CHECKING:
    from django.test import Client

ROUNDS = 3


def timed(client: "Client", work: list[tuple[str, str, str]]) -> list[float]:
    for _, url, cookie in work:  # warm-up
        client.cookies["sessionid"] = cookie
        client.get(url)
    times = []
    for _ in range(ROUNDS):
        for _, url, cookie in work:
            client.cookies["sessionid"] = cookie
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:  # noqa: PLR2004
                raise SystemExit(f"{url}: HTTP {response.status_code}")
    return times


def report(label: str, times: list[float]) -> None:
    print(
        f"  {label:<46} p50 {statistics.median(times):5.1f} ms   "
        f"p95 {percentile(times, 0.95):5.1f} ms"
    )


def by_primary_key(reader: object, es_hits: list) -> dict:
    """The rows of the hits as they are, not asked of the access policy."""
    from network.models import Community, Hashtag, User
    from search.visibility import ROW_RULES

    rows = {kind: load() for kind, (load, _) in ROW_RULES.items()} | {
        "person": User.objects.all(),
        "community": Community.objects.all(),
        "hashtag": Hashtag.objects.all(),
    }
    ids: dict[str, list[int]] = {}
    for es_hit in es_hits:
        ids.setdefault(es_hit.type, []).append(int(es_hit.meta.id))
    return {
        (kind, row.pk): row for kind, pks in ids.items() for row in rows[kind].filter(pk__in=pks)
    }


def main() -> None:
    setup_django(bench_search.DATABASE)
    from django.test import Client

    from search.backends import elastic

    work = bench_search.discover(sample_users(30, 11), random.Random(11))
    client = Client()
    print(f"in process, {len(work)} queries x {ROUNDS}:")
    report("GET /api/v1/me/", timed(client, [("me", "/api/v1/me/", c) for *_, c in work]))
    report("the search as built", timed(client, work))
    elastic.recheck = by_primary_key
    report("... hits by primary key, no policy re-check", timed(client, work))
    elastic.add_facets = lambda search, chosen: search
    elastic.counts_of = lambda aggregations: {}
    report("... and no facet counts", timed(client, work))


if __name__ == "__main__":
    main()
