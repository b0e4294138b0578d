"""Generate the idea board bench/ideas.py measures: one board of an internal
community, 10,000 ideas and 500,000 votes by 5,000 members.

    source scripts/services/env.sh && .venv/bin/python bench/ideas_generate.py

bench/ideas.py calls this itself when its database holds no bench board, so running
it by hand is only needed to change the shape (``--regenerate`` there drops the
database first). The database (``--database``, default ``bridge_bench_ideas`` on the
server of DATABASE_URL) is created if missing and migrated; the board is opened
through ideas.services.boards.board_create (its default stages, down votes
allowed, no budget); the rest is loaded with PostgreSQL COPY. Each idea gets its
author as contributor and a first revision; a third of them tags; comments on a
long tail; stages mostly "Submitted", a few delivered or declined. Each member
votes on about ``--votes / --people`` ideas, chosen by a long-tailed popularity,
up mostly and down sometimes. The idea's up_votes, down_votes and comment_count
and every member's Ballot are then computed from those rows in one statement
each, so they agree with the votes as the services would keep them.
"""

import argparse
import bisect
import itertools
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
# bench/ideas.py would shadow the ideas app (a namespace package, found last).
sys.path[:] = [
    str(REPO),
    *(p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent),
]

DEFAULT_DATABASE = "bridge_bench_ideas"
PREFIX = "ibench"  # usernames and the community slug of the bench data
COMMUNITY_SLUG = f"{PREFIX}-community"
BOARD_TITLE = "How do we make the product faster for our customers?"
DAYS = 90  # ideas were submitted over the last DAYS days
DOWN_SHARE = 0.15  # of the votes are down votes
TAGGED = 0.3  # of the ideas carry tags
TAGS = 200
WORDS = (
    "roadmap release customer partner launch feedback pricing onboarding support "
    "integration security review design research data metrics quarter team sprint "
    "idea question update workshop webinar migration api mobile performance cache "
    "search export import dashboard report notification billing invoice sso audit"
).split()
# How many ideas sit in each default stage (Submitted, Under review, Accepted, In
# progress, Delivered, Declined): most wait, a few are done.
STAGE_WEIGHTS = (70, 12, 6, 5, 4, 3)


def database_url(name: str) -> str:
    """DATABASE_URL with its database name replaced by `name`."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str, *, drop: bool = False) -> bool:
    """Create the database if it does not exist (dropped first with `drop`); True if created."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return not exists


def copy(cursor: object, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    count = 0
    started = time.perf_counter()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as writer:
        for row in rows:
            writer.write_row(row)
            count += 1
    print(f"  {table:<24} {count:>9,} rows in {time.perf_counter() - started:5.1f} s", flush=True)
    return count


def next_ids(cursor: object, table: str, count: int) -> int:
    """Reserve `count` ids of the table's sequence; the first one."""
    cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT nextval('{sequence}')")
    first = cursor.fetchone()[0]
    cursor.execute("SELECT setval(%s, %s)", (sequence, first + count))
    return first


def bench_board():  # noqa: ANN201 -- ideas.models.Board or None
    from ideas.models import Board

    return Board.objects.filter(community__slug=COMMUNITY_SLUG).first()


def people_and_board(people: int) -> tuple[list[int], object]:
    """The members (bulk-created) and the board (through the real service)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from ideas.services.boards import board_create
    from network.models import Community, Membership, User

    password = make_password(None)  # unusable: sessions are made by the bench
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                username=f"{PREFIX}-{number:05d}",
                first_name="Bench",
                last_name=f"Person {number:05d}",
                email=f"{PREFIX}-{number:05d}@bench.example",
                password=password,
                department="Engineering",
            )
            for number in range(1, people + 1)
        )
        community = Community.objects.create(
            name="Ideas bench",
            slug=COMMUNITY_SLUG,
            audience=Community.Audience.INTERNAL,
            visibility=Community.Visibility.OPEN,
            created_by=users[0],
        )
        Membership.objects.bulk_create(
            Membership(
                community=community,
                user=user,
                role=Membership.Role.OWNER if number == 0 else Membership.Role.MEMBER,
            )
            for number, user in enumerate(users)
        )
    board = board_create(
        actor=users[0], community=community, title=BOARD_TITLE, allow_down_votes=True
    )
    return [user.pk for user in users], board


def generate(args: argparse.Namespace) -> None:  # noqa: PLR0915 -- one linear script
    from django.db import connection, transaction

    from ideas.models import Stage

    rnd = random.Random(args.seed)
    now = datetime.now(tz=UTC)
    started = time.perf_counter()
    print(
        f"generating {args.ideas:,} ideas and ~{args.votes:,} votes by {args.people:,} people",
        flush=True,
    )
    members, board = people_and_board(args.people)
    stages = list(Stage.objects.filter(board=board).order_by("position"))
    open_stages = {stage.pk for stage in stages if stage.kind == Stage.Kind.OPEN}
    with transaction.atomic():
        cursor = connection.cursor().cursor  # psycopg's own cursor, for COPY
        first_tag = next_ids(cursor, "network_hashtag", TAGS)
        copy(
            cursor,
            "network_hashtag",
            ("id", "name"),
            ((first_tag + n, f"ib{rnd.choice(WORDS)}{n}") for n in range(TAGS)),
        )

        # Ideas: older ones fewer (a board draws most ideas early, then a steady trickle
        # is what we model as uniform with a slight recency skew), ids in time order.
        first_idea = next_ids(cursor, "ideas_idea", args.ideas)
        ages = sorted((rnd.random() ** 1.2 * DAYS * 86400 for _ in range(args.ideas)), reverse=True)
        created = [now - timedelta(seconds=age) for age in ages]
        authors = [rnd.choice(members) for _ in range(args.ideas)]
        idea_stage = [rnd.choices(stages, STAGE_WEIGHTS[: len(stages)])[0] for _ in ages]

        def ideas() -> Iterator[tuple]:
            for n in range(args.ideas):
                title = " ".join(rnd.choices(WORDS, k=rnd.randint(3, 9))).capitalize()
                body = " ".join(rnd.choices(WORDS, k=rnd.randint(20, 120)))
                moved = created[n] + (now - created[n]) * rnd.random() * 0.5
                stage = idea_stage[n]
                yield (
                    first_idea + n,
                    board.pk,
                    authors[n],
                    title,
                    body,
                    f"<p>{body}</p>",
                    "{}",
                    stage.pk,
                    moved if stage.position else created[n],
                    0,
                    0,
                    0,
                    created[n],
                    None,
                    None,
                    "",
                    None,
                    "",
                )

        copy(
            cursor,
            "ideas_idea",
            (
                "id board_id author_id title body body_html field_values stage_id "
                "stage_changed_at up_votes down_votes comment_count created_at edited_at "
                "merged_into_id outcome outcome_value outcome_unit"
            ).split(),
            ideas(),
        )
        ids = range(first_idea, first_idea + args.ideas)
        copy(
            cursor,
            "ideas_contributor",
            ("idea_id", "user_id", "role", "status", "invited_by_id", "created_at", "responded_at"),
            (
                (i, authors[n], "author", "accepted", None, created[n], None)
                for n, i in enumerate(ids)
            ),
        )
        copy(
            cursor,
            "ideas_revision",
            (
                "idea_id",
                "number",
                "editor_id",
                "title",
                "body",
                "field_values",
                "tags",
                "created_at",
            ),
            (
                (i, 1, authors[n], "as submitted", "", "{}", "[]", created[n])
                for n, i in enumerate(ids)
            ),
        )
        copy(
            cursor,
            "ideas_idea_tags",
            ("idea_id", "hashtag_id"),
            (
                (i, first_tag + tag)
                for i in ids
                if rnd.random() < TAGGED
                for tag in set(rnd.choices(range(TAGS), k=rnd.randint(1, 3)))
            ),
        )

        # Comments: most ideas have a few, some are much discussed.
        def comments() -> Iterator[tuple]:
            for n, i in enumerate(ids):
                for _ in range(int(rnd.paretovariate(1.6)) - 1 + rnd.randint(0, 2)):
                    body = " ".join(rnd.choices(WORDS, k=12))
                    when = created[n] + (now - created[n]) * rnd.random()
                    yield (i, rnd.choice(members), body, f"<p>{body}</p>", when, None, None)

        copy(
            cursor,
            "ideas_comment",
            ("idea_id", "author_id", "body", "body_html", "created_at", "deleted_at", "hidden_at"),
            comments(),
        )

        # Votes: every member votes on about the same number of ideas, drawn by a
        # long-tailed popularity among the ideas still open to votes.
        votable = [n for n in range(args.ideas) if idea_stage[n].pk in open_stages]
        popularity = [1 / (rank + 1) ** 0.7 for rank in range(len(votable))]
        rnd.shuffle(popularity)
        cumulative = list(itertools.accumulate(popularity))
        per_person = max(1, args.votes // len(members))

        def votes() -> Iterator[tuple]:
            for person in members:
                chosen: set[int] = set()
                while len(chosen) < min(per_person, len(votable)):
                    pick = rnd.random() * cumulative[-1]
                    chosen.add(votable[bisect.bisect(cumulative, pick)])
                for n in chosen:
                    value = -1 if rnd.random() < DOWN_SHARE else 1
                    when = created[n] + (now - created[n]) * rnd.random()
                    yield (first_idea + n, person, board.pk, value, when, when)

        copy(
            cursor,
            "ideas_vote",
            ("idea_id", "user_id", "board_id", "value", "created_at", "updated_at"),
            votes(),
        )
        counted = time.perf_counter()
        cursor.execute(
            """
            UPDATE ideas_idea AS idea
               SET up_votes = tally.up, down_votes = tally.down
              FROM (SELECT idea_id,
                           count(*) FILTER (WHERE value = 1) AS up,
                           count(*) FILTER (WHERE value = -1) AS down
                      FROM ideas_vote WHERE board_id = %(board)s GROUP BY idea_id) AS tally
             WHERE idea.id = tally.idea_id
            """,
            {"board": board.pk},
        )
        cursor.execute(
            """
            UPDATE ideas_idea AS idea SET comment_count = tally.comments
              FROM (SELECT idea_id, count(*) AS comments FROM ideas_comment
                     WHERE deleted_at IS NULL AND hidden_at IS NULL GROUP BY idea_id) AS tally
             WHERE idea.id = tally.idea_id AND idea.board_id = %(board)s
            """,
            {"board": board.pk},
        )
        cursor.execute(
            """
            INSERT INTO ideas_ballot (board_id, user_id, votes_used)
            SELECT board_id, user_id, count(*) FROM ideas_vote
             WHERE board_id = %(board)s GROUP BY board_id, user_id
            """,
            {"board": board.pk},
        )
        print(f"  counts and ballots from the votes in {time.perf_counter() - counted:.1f} s")
    print(f"loaded in {time.perf_counter() - started:.0f} s; analyzing", flush=True)
    connection.cursor().execute("VACUUM ANALYZE")


def setup(database: str, *, drop: bool = False) -> None:
    """Point Django at the bench database (created if missing) and migrate it."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run with the real services: source scripts/services/env.sh")
    url = database_url(database)
    created = ensure_database(url, drop=drop)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("HTTPS", "false")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(
        f"database {database}{' (created)' if created else ''}: "
        f"migrated in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=42)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--regenerate", action="store_true", help="drop the database first")
    args = parser.parse_args()
    setup(args.database, drop=args.regenerate)
    if bench_board() is not None:
        raise SystemExit("the bench board exists already: --regenerate to start again")
    generate(args)


if __name__ == "__main__":
    main()
