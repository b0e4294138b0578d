"""The pieces of bench/realtime.py that are not the measurement itself: the bench
people and their sessions, the server processes, and CPU accounting from /proc."""

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
PREFIX = "rtbench"  # usernames and the community slug of the bench data
COMMUNITY_SLUG = f"{PREFIX}-community"


# --- The database ------------------------------------------------------------------


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> bool:
    """Create the database if it does not exist (never dropped); True if created."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return not exists


def prepare_people(count: int) -> tuple[object, object, list[object]]:
    """The author, the community and `count` members, created once and reused."""
    from django.db import transaction

    from network.models import Community, Membership, User

    with transaction.atomic():
        author, _ = User.objects.get_or_create(
            username=f"{PREFIX}-author",
            defaults={"first_name": "Bench", "last_name": "Author"},
        )
        if author.password == "":
            author.set_unusable_password()
            author.save(update_fields=["password"])
        community, _ = Community.objects.get_or_create(
            slug=COMMUNITY_SLUG,
            defaults={
                "name": "Realtime bench",
                "audience": Community.Audience.INTERNAL,
                "visibility": Community.Visibility.OPEN,
                "created_by": author,
            },
        )
        Membership.objects.get_or_create(
            community=community, user=author, defaults={"role": Membership.Role.OWNER}
        )
        names = [f"{PREFIX}-{number:05d}" for number in range(1, count + 1)]
        have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        missing = [
            User(
                username=name,
                first_name="Bench",
                last_name=f"Person {name[-5:]}",
                email=f"{name}@bench.example",
            )
            for name in names
            if name not in have
        ]
        for person in missing:
            person.set_unusable_password()  # nobody signs in as a bench person
        User.objects.bulk_create(missing)
        members = list(User.objects.filter(username__in=names).order_by("username"))
        Membership.objects.bulk_create(
            (Membership(community=community, user=member) for member in members),
            ignore_conflicts=True,
        )
    return author, community, members


def prepare_sessions(members: list) -> dict[int, str]:
    """A signed-in session per person, as django.contrib.auth.login() leaves it;
    sessions from an earlier run are reused while they remain valid."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from realtime.models import Connection

    backend = "django.contrib.auth.backends.ModelBackend"
    wanted = {member.pk: member.get_session_auth_hash() for member in members}
    found: dict[int, str] = {}
    stale = []
    soon = timezone.now() + timezone.timedelta(days=1)
    for key, data in Session.objects.filter(expire_date__gt=soon).values_list(
        "session_key", "session_data"
    ):
        decoded = SessionStore().decode(data)
        user_id = int(decoded.get(SESSION_KEY, 0))
        if user_id not in wanted:
            continue
        if decoded.get(HASH_SESSION_KEY) == wanted[user_id] and user_id not in found:
            found[user_id] = key
        else:
            stale.append(key)
    Session.objects.filter(session_key__in=stale).delete()
    for member in members:
        if member.pk not in found:
            session = SessionStore()
            session[SESSION_KEY] = str(member.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = wanted[member.pk]
            session.create()
            found[member.pk] = session.session_key
    # Sockets of an earlier run that died without closing would count as online.
    Connection.objects.filter(user__in=members).delete()
    return found


# --- Processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_daphne(
    port: int, log: Path, application: str, profile: Path | None = None
) -> subprocess.Popen:
    command = [sys.executable, "-m", "bridge.serve"]
    if profile is not None:
        command[1:] = [str(REPO / "bench" / "realtime_profiled_daphne.py"), str(profile)]
    command += ["--bind", "127.0.0.1", "--port", str(port)]
    command.append(application)
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"daphne exited:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("daphne did not start in time")


def start_worker(concurrency: int, pool: str, log: Path) -> subprocess.Popen:
    from bridge.celery import app

    nodename = f"rtbench-{uuid.uuid4().hex[:6]}@localhost"
    command = [sys.executable, "-m", "celery", "-A", "bridge", "worker", "--loglevel=warning"]
    command += [f"--concurrency={concurrency}", f"--pool={pool}", "--without-gossip"]
    command += ["--without-mingle", "--queues", os.environ["CELERY_QUEUE"], "-n", nodename]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[nodename], timeout=0.5):
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit(f"the worker did not start:\n{log.read_text()[-3000:]}")
    return process


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group we started (the worker's pool children with it)."""
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=10)


def log_errors(log: Path) -> dict[str, int]:
    """The exceptions a process logged (the last line of each traceback) and its
    warnings and errors, by kind (exception class, or level and logger)."""
    found: dict[str, int] = {}
    in_traceback = False
    for line in log.read_text(errors="replace").splitlines():
        words = line.split()
        if len(words) > 3 and words[2] in {"WARNING", "ERROR", "CRITICAL"}:  # noqa: PLR2004
            kind = f"{words[2]} {words[3]}"  # our LOGGING format: date time level logger
            found[kind] = found.get(kind, 0) + 1
        elif line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and line and not line.startswith(" "):
            kind = line.split(":", 1)[0]
            found[kind] = found.get(kind, 0) + 1
            in_traceback = False
    return found


# --- CPU accounting ----------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # after "pid (comm) "


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, and of its children that it waited for."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICK if fields else 0.0


def processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command name) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if fields:
                found.append((int(entry.name), int(fields[1]), comm))
    return found


def tree(root: int, table: list[tuple[int, int, str]]) -> list[int]:
    pids, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent, _ in table if parent in frontier]
        pids += frontier
    return pids


def machine() -> tuple[float, float, float]:
    """Busy, idle and stolen CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    busy = user + nice + system + irq + softirq
    return busy / TICK, (idle + iowait) / TICK, steal / TICK


@dataclass
class CpuWatch:
    """CPU used by each part of the bench, and by the whole machine, over a window."""

    parts: dict[str, int]  # name -> pid of a process we started (with its children)
    alone: frozenset[str] = frozenset()  # names counted without their children
    started: float = 0.0
    before: dict[str, float] = field(default_factory=dict)
    machine_before: tuple[float, float, float] = (0, 0, 0)
    load_before: tuple[float, float, float] = (0, 0, 0)

    def snapshot(self) -> dict[str, float]:
        table = processes()
        seconds = {
            name: sum(
                cpu_seconds(pid) for pid in ([root] if name in self.alone else tree(root, table))
            )
            for name, root in self.parts.items()
        }
        seconds["redis-server (shared)"] = sum(
            cpu_seconds(pid) for pid, _, comm in table if comm == "redis-server"
        )
        seconds["postgres (shared)"] = sum(
            cpu_seconds(pid) for pid, _, comm in table if comm == "postgres"
        )
        return seconds

    def start(self) -> None:
        self.before = self.snapshot()
        self.machine_before = machine()
        self.load_before = os.getloadavg()
        self.started = time.monotonic()

    def stop(self) -> dict:
        wall = time.monotonic() - self.started
        after = self.snapshot()
        busy, idle, steal = (a - b for a, b in zip(machine(), self.machine_before, strict=True))
        # Shared servers' processes that exit in the window take their CPU with them.
        used = {name: max(0.0, after[name] - self.before.get(name, 0)) for name in after}
        return {
            "wall": wall,
            "seconds": used,
            "cores": {name: seconds / wall for name, seconds in used.items()},
            "machine_busy": busy / wall,
            "machine_steal": steal / wall,
            "machine_idle": idle / wall,
            "load_before": self.load_before,
            "load_after": os.getloadavg(),
        }
