"""Benchmark the activity spine against the real services.

Measures (1) the cost a service pays to record an activity inside its
transaction, and (2) how fast one Celery worker drains the deliveries.

    source scripts/services/env.sh && .venv/bin/python bench/activity_relay.py --count 2000

Uses the database in DATABASE_URL (migrated first) and starts its own worker on a
private queue. Prints its figures; copy them into bench/RESULTS.md.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("HTTPS", "false")
os.environ["CELERY_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

import activity  # noqa: E402
from activity.models import Delivery  # noqa: E402
from bridge.celery import app  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def record_many(count: int) -> tuple[list[float], list[int]]:
    """Commit `count` transactions of one activity each, as services do."""
    latencies, ids = [], []
    for number in range(count):
        started = time.perf_counter()
        with transaction.atomic():
            recorded = activity.record(
                verb="bench.recorded", object_type="bench", object_id=number, payload={"n": number}
            )
        latencies.append((time.perf_counter() - started) * 1000)
        ids.append(recorded.pk)
    return latencies, ids


def start_worker(concurrency: int) -> subprocess.Popen:
    nodename = f"bench-{uuid.uuid4().hex[:6]}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bridge",
            "worker",
            "--loglevel=warning",
            f"--concurrency={concurrency}",
            f"--pool={os.environ.get('BENCH_POOL', 'prefork')}",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            os.environ["CELERY_QUEUE"],
            "--hostname",
            nodename,
        ],
        cwd=REPO,
        env=os.environ.copy(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[nodename], timeout=0.5):
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit("the worker did not start")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        raise SystemExit("run with the real services: source scripts/services/env.sh")
    call_command("migrate", verbosity=0)

    # Record with no worker running, so that recording is measured alone.
    started = time.perf_counter()
    latencies, ids = record_many(args.count)
    record_seconds = time.perf_counter() - started
    pending = Delivery.objects.filter(activity_id__in=ids)

    worker = start_worker(args.concurrency)
    started = time.perf_counter()
    try:
        while pending.exclude(status=Delivery.Status.DONE).exists():
            time.sleep(0.05)
        drain_seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    deliveries = pending.count()
    print(f"activities recorded:          {args.count}")
    print(
        f"record, per transaction:      p50 {statistics.median(latencies):.2f} ms, "
        f"p95 {percentile(latencies, 0.95):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms"
    )
    print(
        f"record throughput:            {args.count / record_seconds:.0f} activities/s "
        f"(one connection)"
    )
    print(
        f"deliveries drained:           {deliveries} by 1 worker x {args.concurrency} "
        f"processes in {drain_seconds:.2f} s = {deliveries / drain_seconds:.0f} deliveries/s"
    )


if __name__ == "__main__":
    main()
