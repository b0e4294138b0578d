"""The table bench/realtime.py prints."""

import argparse
import os
import statistics
import subprocess


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    return (
        f"p50 {statistics.median(values):8.1f}  p95 {percentile(values, 0.95):8.1f}  "
        f"p99 {percentile(values, 0.99):8.1f}  max {max(values):8.1f} ms"
    )


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
        "?",
    )
    with open("/proc/meminfo") as meminfo:
        memory = int(meminfo.readline().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB"


def row(label: str, value: str) -> None:
    print(f"  {label:<30}{value}")


def cpu_lines(title: str, usage: dict) -> None:
    print(
        f"{title}: CPU over {usage['wall']:.0f} s in cores (of {os.cpu_count()}); load "
        f"average {usage['load_before'][0]:.2f} -> {usage['load_after'][0]:.2f}"
    )
    for name, cores in usage["cores"].items():
        row(name, f"{cores:5.2f}")
    ours = sum(usage["cores"].values())
    row(
        "machine busy",
        f"{usage['machine_busy']:5.2f}   (idle {usage['machine_idle']:.2f}, steal "
        f"{usage['machine_steal']:.2f}; other users {max(0.0, usage['machine_busy'] - ours):.2f})",
    )


def report(args: argparse.Namespace, f: dict) -> None:
    ramp, written, cpu = f["ramp"], f["written"], f["cpu"]
    print()
    print(
        f"Realtime: {f['clients']} sockets on community:{f['community']}, one daphne, "
        f"{args.rate:g} posts/s for {args.seconds:g} s ({f['posts']} posts); Celery "
        f"{args.worker_pool} x{args.worker_concurrency}; {args.client_procs} client processes"
    )
    print(f"machine: {machine()}")

    print("ramp-up")
    row("sockets subscribed", f"{ramp['connected']} of {f['clients']}")
    if ramp["failures"]:
        row("never subscribed", f"{ramp['failures']}: {ramp['failed']}")
    if ramp["retries"]:
        row("handshakes retried", f"{ramp['retries']} {ramp['retry_errors']}")
    row("all subscribed after", f"{ramp['subscribed_s']:.1f} s")
    row("presence quiet after", f"{ramp['settled_s']:.1f} s ({ramp['presence']:,} messages)")
    row("connect -> hello", spread(ramp["hello_ms"]))
    row("subscribe -> subscribed", spread(ramp["subscribe_ms"]))

    print("writer")
    row("posts", f"{f['posts']} in {written['elapsed']:.1f} s")
    row("post_create + commit", spread(written["durations"]))
    row("behind schedule", spread(written["late"]))

    print(f"delivery, commit -> receipt, over {len(f['latencies']):,} (socket, post) pairs")
    row("latency", spread(f["latencies"]))
    row("first socket of each post", spread(f["first"]))
    row("last socket of each post", spread(f["last"]))
    row("relay: realtime.push done", spread(f["pushed"]))
    row("out of order", f"{f['out_of_order']:,} receipts on {f['out_of_order_sockets']} sockets")
    row("duplicates; reconnects", f"{f['duplicates']}; {f['reconnects']}")

    print("lost")
    row(
        "before catch-up",
        f"{f['lost']:,} of {f['total']:,} ({f['losers']} sockets missed something)",
    )
    row("  of which arrived later", f"{f['late']:,} (while the catch-up requests ran)")
    for label, outcome in f["catch_up"].items():
        row(
            f"after catch-up ({label})",
            f"{outcome['lost_after']:,}   ({outcome['clients']} sockets asked: "
            f"{len(outcome['requests'])} requests in {outcome['seconds']:.1f} s, "
            f"{args.catchup_concurrency} at a time)",
        )
        if outcome["requests"]:
            row("  catch-up request", spread(outcome["requests"]))

    cpu_lines("ramp-up", ramp["cpu"])
    cpu_lines("posting and grace period", cpu)
    delivered = len(f["latencies"])
    if delivered:
        row(
            "daphne CPU per event sent",
            f"{cpu['seconds']['daphne'] / delivered * 1e6:.0f} us "
            f"({delivered:,} events; pings and pongs included in the CPU)",
        )
    for name, errors in f["errors"].items():
        print(f"{name} log: {errors or 'no tracebacks, warnings or errors'}")
    done = f["disconnected"]
    print(
        f"closing {f['clients']} sockets: {f['closing']:.1f} s for the clients; daphne ran "
        + (f"their disconnects in {done:.1f} s" if done is not None else "not all disconnects")
    )
