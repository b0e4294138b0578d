"""Benchmark live delivery: websocket clients following one community on one daphne.

    source scripts/services/env.sh          # PostgreSQL and Redis, as for the tests
    export DATABASE_URL=postgres://bridge:bridge@127.0.0.1:5432/bridge_bench
    .venv/bin/python bench/realtime.py                              # 1,000 x 5/s x 60 s
    .venv/bin/python bench/realtime.py --clients 50 --seconds 5     # a smoke run

Needs PostgreSQL and Redis (REDIS_URL: channel layer, broker, sessions). Uses the
database of DATABASE_URL (or `--database NAME` on the same server), creates it if
missing and migrates it; the bench people (`rtbench-*`), their community and
their sessions are added once and reused. Give it a database of its own: every
run adds its posts.

1. Starts one daphne (bridge.asgi:application with the Redis channel layer) and
   one Celery worker on a private queue: the relay hands every activity to the
   `realtime.push` handler through that worker, as in production.
2. Opens `--clients` websockets from `--client-procs` processes (bench/
   realtime_clients.py): session cookie, allowed Origin, `hello`, subscribe to
   `community:<id>`, `subscribed`, then a JSON ping every 25 s as the page does.
   Waits until the presence messages of everyone coming online have stopped;
   that ramp-up is measured.
3. Posts `--rate` times a second for `--seconds` through network.services.posts.
   post_create, on a fixed schedule, stamping `time.time()` at commit.
4. After `--grace` seconds, reports commit-to-receipt latency over every (socket,
   post) pair, what was lost, and what the catch-up endpoint (GET /api/v1/
   activity/?after=<last id seen>&overlap=15) recovers, asked first by the
   sockets that lost something, then by every socket; and the CPU each part used
   while posting (the machine is shared: the rest is someone else's).

Exits non-zero when p99 > `--target-p99` ms, a socket could not subscribe, or
anything is still lost after catch-up. `--profile` cProfiles daphne while posting.
"""

import argparse
import http.client
import json
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
# The repository first: this file's directory holds realtime.py, the app's name.
sys.path[:0] = [str(REPO)]

import realtime_support as support  # noqa: E402
from realtime_report import percentile, report  # noqa: E402

OVERLAP_SECONDS = 15


def configure(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run with the real services: DATABASE_URL (PostgreSQL) and REDIS_URL")
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("run with the real services: REDIS_URL (channel layer and broker)")
    if args.database:
        os.environ["DATABASE_URL"] = support.database_url(args.database)
    # Every process started below inherits these.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridge.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")  # signs the sessions: one for all
    os.environ["HTTPS"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["CELERY_QUEUE"] = f"rtbench-{uuid.uuid4().hex[:8]}"
    created = support.ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    name = urlsplit(os.environ["DATABASE_URL"]).path[1:]
    print(
        f"database {name}{' (created)' if created else ''}: "
        f"migrated in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


class ClientProcess:
    """One bench/realtime_clients.py process and its line protocol."""

    def __init__(self, config: dict, log: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "realtime_clients.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("wb"),
            text=True,
            start_new_session=True,
        )
        self.results = Path(config["results"])
        self.say(json.dumps(config))

    def say(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def expect(self, event: str) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"a client process exited before {event!r}; see its log")
        message = json.loads(line)
        if message["event"] != event:
            raise SystemExit(f"a client process said {message}, expected {event!r}")
        return message

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()


def write_posts(author: object, community: object, rate: float, seconds: float) -> dict:
    """Post on a fixed schedule (a late post does not delay the next ones). The
    commit time is stamped by the transaction's first on_commit callback, before
    the relay's own enqueues the deliveries."""
    from django.db import transaction

    from network.services.posts import post_create

    commits, durations, late = {}, [], []
    start = time.time() + 0.2
    for number in range(round(rate * seconds)):
        delay = start + number / rate - time.time()
        if delay > 0:
            time.sleep(delay)
        late.append(max(0.0, -delay) * 1000)
        began = time.time()
        stamp: list[float] = []
        with transaction.atomic():
            transaction.on_commit(lambda stamp=stamp: stamp.append(time.time()))
            post = post_create(
                actor=author, community=community, body=f"Realtime bench post {number + 1}"
            )
        commits[post.pk] = stamp[0]
        durations.append((stamp[0] - began) * 1000)
    elapsed = time.time() - start
    return {"commits": commits, "durations": durations, "late": late, "elapsed": elapsed}


def catch_up(port: int, session_key: str, after: int) -> tuple[set[int], list[float]]:
    """What a page asks after a reconnect: after its last id, with an overlap on
    the first page, then page by page while has_more."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    ids, timings = set(), []
    query = f"after={after}&overlap={OVERLAP_SECONDS}&limit=500"
    while True:
        started = time.perf_counter()
        connection.request(
            "GET", f"/api/v1/activity/?{query}", headers={"Cookie": f"sessionid={session_key}"}
        )
        response = connection.getresponse()
        body = response.read()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status != 200:  # noqa: PLR2004
            raise SystemExit(f"catch-up: HTTP {response.status} {body[:300]!r}")
        page = json.loads(body)
        ids.update(result["id"] for result in page["results"])
        if not page["has_more"] or not page["results"]:
            break
        query = f"after={page['results'][-1]['id']}&limit=500"
    connection.close()
    return ids, timings


def run_catch_up(port: int, who: list[dict], expected: set[int], baseline: int, threads: int):  # noqa: ANN201
    def one(client: dict) -> tuple[int, list[float]]:
        have = client["ids"]
        fetched, timings = catch_up(port, client["session_key"], max(have, default=baseline))
        return len(expected - have - fetched), timings

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = list(pool.map(one, who))
    return {
        "clients": len(who),
        "lost_after": sum(lost for lost, _ in outcomes),
        "requests": [timing for _, timings in outcomes for timing in timings],
        "seconds": time.perf_counter() - started,
    }


def deliveries(written: dict) -> tuple[dict[int, float], dict[int, float]]:
    """Commit time by activity id, and commit-to-`realtime.push`-done in seconds
    (the relay hop: broker, worker, handler, channel layer)."""
    from activity.models import Activity, Delivery

    activity_of = dict(
        Activity.objects.filter(
            verb="post.created",
            object_type="post",
            object_id__in=[str(pk) for pk in written["commits"]],
        ).values_list("object_id", "pk")
    )
    commit_of = {activity_of[str(pk)]: at for pk, at in written["commits"].items()}
    pushed = {
        activity_id: done_at.timestamp() - commit_of[activity_id]
        for activity_id, done_at in Delivery.objects.filter(
            activity_id__in=list(commit_of), handler="realtime.push", done_at__isnull=False
        ).values_list("activity_id", "done_at")
    }
    return commit_of, pushed


def analyse(clients: list[dict], commit_of: dict[int, float]) -> dict:
    """Latency of every (socket, post) pair received, first and last receipt per
    post, duplicates; each client gets the set of expected ids it holds."""
    latencies, duplicates = [], 0
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for client in clients:
        client["ids"] = set()
        for activity_id, at in client["receipts"]:
            if activity_id not in commit_of:
                continue  # the warm-up post
            if activity_id in client["ids"]:
                duplicates += 1
                continue
            client["ids"].add(activity_id)
            latencies.append((at - commit_of[activity_id]) * 1000)
            first[activity_id] = min(first.get(activity_id, at), at)
            last[activity_id] = max(last.get(activity_id, at), at)
    return {
        "latencies": latencies,
        "first": [(at - commit_of[a]) * 1000 for a, at in first.items()],
        "last": [(at - commit_of[a]) * 1000 for a, at in last.items()],
        "duplicates": duplicates,
        "total": len(commit_of) * len(clients),
        "lost": len(commit_of) * len(clients) - len(latencies),
        "losers": sum(1 for client in clients if set(commit_of) - client["ids"]),
        "out_of_order": sum(client["out_of_order"] for client in clients),
        "out_of_order_sockets": sum(1 for client in clients if client["out_of_order"]),
        "reconnects": sum(client["reconnects"] for client in clients),
    }


def open_clients(
    args: argparse.Namespace,
    *,
    port: int,
    community: object,
    members: list,
    sessions: dict,
    logs: Path,
) -> list[ClientProcess]:
    procs = []
    for number in range(args.client_procs):
        share = members[number :: args.client_procs]
        config = {
            "url": f"ws://127.0.0.1:{port}/ws/",
            "origin": f"http://127.0.0.1:{port}",
            "topic": f"community:{community.pk}",
            "clients": [[member.pk, sessions[member.pk]] for member in share],
            "connect_concurrency": args.connect_concurrency,
            "ping": args.ping,
            "quiet": 2.0,
            "settle_timeout": args.settle_timeout,
            "results": str(logs / f"clients-{number}.json"),
        }
        procs.append(ClientProcess(config, logs / f"clients-{number}.log"))
    return procs


def ramp_up(procs: list[ClientProcess], watch: support.CpuWatch) -> dict:
    watch.start()
    subscribed = [proc.expect("subscribed") for proc in procs]
    ready = [proc.expect("ready") for proc in procs]
    first = min(r["first_start"] for r in subscribed)
    retry_errors: dict[str, int] = {}
    for r in subscribed:
        for kind, count in r["retry_errors"].items():
            retry_errors[kind] = retry_errors.get(kind, 0) + count
    return {
        "connected": sum(r["connected"] for r in subscribed),
        "failures": sum(r["failures"] for r in subscribed),
        "failed": [e for r in subscribed for e in r["failed"]][:3],
        "retries": sum(r["retries"] for r in subscribed),
        "retry_errors": retry_errors,
        "subscribed_s": max(r["last_subscribed"] for r in subscribed) - first,
        "settled_s": max(r["settled_at"] for r in ready) - first,
        "presence": sum(r["presence"] for r in ready),
        "hello_ms": [v for r in subscribed for v in r["hello_ms"]],
        "subscribe_ms": [v for r in subscribed for v in r["subscribe_ms"]],
        "cpu": watch.stop(),
    }


def wait_for_disconnects(members: list, timeout: float) -> float | None:
    """Seconds until daphne has run the disconnect of every socket (its presence
    rows are gone), or None if it had not after `timeout`."""
    from realtime.models import Connection

    started = time.monotonic()
    while Connection.objects.filter(user__in=members).exists():
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.2)
    return time.monotonic() - started


def measure(
    args: argparse.Namespace,
    *,
    watch: support.CpuWatch,
    daphne: subprocess.Popen,
    profile: Path | None,
    author: object,
    community: object,
) -> tuple[dict, dict]:
    """The posts and the grace period after them, with CPU accounting (and the
    profiler) on."""
    watch.start()
    if profile:
        daphne.send_signal(signal.SIGUSR1)
    written = write_posts(author, community, args.rate, args.seconds)
    time.sleep(args.grace)
    if profile:
        daphne.send_signal(signal.SIGUSR2)
    return written, watch.stop()


def run(args: argparse.Namespace, logs: Path) -> dict:
    from django.db.models import Max

    from activity.models import Activity

    started = time.perf_counter()
    author, community, members = support.prepare_people(args.clients)
    sessions = support.prepare_sessions(members)
    seconds = time.perf_counter() - started
    print(f"{len(members)} people and their sessions ready in {seconds:.1f} s")

    port = support.free_port()
    profile = logs / "daphne.prof" if args.profile else None
    application = "bridge.asgi:application"
    daphne = support.start_daphne(port, logs / "daphne.log", application, profile)
    worker = support.start_worker(args.worker_concurrency, args.worker_pool, logs / "worker.log")
    print(f"daphne ({application}) on 127.0.0.1:{port}; logs in {logs}", flush=True)
    procs: list[ClientProcess] = []
    try:
        procs = open_clients(
            args, port=port, community=community, members=members, sessions=sessions, logs=logs
        )
        parts = {"daphne": daphne.pid, "celery worker": worker.pid}
        parts.update({f"clients {n}": proc.process.pid for n, proc in enumerate(procs)})
        parts["writer (this process)"] = os.getpid()
        alone = frozenset({"writer (this process)"})  # its children are counted above
        ramp = ramp_up(procs, support.CpuWatch(parts, alone))
        print(
            f"ramp-up: {ramp['connected']} subscribed in {ramp['subscribed_s']:.1f} s, "
            f"presence quiet at {ramp['settled_s']:.1f} s",
            flush=True,
        )

        # One post outside the measure warms the writer, the worker and daphne's path.
        write_posts(author, community, 1, 1)
        time.sleep(2)
        baseline = Activity.objects.aggregate(last=Max("pk"))["last"] or 0

        written, cpu = measure(
            args,
            watch=support.CpuWatch(parts, alone),
            daphne=daphne,
            profile=profile,
            author=author,
            community=community,
        )
        for proc in procs:
            proc.say("stop")
        clients = []
        for proc in procs:
            proc.expect("results")
            clients += json.loads(proc.results.read_text())
        for client in clients:
            client["session_key"] = sessions[client["user_id"]]

        commit_of, pushed = deliveries(written)
        figures = analyse(clients, commit_of)
        expected = set(commit_of)
        losers = [client for client in clients if expected - client["ids"]]
        threads = args.catchup_concurrency
        some = run_catch_up(port, losers, expected, baseline, threads)
        every = run_catch_up(port, clients, expected, baseline, threads)

        for proc in procs:
            proc.say("close")
        closed = [proc.expect("closed") for proc in procs]
        disconnected = wait_for_disconnects(members, args.settle_timeout)
    finally:
        for proc in procs:
            proc.end()
        support.stop(daphne)
        support.stop(worker)
    if profile:
        print(f"\ndaphne's event loop while posting and in the grace period ({profile}):")
        pstats.Stats(str(profile)).sort_stats("tottime").print_stats(20)
    return {
        **figures,
        "community": community.pk,
        "clients": len(clients),
        "posts": len(commit_of),
        "ramp": ramp,
        "written": written,
        "pushed": [seconds * 1000 for seconds in pushed.values()],
        "catch_up": {"lost only": some, "every socket": every},
        "cpu": cpu,
        "closing": max(c["seconds"] for c in closed),
        "late": sum(c["late"] for c in closed),
        "disconnected": disconnected,
        "errors": {
            "daphne": support.log_errors(logs / "daphne.log"),
            "worker": support.log_errors(logs / "worker.log"),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=5.0, help="posts per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--grace", type=float, default=10.0, help="wait after the last post")
    parser.add_argument("--database", help="database name (default: that of DATABASE_URL)")
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--connect-concurrency", type=int, default=20, help="per process")
    parser.add_argument("--ping", type=float, default=25.0, help="page pings (0: none)")
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--worker-pool", default="prefork")
    parser.add_argument("--catchup-concurrency", type=int, default=4)
    parser.add_argument("--target-p99", type=float, default=250.0, help="ms")
    parser.add_argument("--settle-timeout", type=float, default=300.0)
    parser.add_argument("--profile", action="store_true", help="cProfile daphne while posting")
    args = parser.parse_args()
    configure(args)
    logs = Path(tempfile.mkdtemp(prefix="rtbench-"))
    figures = run(args, logs)
    report(args, figures)
    p99 = percentile(figures["latencies"], 0.99)
    missed = [
        f"p99 {p99:.0f} ms > {args.target_p99:.0f} ms" if p99 > args.target_p99 else "",
        f"{figures['ramp']['failures']} sockets never subscribed"
        if figures["ramp"]["failures"]
        else "",
        f"{figures['catch_up']['lost only']['lost_after']} events lost after catch-up"
        if figures["catch_up"]["lost only"]["lost_after"]
        else "",
    ]
    missed = [reason for reason in missed if reason]
    print(f"logs in {logs}")
    print("RESULT: targets met" if not missed else f"RESULT: targets MISSED: {'; '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
