"""Benchmark the home feed at scale: GET /api/v1/feed/ through Django's full stack.

    source scripts/services/env.sh && .venv/bin/python bench/feed_generate.py   # once
    source scripts/services/env.sh && .venv/bin/python bench/feed.py --requests 2000

Reads the database bench/feed_generate.py wrote (``--database``). Signs in a
sample of real users (employees, partners, customers), then:

1. in process, with Django's test client, follows each one's feed — newest first
   page, newest page 5 (by the ``next`` cursors), top first page, top page 3 —
   counts the SQL queries of every page, and times ``--requests / 2`` of them;
2. starts daphne on 127.0.0.1 against the same database and requests those pages
   over real HTTP (keep-alive connections, ``--concurrency`` clients), after one
   warm-up round, and prints p50/p95/p99 per kind of page, overall, and requests/s.
"""

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from feed_generate import DEFAULT_DATABASE, bench_database_url  # noqa: E402

KINDS = ("newest p1", "newest p5", "top p1", "top p3")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = bench_database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
    import django

    django.setup()


def sample_users(count: int, seed: int) -> list:
    """Employees, partners and customers in the proportions of the population."""
    from network.models import User

    rnd = random.Random(seed)
    people = list(User.objects.order_by("pk").values_list("pk", "affiliation"))
    chosen = rnd.sample(people, count)
    return list(User.objects.filter(pk__in=[pk for pk, _ in chosen]).order_by("pk"))


def discover(users: list, page_size: int) -> tuple[list[tuple[str, str, str]], dict]:
    """Sign everyone in; find the URLs of each kind of page and count their queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages, queries = [], defaultdict(list)
    for user in users:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value

        def fetch(url: str, kind: str, client: Client = client, cookie: str = cookie) -> dict:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:  # noqa: PLR2004
                raise SystemExit(f"{url}: {response.status_code}")
            queries[kind].append(len(captured))
            pages.append((kind, url, cookie))
            return response.json()

        first = fetch(f"/api/v1/feed/?page_size={page_size}", "newest p1")
        url, number = first["next"], 1
        while url and number < 4:  # noqa: PLR2004
            url = client.get(url).json()["next"]
            number += 1
        if url:
            fetch(url, "newest p5")
        top = fetch(f"/api/v1/feed/?order=top&page_size={page_size}", "top p1")
        if top["next"]:
            fetch(top["next"].replace("page=2", "page=3"), "top p3")
    return pages, queries


def in_process(pages: list, total: int, seed: int) -> list[tuple[str, float]]:
    """The same pages through Django's full stack in this process (test client):
    middleware, session, DRF, serializers and SQL, without a web server."""
    from django.test import Client

    rnd = random.Random(seed)
    clients: dict[str, Client] = {}
    results = []
    for kind, url, cookie in [*pages, *(rnd.choice(pages) for _ in range(total))]:
        client = clients.setdefault(cookie, Client())
        client.cookies["sessionid"] = cookie
        started = time.perf_counter()
        client.get(url)
        results.append((kind, (time.perf_counter() - started) * 1000))
    return results[len(pages) :]  # the first round warms up


def report(title: str, results: list[tuple[str, float]], seconds: float | None) -> None:
    by_kind = defaultdict(list)
    for kind, elapsed in results:
        by_kind[kind].append(elapsed)
    print(title)
    for kind in KINDS:
        if by_kind[kind]:
            print("  " + line(kind, by_kind[kind]))
    print("  " + line("all", [elapsed for _, elapsed in results]))
    if seconds:
        print(f"  throughput   {len(results) / seconds:.0f} requests/s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_daphne(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "bridge.asgi:application",
        ],
        cwd=REPO,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("daphne did not start") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("daphne did not start in time")


def request_all(port: int, work: list[tuple[str, str, str]], results: list) -> None:
    """One keep-alive client requesting its share of the pages, one after another."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for kind, url, cookie in work:
        parts = urlsplit(url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:  # noqa: PLR2004
            raise SystemExit(f"{path}: HTTP {response.status}")
        results.append((kind, elapsed))
    connection.close()


def run(port: int, pages: list, total: int, concurrency: int, seed: int) -> tuple[list, float]:
    rnd = random.Random(seed)
    work = [rnd.choice(pages) for _ in range(total)]
    shares = [work[number::concurrency] for number in range(concurrency)]
    results: list[tuple[str, float]] = []
    threads = [
        threading.Thread(target=request_all, args=(port, share, results)) for share in shares
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def line(label: str, values: list[float]) -> str:
    return (
        f"{label:<12} {len(values):>6}   p50 {statistics.median(values):6.1f} ms   "
        f"p95 {percentile(values, 0.95):6.1f} ms   p99 {percentile(values, 0.99):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django(args.database)
    from django.db import connection

    from network.models import Post

    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        raise SystemExit("run with the real services: source scripts/services/env.sh")
    posts = Post.objects.count()
    users = sample_users(args.users, args.seed)
    mix = defaultdict(int)
    for user in users:
        mix[user.affiliation] += 1
    print(f"posts: {posts:,}; users sampled: {dict(mix)}; page size {args.page_size}")
    pages, queries = discover(users, args.page_size)
    print("queries per page (in process, test client):")
    for kind in KINDS:
        counts = queries[kind]
        if counts:
            print(f"  {kind:<12} min {min(counts)}  max {max(counts)}  ({len(counts)} pages)")
    report(
        "GET /api/v1/feed/ in process (Django test client, no web server):",
        in_process(pages, args.requests // 2, args.seed),
        None,
    )
    connection.close()

    port = free_port()
    daphne = start_daphne(port)
    try:
        run(port, pages, len(pages), 1, args.seed)  # warm-up: every page once
        results, seconds = run(port, pages, args.requests, args.concurrency, args.seed)
    finally:
        daphne.terminate()
        daphne.wait(timeout=30)
    report(
        f"HTTP GET /api/v1/feed/ on daphne, {args.concurrency} client(s), keep-alive:",
        results,
        seconds,
    )


if __name__ == "__main__":
    main()
