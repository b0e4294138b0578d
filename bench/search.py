"""Benchmark search at 100k documents: full reindex, API search with permission
filtering, and how soon a new post is searchable.

    source scripts/services/env.sh
    .venv/bin/python bench/feed_generate.py --database bridge_bench_search \\
        --people 10000 --communities 300 --posts 60000          # once: ~110k documents
    .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py --only api     # again, on the indices built

1. **Reindex**: `manage.py search_reindex` into fresh indices (prefix ``bridge_bench``),
   timed end to end: documents per second.
2. **API search**: daphne on 127.0.0.1 and GET /api/v1/search over real HTTP as a
   sample of employees, partners and customers, with a mix of queries (words,
   "phrases", -exclusions, a type filter, newest first, the second page); p50/p95/p99,
   and the floor: GET /api/v1/me/ as the same users, through the same stack.
3. **Commit to searchable**: a Celery worker runs the activity handlers as in
   production; this process creates posts through the service and polls
   Elasticsearch until each is found by a search for its unique word; p50/p95/p99
   of the time from COMMIT to found.
"""

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bridge_bench")
os.environ["CELERY_QUEUE"] = f"bench-search-{uuid.uuid4().hex[:8]}"

from feed import free_port, line, percentile, run, sample_users, setup_django, start_daphne  # noqa: E402

DATABASE = "bridge_bench_search"
PARTS = ("reindex", "api", "fresh")
WORDS = "roadmap release customer partner launch feedback pricing onboarding security".split()


def query_mix(rnd: random.Random) -> list[tuple[str, str]]:
    """(kind of query, query string) pairs: what people type, and what integrators send."""
    word, other = rnd.sample(WORDS, 2)
    return [
        ("one word", f"q={word}"),
        ("two words", f"q={word}+{other}"),
        ("phrase", f"q=%22{word}+{other}%22"),
        ("exclusion", f"q={word}+-{other}"),
        ("posts only", f"q={word}&type=post"),
        ("newest", f"q={word}&sort=newest"),
    ]


def discover(users: list, rnd: random.Random) -> list[tuple[str, str, str]]:
    """Every user's queries, plus the second page of one, with their session cookies."""
    from django.test import Client

    work = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        for kind, query in query_mix(rnd):
            url = f"/api/v1/search?{query}"
            response = client.get(url)
            if response.status_code != 200:  # noqa: PLR2004
                raise SystemExit(f"{url}: HTTP {response.status_code} {response.content[:300]}")
            work.append((kind, url, cookie))
            cursor = response.json().get("next_cursor")
            if kind == "one word" and cursor:
                work.append(("page 2", f"{url}&cursor={cursor}", cookie))
    return work


def reindex() -> tuple[int, float]:
    from django.core.management import call_command

    from search.client import get_client
    from search.indices import all_aliases

    started = time.perf_counter()
    call_command("search_reindex")
    seconds = time.perf_counter() - started
    client = get_client()
    client.indices.refresh(index=",".join(all_aliases()))
    documents = sum(client.count(index=alias)["count"] for alias in all_aliases())
    return documents, seconds


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bridge",
            "worker",
            "--loglevel=warning",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            os.environ["CELERY_QUEUE"],
        ],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def commit_to_searchable(count: int, rnd: random.Random) -> list[float]:
    """Create posts one by one (a few a second, as people do) and time each from its
    commit until a search finds it."""
    from django.db import transaction

    from network.models import Membership
    from network.services.posts import post_create
    from search.client import get_client
    from search.documents import PostDocument
    from search.indices import alias_for

    client = get_client()
    alias = alias_for(PostDocument)
    memberships = list(
        Membership.objects.select_related("user", "community").order_by("?")[: count * 2]
    )
    latencies = []
    for number in range(count):
        membership = memberships[number]
        marker = f"fresh{uuid.uuid4().hex[:12]}"
        with transaction.atomic():
            post = post_create(
                actor=membership.user, community=membership.community, body=f"{marker} status"
            )
        committed = time.perf_counter()  # and the deliveries handed to the broker
        deadline = committed + 30
        while True:
            found = client.count(index=alias, query={"term": {"body": marker}})["count"]
            if found:
                latencies.append((time.perf_counter() - committed) * 1000)
                break
            if time.perf_counter() > deadline:
                raise SystemExit(f"post {post.pk} not searchable after 30 s")
            time.sleep(0.01)
        time.sleep(rnd.uniform(0.1, 0.4))
    return latencies


@contextmanager
def no_request_cache() -> Iterator[None]:
    """Elasticsearch's shard request cache off: it would answer the facet counts of
    the bench's repeated queries from memory (each is asked about ten times here),
    where real searches seldom repeat within the second between two refreshes."""
    from search.client import get_client
    from search.indices import all_aliases

    client, aliases = get_client(), ",".join(all_aliases())
    client.indices.put_settings(index=aliases, settings={"index.requests.cache.enable": False})
    client.indices.clear_cache(index=aliases, request=True)
    try:
        yield
    finally:
        client.indices.put_settings(index=aliases, settings={"index.requests.cache.enable": None})


def api_search(args: argparse.Namespace, rnd: random.Random) -> None:
    """GET /api/v1/search over HTTP as a sample of users, then the floor: the same
    users' cheapest authenticated call (GET /api/v1/me/) through the same stack."""
    from django.db import connection

    users = sample_users(args.users, args.seed)
    mix = defaultdict(int)
    for user in users:
        mix[user.affiliation] += 1
    print(f"API search as {dict(mix)}")
    work = discover(users, rnd)
    floor = [("me", "/api/v1/me/", cookie) for cookie in dict.fromkeys(c for *_, c in work)]
    connection.close()
    port = free_port()
    daphne = start_daphne(port)
    try:
        with no_request_cache():
            run(port, work, len(work), 1, args.seed)  # warm-up
            results, elapsed = run(port, work, args.requests, args.concurrency, args.seed)
        run(port, floor, len(floor), 1, args.seed)
        floor_results, _ = run(port, floor, args.requests // 4, 1, args.seed)
    finally:
        daphne.terminate()
        daphne.wait()
    by_kind = defaultdict(list)
    for kind, milliseconds in results:
        by_kind[kind].append(milliseconds)
    print(f"GET /api/v1/search over HTTP, {args.concurrency} client(s):")
    for kind, values in by_kind.items():
        print("  " + line(kind, values))
    print("  " + line("all", [milliseconds for _, milliseconds in results]))
    print(f"  throughput   {len(results) / elapsed:.0f} requests/s")
    print("  " + line("floor: /me/", [milliseconds for _, milliseconds in floor_results]))


def fresh(args: argparse.Namespace, rnd: random.Random) -> None:
    worker = start_worker()
    try:
        time.sleep(5)  # the worker connects to the broker
        latencies = commit_to_searchable(args.fresh_posts, rnd)
    finally:
        worker.terminate()
        worker.wait()
    print(
        f"commit to searchable ({len(latencies)} posts): p50 {percentile(latencies, 0.5):.0f} ms"
        f"   p95 {percentile(latencies, 0.95):.0f} ms   p99 {percentile(latencies, 0.99):.0f} ms"
        f"   max {max(latencies):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--fresh-posts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run this part only (repeatable); the API part needs indices already built",
    )
    args = parser.parse_args()
    parts = args.only or PARTS
    setup_django(args.database)
    from django.db import connection

    from search.client import elasticsearch_enabled

    if connection.vendor != "postgresql" or not elasticsearch_enabled():
        raise SystemExit("run with the real services: source scripts/services/env.sh")
    rnd = random.Random(args.seed)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the data may predate the newest migrations

    if "reindex" in parts:
        documents, seconds = reindex()
        print(f"reindex: {documents:,} documents in {seconds:.1f} s = {documents / seconds:,.0f}/s")
    if "api" in parts:
        api_search(args, rnd)
    if "fresh" in parts:
        fresh(args, rnd)


if __name__ == "__main__":
    main()
