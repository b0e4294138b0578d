"""Benchmark the points ledger: awards and redemptions per second, sustained by 50
concurrent clients, with the invariant check at the end.

    source scripts/services/env.sh
    .venv/bin/python bench/ledger.py                      # 30 s of load, ~1 minute in all
    .venv/bin/python bench/ledger.py --seconds 60 --clients 50

Uses its own database (``--database``, default ``bridge_bench_ledger``, on the server
of DATABASE_URL), created if missing and migrated; ``--people`` members are made
once and reused. Each client is a thread with its own PostgreSQL connection, as each
web or worker process has, and loops for ``--seconds``:

- an **award** (``--award-share`` of the operations): an automatic award as the
  activity relay makes it, ``ledger.award`` with a fresh key, to a random person;
- otherwise a **redemption**: ``ledger.hold`` of a random cost from a random
  person's wallet, then, as HR decides, ``ledger.settle`` (four in five) or
  ``ledger.release``. A hold refused for want of points counts as refused, not
  failed: refusals are the ledger doing its job.

People are drawn from a small hot set one time in five, so that clients contend
for the same wallets. Prints operations per second, latency percentiles per
operation, and whether ``ledger_problems()`` finds the ledger adds up (exit 1 if
not, or if any operation failed).
"""

import argparse
import importlib.util
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
# bench/ideas.py would shadow the ideas app: keep this folder off the path, and load
# the helpers by their file.
sys.path[:] = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != BENCH)]


def _helper(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generator = _helper("ideas_generate")  # database creation and migration
_report = _helper("realtime_report")
machine, percentile = _report.machine, _report.percentile

PREFIX = "lbench"
HOT_PEOPLE = 20
HOT_SHARE = 0.2
SETTLE_SHARE = 0.8


def people(count: int) -> list:
    from network.models import User

    existing = list(User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk"))
    missing = [
        User(username=f"{PREFIX}-{n}", first_name="Bench", last_name=str(n))
        for n in range(len(existing), count)
    ]
    User.objects.bulk_create(missing, batch_size=1000)
    return list(User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk"))[:count]


class Client:
    """One client: its own connection, its own random stream, its own tallies."""

    def __init__(self, crowd: list, seed: int, award_share: float) -> None:
        self.crowd, self.rnd, self.award_share = crowd, random.Random(seed), award_share
        self.times: dict[str, list[float]] = defaultdict(list)
        self.tally: Counter = Counter()
        self.failures: list[str] = []

    def person(self) -> object:
        if self.rnd.random() < HOT_SHARE:
            return self.crowd[self.rnd.randrange(HOT_PEOPLE)]
        return self.rnd.choice(self.crowd)

    def run(self, until: float) -> None:
        from django.db import connections

        try:
            while time.perf_counter() < until:
                try:
                    if self.rnd.random() < self.award_share:
                        self.award()
                    else:
                        self.redeem()
                except Exception as error:  # noqa: BLE001 -- counted and printed
                    self.failures.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    def timed(self, label: str, operation: object) -> object:
        started = time.perf_counter()
        result = operation()
        self.times[label].append((time.perf_counter() - started) * 1000)
        return result

    def award(self) -> None:
        from rewards.services import ledger

        person, points = self.person(), self.rnd.randint(1, 50)
        key = f"bench-award:{uuid.uuid4().hex}"
        self.timed("award", lambda: ledger.award(person=person, points=points, key=key))
        self.tally["award"] += 1

    def redeem(self) -> None:
        from rewards.services import ledger

        person, cost = self.person(), self.rnd.randint(10, 200)
        key = f"bench-redemption:{uuid.uuid4().hex}"
        try:
            self.timed("hold", lambda: ledger.hold(person=person, points=cost, key=key))
        except ledger.NotEnoughPoints:
            self.tally["hold refused"] += 1
            return
        if self.rnd.random() < SETTLE_SHARE:
            self.timed(
                "settle", lambda: ledger.settle(person=person, points=cost, key=f"{key}:settle")
            )
            self.tally["redemption settled"] += 1
        else:
            self.timed(
                "release", lambda: ledger.release(person=person, points=cost, key=f"{key}:release")
            )
            self.tally["redemption released"] += 1


def forget_queue() -> None:
    import redis
    from django.conf import settings

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bridge_bench_ledger")
    parser.add_argument("--regenerate", action="store_true", help="drop the database first")
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--award-share", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Each transfer's activity queues its deliveries for no worker: a private queue,
    # dropped at the end (forget_queue).
    os.environ["CELERY_QUEUE"] = f"lbench-{uuid.uuid4().hex[:8]}"
    # One pooled connection per client, as each process has its own.
    os.environ.setdefault("DATABASE_POOL_SIZE", str(args.clients + 2))
    generator.setup(args.database, drop=args.regenerate)

    from django.conf import settings
    from django.db import connection

    from rewards.integrity import ledger_problems
    from rewards.models import Entry, Transfer

    crowd = people(args.people)
    before = Transfer.objects.count(), Entry.objects.count()
    connection.close()
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool", {})
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"{len(crowd):,} people; ledger before: {before[0]:,} transfers, {before[1]:,} "
        f"entries; {args.clients} clients for {args.seconds:g} s "
        f"(connection pool max {pool.get('max_size', 'none')})",
        flush=True,
    )

    clients = [Client(crowd, args.seed + n, args.award_share) for n in range(args.clients)]
    until = time.perf_counter() + args.seconds
    threads = [threading.Thread(target=client.run, args=(until,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    tally = sum((client.tally for client in clients), Counter())
    times: dict[str, list[float]] = defaultdict(list)
    for client in clients:
        for label, values in client.times.items():
            times[label].extend(values)
    failures = [failure for client in clients for failure in client.failures]
    redemptions = tally["redemption settled"] + tally["redemption released"]
    print(f"\nin {elapsed:.1f} s:")
    print(f"  awards            {tally['award']:>7,}   {tally['award'] / elapsed:7.1f} /s")
    print(
        f"  redemptions       {redemptions:>7,}   {redemptions / elapsed:7.1f} /s  "
        f"(settled {tally['redemption settled']:,}, released {tally['redemption released']:,})"
    )
    print(f"  holds refused     {tally['hold refused']:>7,}   (not enough points: as it should)")
    print("latency per ledger operation:")
    for label in ("award", "hold", "settle", "release"):
        values = times.get(label)
        if values:
            print(
                f"  {label:<8} p50 {statistics.median(values):6.1f}  p95 "
                f"{percentile(values, 0.95):6.1f}  p99 {percentile(values, 0.99):6.1f}  "
                f"max {max(values):7.1f} ms"
            )
    started = time.perf_counter()
    problems = ledger_problems()
    print(
        f"invariant check ({Entry.objects.count():,} entries) in "
        f"{time.perf_counter() - started:.1f} s: "
        + ("the ledger adds up" if not problems else f"BROKEN: {problems[:5]}")
    )
    forget_queue()
    for failure in failures[:10]:
        print(f"failed: {failure}")
    if problems or failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
