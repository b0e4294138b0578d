"""Benchmark the points ledger: awards and redemptions per second, sustained by 50
concurrent clients, with the invariant check at the end.

    source scripts/services/env.sh
    .venv/bin/python bench/ledger.py                      # 30 s of load, ~1 minute in all
    .venv/bin/python bench/ledger.py --seconds 60 --clients 50

Uses its own database (``--database``, default ``bridge_bench_ledger``, on the server
of DATABASE_URL), created if missing and migrated; ``--people`` employees, an HR
admin, a rule and three catalog items are made once and reused.

Each client is a **process** (forked after set-up) with its own PostgreSQL
connection, as each web process or Celery worker has, and loops for ``--seconds``:

- an **award** (``--award-share`` of the operations), the way the programme makes
  one: a person's ``post.created`` activity is recorded (with its deliveries, as the
  post service does), then its ``rewards.award`` delivery is run by
  ``activity.relay.deliver``, as a Celery worker runs it: the rule version in force,
  caps under the wallet lock, the award transfer, badges. Only the delivery is timed
  (``award``). The post itself is not written: the handler does not read it, and its
  cost is the post service's, not the ledger's.
- otherwise a **redemption** through the catalog: ``redemption_request`` (points to
  a hold), then HR's ``redemption_approve`` (four in five: stock down by one, points
  settled) or ``redemption_decline``. A request refused for want of points counts
  as refused, not failed: refusals are the ledger doing its job.

People are drawn from a small hot set one time in five, so that clients contend
for the same wallets; every approval contends for its item's stock row. The other
deliveries the activities owe (sockets, notifications…) go to a private Celery
queue that nobody consumes, dropped at the end.

Prints operations per second, latency percentiles per operation, and checks at the
end that ``ledger_problems()`` finds the ledger adds up, that every award delivery
made exactly one award transfer, and that the items' stock went down by exactly the
approvals. Exits 1 if any check fails or any operation failed.
"""

import argparse
import importlib.util
import multiprocessing
import os
import random
import statistics
import sys
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
APPROVE_SHARE = 0.8
AWARD_POINTS = 40
ITEMS = (("Bench mug", 60), ("Bench hoodie", 150), ("Bench day off", 400))
INITIAL_STOCK = 1_000_000_000
RULE_NAME = "Bench: posts in a community"


def cast(people: int) -> dict:
    """The bench's people, HR admin, rule and items: made once, found after."""
    from network.models import User
    from rewards.models import Item, Rule
    from rewards.services.catalog import item_create
    from rewards.services.rules import rule_create

    existing = User.objects.filter(username__startswith=f"{PREFIX}-").count()
    User.objects.bulk_create(
        [
            User(username=f"{PREFIX}-{n}", first_name="Bench", last_name=str(n))
            for n in range(existing, people)
        ],
        batch_size=1000,
    )
    hr, _ = User.objects.get_or_create(
        username=f"{PREFIX}hr", defaults={"first_name": "Bench", "last_name": "HR"}
    )
    if not hr.is_hr_admin:
        hr.is_hr_admin = True
        hr.save(update_fields=["is_hr_admin"])
    if not Rule.objects.filter(name=RULE_NAME).exists():
        rule_create(actor=hr, name=RULE_NAME, earning="post_created", points=AWARD_POINTS)
    for name, cost in ITEMS:
        if not Item.objects.filter(name=name).exists():
            item_create(actor=hr, name=name, cost=cost, stock=INITIAL_STOCK)
    return {
        "people": list(
            User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk")[:people]
        ),
        "hr": hr,
        "items": list(Item.objects.filter(name__in=[name for name, _ in ITEMS]).order_by("pk")),
    }


class Client:
    """One client process: its own connection, its own random stream, its tallies."""

    def __init__(self, actors: dict, seed: int, award_share: float) -> None:
        self.actors, self.rnd, self.award_share = actors, random.Random(seed), award_share
        self.times: dict[str, list[float]] = defaultdict(list)
        self.tally: Counter = Counter()
        self.failures: list[str] = []

    def person(self) -> object:
        crowd = self.actors["people"]
        if self.rnd.random() < HOT_SHARE:
            return crowd[self.rnd.randrange(HOT_PEOPLE)]
        return self.rnd.choice(crowd)

    def run(self, start_at: float, until: float, results: multiprocessing.Queue) -> None:
        from django.db import connections

        time.sleep(max(0.0, start_at - time.time()))  # every client starts together
        try:
            while time.time() < until:
                try:
                    if self.rnd.random() < self.award_share:
                        self.award()
                    else:
                        self.redeem()
                except Exception as error:  # noqa: BLE001 -- counted and printed
                    self.failures.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()
            results.put((dict(self.tally), dict(self.times), self.failures))

    def timed(self, label: str, operation: object) -> object:
        started = time.perf_counter()
        result = operation()
        self.times[label].append((time.perf_counter() - started) * 1000)
        return result

    def award(self) -> None:
        from django.db import transaction

        import activity
        from activity import relay
        from activity.models import Delivery

        with transaction.atomic():
            made = activity.record(
                actor=self.person(),
                verb="post.created",
                object_type="post",
                object_id=0,
                audience="internal",
            )
        delivery = Delivery.objects.get(activity=made, handler="rewards.award")
        outcome = self.timed("award", lambda: relay.deliver(delivery.pk))
        self.tally[f"award {outcome.value}"] += 1

    def redeem(self) -> None:
        from rewards.services import ledger
        from rewards.services.redemptions import (
            redemption_approve,
            redemption_decline,
            redemption_request,
        )

        person, item = self.person(), self.rnd.choice(self.actors["items"])
        try:
            redemption = self.timed("request", lambda: redemption_request(actor=person, item=item))
        except ledger.NotEnoughPoints:
            self.tally["request refused"] += 1
            return
        hr = self.actors["hr"]
        if self.rnd.random() < APPROVE_SHARE:
            self.timed("approve", lambda: redemption_approve(actor=hr, redemption=redemption))
            self.tally["redemption approved"] += 1
        else:
            self.timed(
                "decline",
                lambda: redemption_decline(actor=hr, redemption=redemption, note="Bench"),
            )
            self.tally["redemption declined"] += 1


def forget_queue() -> None:
    import redis
    from django.conf import settings

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def snapshot(actors: dict) -> dict:
    """What the end checks compare: award transfers of the bench rule, stock."""
    from rewards.models import Item, Transfer

    return {
        "awards": Transfer.objects.filter(
            kind=Transfer.Kind.AWARD, rule_version__rule__name=RULE_NAME
        ).count(),
        "stock": sum(
            Item.objects.filter(pk__in=[item.pk for item in actors["items"]]).values_list(
                "stock", flat=True
            )
        ),
    }


def report(elapsed: float, tally: Counter, times: dict[str, list[float]]) -> None:
    awards = tally["award delivered"]
    redemptions = tally["redemption approved"] + tally["redemption declined"]
    print(f"\nin {elapsed:.1f} s:")
    print(f"  awards            {awards:>7,}   {awards / elapsed:7.1f} /s")
    print(
        f"  redemptions       {redemptions:>7,}   {redemptions / elapsed:7.1f} /s  "
        f"(approved {tally['redemption approved']:,}, declined "
        f"{tally['redemption declined']:,})"
    )
    print(f"  requests refused  {tally['request refused']:>7,}   (not enough points: as it should)")
    print("latency per operation:")
    for label in ("award", "request", "approve", "decline"):
        values = times.get(label)
        if values:
            print(
                f"  {label:<8} p50 {statistics.median(values):6.1f}  p95 "
                f"{percentile(values, 0.95):6.1f}  p99 {percentile(values, 0.99):6.1f}  "
                f"max {max(values):7.1f} ms"
            )


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
    # The activities' other deliveries go to a queue nobody reads, dropped at the end.
    os.environ["CELERY_QUEUE"] = f"lbench-{uuid.uuid4().hex[:8]}"
    # One plain connection per client process, opened after the fork: a pool made
    # before it would be shared by every child.
    os.environ["DATABASE_POOL_SIZE"] = "0"
    generator.setup(args.database, drop=args.regenerate)

    from django.db import connections

    from rewards.integrity import ledger_problems
    from rewards.models import Entry, Transfer

    actors = cast(args.people)
    before = snapshot(actors)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"{len(actors['people']):,} people; ledger before: {Transfer.objects.count():,} "
        f"transfers, {Entry.objects.count():,} entries; {args.clients} client processes "
        f"for {args.seconds:g} s",
        flush=True,
    )
    connections.close_all()  # nothing open crosses the fork

    forked = multiprocessing.get_context("fork")
    results = forked.Queue()
    start_at = time.time() + 2.0  # time for every process to be forked
    until = start_at + args.seconds
    clients = [
        forked.Process(
            target=Client(actors, args.seed + n, args.award_share).run,
            args=(start_at, until, results),
        )
        for n in range(args.clients)
    ]
    for process in clients:
        process.start()
    gathered = [results.get() for _ in clients]
    for process in clients:
        process.join()
    elapsed = time.time() - start_at

    tally: Counter = Counter()
    times: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    for client_tally, client_times, client_failures in gathered:
        tally.update(client_tally)
        for label, values in client_times.items():
            times[label].extend(values)
        failures.extend(client_failures)
    report(elapsed, tally, times)

    after = snapshot(actors)
    checks = {
        "every award delivery made one award transfer": after["awards"] - before["awards"]
        == tally["award delivered"],
        "stock went down by the approvals": before["stock"] - after["stock"]
        == tally["redemption approved"],
    }
    started = time.perf_counter()
    problems = ledger_problems()
    print(
        f"invariant check ({Entry.objects.count():,} entries) in "
        f"{time.perf_counter() - started:.1f} s: "
        + ("the ledger adds up" if not problems else f"BROKEN: {problems[:5]}")
    )
    for label, held in checks.items():
        print(f"{label}: {'yes' if held else 'NO'}")
    forget_queue()
    for failure in failures[:10]:
        print(f"failed: {failure}")
    if problems or failures or not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
