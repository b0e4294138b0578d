"""Benchmark an idea board at scale: 10,000 ideas, 500,000 votes, over real HTTP.

    source scripts/services/env.sh          # PostgreSQL and Redis, as for the tests
    .venv/bin/python bench/ideas.py                          # ~5 minutes once generated
    .venv/bin/python bench/ideas.py --sorts new,top          # only these orders

Uses its own database (``--database``, default ``bridge_bench_ideas``, on the server of
DATABASE_URL): created if missing and migrated; bench/ideas_generate.py fills it the
first time (~25 s) and the data is reused after (``--regenerate`` starts again).

1. Finds the orders GET /api/v1/boards/<id>/ideas/ supports (``--sorts`` to choose):
   an unknown ``?sort=`` answered 400 means the endpoint checks it, and each of hot,
   top, new, discussed and random answered 200 is measured; an ignored ``?sort=``
   means the endpoint has one order, measured without the parameter.
2. Counts the SQL queries of each request type once, in process (Django's test
   client, CaptureQueriesContext): a first and a fifth page of each order, a new
   vote, a changed vote, a withdrawn vote.
3. Starts one daphne (``python -m bridge.serve``, production settings, the Redis
   cache and sessions) and signs in ``--voters`` members (sessions made as
   django.contrib.auth.login() leaves them, with a CSRF token each).
4. Times ``--page-requests`` pages (first pages, and page 5 one time in four), by
   ``--page-clients`` keep-alive clients, each request as a random voter; then
   ``--vote-requests`` PUT/DELETE /api/v1/ideas/<id>/vote/ by ``--vote-clients``
   clients at once, each client its own voters, on ideas drawn by popularity (so
   that popular ideas see votes race): a first vote (down 15 %), or change or
   withdraw a vote they hold; about as many are withdrawn as cast, so that runs
   leave the board as generated.
5. Checks that every idea's counts and every ballot still agree with the votes.

Prints p50/p95/p99/max for each, the CPU each part used and the machine's load
(other engineers share it). Exits 1 when a p95 exceeds ``--target-p95`` ms (50), a
request failed, or the counts disagree. Activities recorded by the votes are
queued on a private Celery queue, deleted at the end: no worker runs, as the
deliveries happen after the response.
"""

import argparse
import http.client
import importlib.util
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
# This file is "ideas", the app's name, and the app (a namespace package, without
# __init__.py) loses to any module of that name on the path: keep this folder off
# it, and load the bench's helpers by their file.
sys.path[:] = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != BENCH)]


def _helper(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generator = _helper("ideas_generate")
support = _helper("realtime_support")
_report = _helper("realtime_report")
cpu_lines, machine, percentile = _report.cpu_lines, _report.machine, _report.percentile

# The orders the ranking module offers (issue 5); the endpoint says which it takes.
SORTS = ("hot", "top", "new", "discussed", "random")
DEEP_PAGE = 5
DEEP_SHARE = 0.25  # of the page requests ask for page DEEP_PAGE
DEFAULT_ORDER = "default"  # the endpoint's own order, when it takes no sort
HTTP_OK = 200
# What a vote request does: withdraw or change a vote held (WITHDRAW_OR_CHANGE), a
# change one time in four of those; else vote on an idea drawn by popularity, down
# one time in DOWN_SHARE (as generated).
WITHDRAW_OR_CHANGE = 0.55
CHANGE_SHARE = 0.25
DOWN_SHARE = 0.15


def configure(args: argparse.Namespace) -> None:
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("run with the real services: REDIS_URL (cache and sessions)")
    # daphne inherits these.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridge.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")  # signs the sessions: one for all
    os.environ["HTTPS"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["CELERY_QUEUE"] = f"ibench-{uuid.uuid4().hex[:8]}"
    generator.setup(args.database, drop=args.regenerate)
    if generator.bench_board() is None:
        generator.generate(args)


# --- What the endpoint offers, and what each request costs in queries ----------------


def detect_sorts(client: object, board_id: int) -> list[str]:
    """The orders to measure: those the endpoint accepts, or its one order."""
    url = f"/api/v1/boards/{board_id}/ideas/"
    unknown = client.get(url, {"sort": "no-such-order"}).status_code
    if unknown != HTTP_OK:  # the endpoint checks the parameter: ask for each order
        return [sort for sort in SORTS if client.get(url, {"sort": sort}).status_code == HTTP_OK]

    def first_ids(query: dict) -> list[int]:
        return [idea["id"] for idea in client.get(url, query).json()["results"]]

    if first_ids({"sort": "top"}) != first_ids({}):  # it sorts, unknown values fall back
        return list(SORTS)
    return [DEFAULT_ORDER]


def page_url(board_id: int, sort: str, page: int) -> str:
    query = [] if sort == DEFAULT_ORDER else [f"sort={sort}"]
    if page > 1:
        query.append(f"page={page}")
    return f"/api/v1/boards/{board_id}/ideas/" + (f"?{'&'.join(query)}" if query else "")


def count_queries(client: object, board_id: int, sorts: list[str], idea_id: int) -> dict:
    """Queries per request type, in process. The vote is cast, changed and withdrawn,
    which leaves the data as it was."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}

    def measure(label: str, method: str, url: str, body: dict | None = None) -> None:
        with CaptureQueriesContext(connection) as captured:
            if method == "get":
                response = client.get(url)
            else:
                call = getattr(client, method)
                response = call(url, json.dumps(body or {}), content_type="application/json")
        if response.status_code != HTTP_OK:
            raise SystemExit(f"{method.upper()} {url}: {response.status_code} {response.content!r}")
        counts[label] = len(captured)

    for sort in sorts:
        measure(f"GET {sort} p1", "get", page_url(board_id, sort, 1))
        measure(f"GET {sort} p{DEEP_PAGE}", "get", page_url(board_id, sort, DEEP_PAGE))
    vote = f"/api/v1/ideas/{idea_id}/vote/"
    measure("PUT vote (new)", "put", vote, {"value": 1})
    measure("PUT vote (change)", "put", vote, {"value": -1})
    measure("DELETE vote", "delete", vote)
    return counts


# --- HTTP ----------------------------------------------------------------------------


class Person:
    """A signed-in member: session and CSRF cookies, and the votes they hold."""

    def __init__(self, user_id: int, session: str, votes: dict[int, int]) -> None:
        from django.middleware.csrf import _get_new_csrf_string

        self.user_id = user_id
        self.csrf = _get_new_csrf_string()
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.votes = votes


def sign_in(members: list, board_id: int) -> list[Person]:
    from ideas.models import Vote

    sessions = support.prepare_sessions(members)
    held: dict[int, dict[int, int]] = defaultdict(dict)
    rows = Vote.objects.filter(board_id=board_id, user__in=members)
    for user_id, idea_id, value in rows.values_list("user_id", "idea_id", "value"):
        held[user_id][idea_id] = value
    return [Person(member.pk, sessions[member.pk], held[member.pk]) for member in members]


def timed(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    person: Person,
    body: str,
    *,
    since: float | None = None,
) -> tuple[float, int, bytes]:
    """Milliseconds from now (or from `since`) to the whole answer, status, body."""
    headers = {"Cookie": person.cookie}
    if method != "GET":
        headers |= {"X-CSRFToken": person.csrf, "Content-Type": "application/json"}
    started = time.perf_counter() if since is None else since
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    return (time.perf_counter() - started) * 1000, response.status, content


def in_threads(shares: list, work: object) -> float:
    """Run work(share) in a thread per share; the wall time."""
    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def read_pages(port: int, plan: list, results: list, failures: list) -> None:
    """One keep-alive client reading its share of the pages, one after another."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for label, path, person in plan:
        elapsed, status, content = timed(connection, "GET", path, person, "")
        if status != HTTP_OK:
            failures.append(f"GET {path}: {status} {content[:200]!r}")
        results.append((label, elapsed))
    connection.close()


@dataclass
class Voting:
    """Clients voting on the board's open ideas, drawn by popularity, as their own
    people: a first vote, or a change or withdrawal of the vote held."""

    port: int
    ideas: list[int]
    weights: list[int]
    failures: list[str]
    results: list[tuple[str, float]] = field(default_factory=list)
    late: list[float] = field(default_factory=list)  # ms behind the schedule, paced runs

    def client(self, people: list[Person], count: int, seed: int, interval: float) -> None:
        """`count` requests one after another, or one every `interval` seconds: then
        each is timed from when it was due, so that a slow answer delaying the next
        request counts against the server, not for it."""
        rnd = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        due = time.perf_counter() + rnd.random() * interval  # the clients out of step
        for _ in range(count):
            person = rnd.choice(people)
            method, idea, value = self.choose(rnd, person)
            body = {"value": value} if value else None
            label = (
                "DELETE"
                if method == "DELETE"
                else f"PUT {'change' if idea in person.votes else 'new'}"
            )
            since = None
            if interval:
                time.sleep(max(0.0, due - time.perf_counter()))
                self.late.append((time.perf_counter() - due) * 1000)
                since, due = due, due + interval
            path = f"/api/v1/ideas/{idea}/vote/"
            elapsed, status, content = timed(
                connection, method, path, person, json.dumps(body) if body else "", since=since
            )
            if status != HTTP_OK:
                self.failures.append(f"{method} {path}: {status} {content[:200]!r}")
            else:
                mine = json.loads(content)["my_vote"]
                if mine is None:
                    person.votes.pop(idea, None)
                else:
                    person.votes[idea] = mine
            self.results.append((label, elapsed))
        connection.close()

    def choose(self, rnd: random.Random, person: Person) -> tuple[str, int, int | None]:
        """Method, idea and value of a person's next request. New votes go to popular
        ideas, so that votes on them race; about as many votes are withdrawn as cast,
        so that runs after runs leave the board's shape as generated."""
        if person.votes and rnd.random() < WITHDRAW_OR_CHANGE:
            idea = rnd.choice(list(person.votes))
            if rnd.random() < CHANGE_SHARE:
                return "PUT", idea, -person.votes[idea]
            return "DELETE", idea, None
        idea = rnd.choices(self.ideas, self.weights)[0]
        held = person.votes.get(idea)
        if held is not None:
            return "PUT", idea, -held
        return "PUT", idea, -1 if rnd.random() < DOWN_SHARE else 1

    def run(
        self, people: list[Person], requests: int, clients: int, rate: float, seed: int
    ) -> float:
        """`requests` by `clients` at once, each with its own people; at `rate` a
        second in all, or as fast as answered (0). The wall time."""
        groups = [people[n::clients] for n in range(clients)]
        interval = clients / rate if rate else 0.0
        return in_threads(
            list(enumerate(groups)),
            lambda item: self.client(item[1], requests // clients, seed + item[0], interval),
        )


def spread(values: list[float]) -> str:
    return (
        f"{len(values):>6}   p50 {statistics.median(values):6.1f}   p95 "
        f"{percentile(values, 0.95):6.1f}   p99 {percentile(values, 0.99):6.1f}   "
        f"max {max(values):7.1f} ms"
    )


def print_times(
    title: str, results: list, seconds: float, labels: list[str], cpu: dict | None = None
) -> dict:
    by_label = defaultdict(list)
    for label, elapsed in results:
        by_label[label].append(elapsed)
    print(title)
    for label in labels:
        if by_label[label]:
            print(f"  {label:<16}{spread(by_label[label])}")
    every = [elapsed for _, elapsed in results]
    print(f"  {'all':<16}{spread(every)}")
    print(f"  throughput      {len(results) / seconds:.0f} requests/s")
    if cpu:
        cpu_lines("  meanwhile", cpu)
        per_request = cpu["seconds"]["daphne"] / len(results) * 1000
        # Unlike the latencies, hardly changed by what else runs on the machine.
        print(f"  daphne CPU per request: {per_request:.1f} ms")
    return {label: percentile(values, 0.95) for label, values in by_label.items()} | {
        "all": percentile(every, 0.95)
    }


def consistent(board_id: int) -> list[str]:
    """Ideas whose counts, and people whose ballots, disagree with the vote rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT idea.id FROM ideas_idea AS idea
              LEFT JOIN (SELECT idea_id, count(*) FILTER (WHERE value = 1) AS up,
                                count(*) FILTER (WHERE value = -1) AS down
                           FROM ideas_vote WHERE board_id = %(board)s GROUP BY idea_id) AS tally
                ON tally.idea_id = idea.id
             WHERE idea.board_id = %(board)s
               AND (idea.up_votes <> coalesce(tally.up, 0)
                    OR idea.down_votes <> coalesce(tally.down, 0))
            """,
            {"board": board_id},
        )
        ideas = [f"idea {row[0]}" for row in cursor.fetchall()]
        cursor.execute(
            """
            SELECT ballot.user_id FROM ideas_ballot AS ballot
              LEFT JOIN (SELECT user_id, count(*) AS votes FROM ideas_vote
                          WHERE board_id = %(board)s GROUP BY user_id) AS tally
                ON tally.user_id = ballot.user_id
             WHERE ballot.board_id = %(board)s AND ballot.votes_used <> coalesce(tally.votes, 0)
            """,
            {"board": board_id},
        )
        return ideas + [f"ballot of {row[0]}" for row in cursor.fetchall()]


def forget_queue() -> None:
    """The activities' deliveries queued for no worker: drop the private queue."""
    import redis
    from django.conf import settings

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def main() -> None:  # noqa: PLR0915 -- one linear run
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    generator.add_arguments(parser)
    parser.add_argument("--regenerate", action="store_true", help="drop the database first")
    parser.add_argument(
        "--sorts", help=f"comma-separated, of {', '.join(SORTS)}; default: all the endpoint takes"
    )
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--page-requests", type=int, default=2000)
    parser.add_argument("--page-clients", type=int, default=1)
    parser.add_argument("--vote-requests", type=int, default=2000)
    parser.add_argument("--vote-clients", type=int, default=8)
    parser.add_argument(
        "--vote-rate", type=float, default=10, help="requests/s in all; 0: flat out"
    )
    parser.add_argument("--saturation-requests", type=int, default=800)
    parser.add_argument("--target-p95", type=float, default=50.0)
    args = parser.parse_args()
    configure(args)
    from django.db import connection
    from django.test import Client

    from ideas.models import Idea, Stage, Vote
    from network.models import User

    board = generator.bench_board()
    rnd = random.Random(args.seed)
    print(
        f"board {board.pk}: {Idea.objects.filter(board=board).count():,} ideas, "
        f"{Vote.objects.filter(board=board).count():,} votes, "
        f"{User.objects.filter(username__startswith=generator.PREFIX).count():,} members"
    )
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")

    members = list(User.objects.filter(username__startswith=f"{generator.PREFIX}-").order_by("pk"))
    probe = Client()
    probe.force_login(members[-1])
    sorts = args.sorts.split(",") if args.sorts else detect_sorts(probe, board.pk)
    if not args.sorts and sorts == [DEFAULT_ORDER]:
        print("sorts: the endpoint ignores ?sort= (one order, newest first): measuring that")
    else:
        print(f"sorts: {', '.join(sorts)}")
    open_ideas = Idea.objects.filter(board=board, stage__kind=Stage.Kind.OPEN)
    unvoted = open_ideas.exclude(votes__user=members[-1]).order_by("pk").first()
    print("queries per request (in process, test client):")
    for label, count in count_queries(probe, board.pk, sorts, unvoted.pk).items():
        print(f"  {label:<22}{count:>3}")

    people = sign_in(rnd.sample(members, args.voters), board.pk)
    pages = []
    for _ in range(args.page_requests):
        sort = rnd.choice(sorts)
        page = DEEP_PAGE if rnd.random() < DEEP_SHARE else 1
        pages.append((f"{sort} p{page}", page_url(board.pk, sort, page), rnd.choice(people)))
    # Votes go where the votes are: popular ideas more, so that they race.
    popular = list(open_ideas.values_list("pk", "up_votes"))
    ideas, weights = [pk for pk, _ in popular], [1 + up for _, up in popular]
    connection.close()

    logs = Path(tempfile.mkdtemp(prefix="ibench-"))
    port = support.free_port()
    daphne = support.start_daphne(port, logs / "daphne.log", "bridge.asgi:application")
    failures: list[str] = []
    try:
        warm: list = []
        read_pages(port, pages[: 20 * len(sorts)], warm, failures)  # each worker thread's pool
        watch = support.CpuWatch(
            {"daphne": daphne.pid, "bench clients (this process)": os.getpid()},
            alone=frozenset({"bench clients (this process)"}),
        )
        page_results: list = []
        shares = [pages[n :: args.page_clients] for n in range(args.page_clients)]
        watch.start()
        seconds = in_threads(shares, lambda share: read_pages(port, share, page_results, failures))
        page_cpu = watch.stop()

        voting = Voting(port, ideas, weights, failures)
        watch.start()
        vote_seconds = voting.run(
            people, args.vote_requests, args.vote_clients, args.vote_rate, args.seed
        )
        vote_cpu = watch.stop()
        saturated = Voting(port, ideas, weights, failures)
        if args.saturation_requests:
            watch.start()
            saturated_seconds = saturated.run(
                people, args.saturation_requests, args.vote_clients, 0, args.seed + 100
            )
            saturated_cpu = watch.stop()
    finally:
        support.stop(daphne)
        forget_queue()

    print()
    order_labels = [f"{sort} p{page}" for sort in sorts for page in (1, DEEP_PAGE)]
    page_p95 = print_times(
        f"HTTP GET /api/v1/boards/{board.pk}/ideas/ on daphne, {args.page_clients} client(s), "
        "keep-alive:",
        page_results,
        seconds,
        order_labels,
        page_cpu,
    )
    kinds = ["PUT new", "PUT change", "DELETE"]
    vote_p95 = print_times(
        f"HTTP PUT/DELETE /api/v1/ideas/<id>/vote/ on daphne, {args.vote_clients} clients "
        f"at {args.vote_rate:g} requests/s in all, {len(people)} people (timed from when "
        "each request was due):",
        voting.results,
        vote_seconds,
        kinds,
        vote_cpu,
    )
    if voting.late:
        print(
            f"  sent behind schedule  p50 {statistics.median(voting.late):.1f}  "
            f"p99 {percentile(voting.late, 0.99):.1f}  max {max(voting.late):.1f} ms"
        )
    if saturated.results:
        print_times(
            f"The same, {args.vote_clients} clients each sending as soon as answered "
            "(saturation: latency is mostly the queue; no target):",
            saturated.results,
            saturated_seconds,
            kinds,
            saturated_cpu,
        )
    problems = consistent(board.pk)
    print(f"counts and ballots agree with the votes: {'yes' if not problems else problems[:10]}")
    errors = support.log_errors(logs / "daphne.log")
    if errors:
        print(f"daphne logged: {errors} (log: {logs / 'daphne.log'})")
    else:
        shutil.rmtree(logs)

    missed = [
        f"{label} p95 {p95:.1f} ms"
        for label, p95 in [*page_p95.items(), ("vote", vote_p95["all"])]
        if label in {*order_labels, "vote"} and p95 > args.target_p95
    ]
    print(f"target p95 <= {args.target_p95:g} ms per order and for votes: ", end="")
    print("met" if not missed else f"MISSED ({'; '.join(missed)})")
    for failure in failures[:10]:
        print(f"failed: {failure}")
    if missed or failures or problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
