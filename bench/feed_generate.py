"""Generate a network large enough to benchmark the feed: people, communities,
memberships, follows, hashtags, posts, reactions, comments and polls.

    source scripts/services/env.sh && .venv/bin/python bench/feed_generate.py

Defaults: 10,000 people (80 % employees, 12 % partners, 8 % customers), 500
communities (20 % private or secret), 1,000,000 posts over the last year. The
data goes into its own database (``--database``, default ``bridge_bench_feed``),
dropped and created again on the server of DATABASE_URL, migrated, and loaded
with PostgreSQL COPY. Takes a few minutes; bench/feed.py reads it.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_DATABASE = "bridge_bench_feed"
EMPLOYEES, PARTNERS = 0.80, 0.12  # of the people; the rest are customers
TAGGED = 0.3  # of the posts carry hashtags
DELETED = 0.01  # of the posts are deleted
KINDS = ("like", "celebrate", "insightful", "support", "curious")
WORDS = (
    "roadmap release customer partner launch feedback pricing onboarding support "
    "integration security review design research data metrics quarter team sprint "
    "idea question update workshop webinar migration api mobile performance"
).split()


def bench_database_url(name: str) -> str:
    """DATABASE_URL with its database name replaced by the bench database."""
    parts = urlsplit(
        os.environ.get("DATABASE_URL", "postgres://bridge:bridge@127.0.0.1:5432/bridge")
    )
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str, name: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def copy(cursor: object, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    count = 0
    started = time.perf_counter()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as writer:
        for row in rows:
            writer.write_row(row)
            count += 1
    print(f"  {table:<28} {count:>10,} rows in {time.perf_counter() - started:5.1f} s")
    return count


class Network:
    """The shape of the generated network, kept in memory to draw posts from."""

    def __init__(self, *, people: int, communities: int, seed: int) -> None:
        self.random = random.Random(seed)
        self.people = people
        self.communities = communities
        self.now = datetime.now(tz=UTC)
        self.affiliation: list[str] = []
        self.community_kind: list[tuple[str, str]] = []  # (audience, visibility)
        self.members: list[list[int]] = []  # per community, its member ids
        self.weight: list[float] = []  # per community, how much it posts

    # Ids are 1-based and assigned by us, so that rows can refer to each other.
    def build(self) -> None:
        rnd = self.random
        for number in range(self.people):
            share = number / self.people
            kind = "customer"
            if share < EMPLOYEES:
                kind = "employee"
            elif share < EMPLOYEES + PARTNERS:
                kind = "partner"
            self.affiliation.append(kind)
        for _ in range(self.communities):
            audience = rnd.choices(("internal", "partner", "customer"), (60, 25, 15))[0]
            visibility = rnd.choices(("open", "private", "secret"), (80, 17, 3))[0]
            self.community_kind.append((audience, visibility))
            self.members.append([])
        # Popularity follows a long tail: a few large communities, many small ones.
        popularity = [1 / (rank + 1) ** 0.8 for rank in range(self.communities)]
        rnd.shuffle(popularity)
        by_audience = {
            kind: [c for c in range(self.communities) if self.community_kind[c][0] == kind]
            for kind in ("internal", "partner", "customer")
        }
        for person in range(self.people):
            kind = self.affiliation[person]
            if kind == "employee":
                pool = list(range(self.communities))
                joined = rnd.randint(5, 20)
            else:
                # Externals are only ever in communities of their own audience.
                pool = by_audience[kind]
                joined = rnd.randint(1, 4)
            chosen = set()
            while len(chosen) < min(joined, len(pool)):
                chosen.add(rnd.choices(pool, [popularity[c] for c in pool])[0])
            for community in chosen:
                self.members[community].append(person + 1)
        self.weight = [popularity[c] * (1 + len(self.members[c])) for c in range(self.communities)]

    def users(self, password: str) -> Iterator[tuple]:
        joined = self.now - timedelta(days=400)
        for number, kind in enumerate(self.affiliation, start=1):
            organisation = "" if kind == "employee" else f"{kind.title()} Co {number % 40}"
            yield (
                number,
                password,
                False,
                f"user{number}",
                f"First{number}",
                f"Last{number}",
                f"user{number}@bench.example",
                False,
                True,
                joined,
                "",
                "",
                "Engineering" if kind == "employee" else "",
                "",
                "",
                "",
                "",
                "",
                "",
                kind,
                organisation,
                False,
                False,
                False,
                "",
                False,
            )

    def communities_rows(self) -> Iterator[tuple]:
        created = self.now - timedelta(days=400)
        for number, (audience, visibility) in enumerate(self.community_kind, start=1):
            owner = self.members[number - 1][0] if self.members[number - 1] else 1
            yield (
                number,
                f"Community {number}",
                f"community-{number}",
                "",
                "",
                audience,
                visibility,
                owner,
                created,
                "",
            )

    def memberships(self) -> Iterator[tuple]:
        joined = self.now - timedelta(days=390)
        number = 0
        for community, members in enumerate(self.members, start=1):
            for position, person in enumerate(members):
                number += 1
                yield (number, community, person, "owner" if position == 0 else "member", joined)


def generate(args: argparse.Namespace) -> None:  # noqa: PLR0915 -- one linear script
    url = bench_database_url(args.database)
    print(f"database {args.database}: dropping, creating, migrating")
    recreate_database(url, args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridge.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("HTTPS", "false")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    network = Network(people=args.people, communities=args.communities, seed=args.seed)
    network.build()
    rnd = network.random
    started = time.perf_counter()
    cursor = connection.cursor().cursor  # psycopg's own cursor, for COPY

    copy(
        cursor,
        "network_user",
        (
            "id password is_superuser username first_name last_name email is_staff is_active "
            "date_joined display_name title department bio location linkedin_url x_url "
            "blog_url website_url affiliation organisation is_platform_admin is_hr_admin "
            "is_community_manager avatar is_communications"
        ).split(),
        network.users(make_password("bench")),
    )
    copy(
        cursor,
        "network_community",
        "id name slug description rules audience visibility created_by_id created_at cover".split(),
        network.communities_rows(),
    )
    copy(
        cursor,
        "network_membership",
        ("id", "community_id", "user_id", "role", "joined_at"),
        network.memberships(),
    )

    hashtags = [f"{rnd.choice(WORDS)}{number}" for number in range(1, args.hashtags + 1)]
    copy(cursor, "network_hashtag", ("id", "name"), enumerate(hashtags, start=1))
    tag_weights = [1 / (rank + 1) for rank in range(len(hashtags))]

    # Follows: employees follow some people and open communities; everyone some hashtags.
    def follows() -> Iterator[tuple]:
        number = 0
        created = network.now - timedelta(days=30)
        open_communities = [
            number
            for number, (_, visibility) in enumerate(network.community_kind, start=1)
            if visibility == "open"
        ]
        for person in range(1, args.people + 1):
            employee = network.affiliation[person - 1] == "employee"
            people = rnd.sample(range(1, args.people + 1), rnd.randint(0, 30 if employee else 5))
            communities = rnd.sample(open_communities, rnd.randint(0, 5)) if employee else []
            tags = set(rnd.choices(range(1, len(hashtags) + 1), tag_weights, k=rnd.randint(0, 5)))
            for target in people:
                if target != person:
                    number += 1
                    yield (number, person, target, None, None, created)
            for target in communities:
                number += 1
                yield (number, person, None, target, None, created)
            for target in tags:
                number += 1
                yield (number, person, None, None, target, created)

    copy(
        cursor,
        "network_follow",
        ("id", "follower_id", "person_id", "community_id", "hashtag_id", "created_at"),
        follows(),
    )

    # Posts: drawn by community activity, written by one of its members, spread over
    # a year with ids increasing with time (as they would be in production).
    year = timedelta(days=365).total_seconds()
    posting = [c for c in range(args.communities) if network.members[c]]
    weights = [network.weight[c] for c in posting]
    ages = sorted((rnd.random() ** 1.3 * year for _ in range(args.posts)), reverse=True)
    communities_of_posts = rnd.choices(posting, weights, k=args.posts)
    post_meta: list[tuple[int, float]] = []  # (community index, age in seconds) per post id
    post_tags: list[tuple[int, int]] = []

    def posts() -> Iterator[tuple]:
        for number in range(1, args.posts + 1):
            community = communities_of_posts[number - 1]
            age = ages[number - 1]
            post_meta.append((community, age))
            created = network.now - timedelta(seconds=age)
            words = rnd.choices(WORDS, k=rnd.randint(5, 30))
            if rnd.random() < TAGGED:
                for tag in set(rnd.choices(range(1, len(hashtags) + 1), tag_weights, k=2)):
                    words.append(f"#{hashtags[tag - 1]}")
                    post_tags.append((number, tag))
            body = " ".join(words)
            yield (
                number,
                community + 1,
                rnd.choice(network.members[community]),
                body,
                f"<p>{body}</p>",
                created,
                None,
                created + timedelta(hours=1) if rnd.random() < DELETED else None,
                None,
                "",
            )

    copy(
        cursor,
        "network_post",
        (
            "id community_id author_id body body_html created_at edited_at deleted_at pinned_at "
            "moderation_reason"
        ).split(),
        posts(),
    )
    copy(
        cursor,
        "network_post_hashtags",
        ("id", "post_id", "hashtag_id"),
        ((n, post, tag) for n, (post, tag) in enumerate(post_tags, start=1)),
    )

    def engaged() -> Iterator[tuple[int, list[int], datetime]]:
        """Posts that drew a response, with members who responded and when."""
        for number, (community, age) in enumerate(post_meta, start=1):
            if rnd.random() < args.engaged:
                members = network.members[community]
                people = rnd.sample(members, min(len(members), rnd.randint(1, 12)))
                yield number, people, network.now - timedelta(seconds=age * rnd.random())

    reactions: list[tuple] = []
    comments: list[tuple] = []
    for post, people, when in engaged():
        for person in people:
            reactions.append((len(reactions) + 1, post, person, rnd.choice(KINDS), when))
        for person in people[: rnd.randint(0, 5)]:
            body = " ".join(rnd.choices(WORDS, k=8))
            comments.append(
                (len(comments) + 1, post, None, person, body, f"<p>{body}</p>", when, "")
            )
    copy(cursor, "network_reaction", ("id", "post_id", "user_id", "kind", "created_at"), reactions)
    copy(
        cursor,
        "network_comment",
        ("id post_id parent_id author_id body body_html created_at moderation_reason").split(),
        comments,
    )

    poll_posts = rnd.sample(range(1, args.posts + 1), args.posts // 50)
    copy(
        cursor,
        "network_poll",
        ("id", "post_id", "multiple", "closes_at"),
        ((n, post, False, None) for n, post in enumerate(poll_posts, start=1)),
    )
    copy(
        cursor,
        "network_polloption",
        ("id", "poll_id", "text", "position"),
        (
            (3 * (poll - 1) + position + 1, poll, f"Option {position + 1}", position)
            for poll in range(1, len(poll_posts) + 1)
            for position in range(3)
        ),
    )

    def votes() -> Iterator[tuple]:
        number = 0
        for poll, post in enumerate(poll_posts, start=1):
            members = network.members[post_meta[post - 1][0]]
            for person in rnd.sample(members, min(len(members), rnd.randint(0, 8))):
                number += 1
                yield (number, 3 * (poll - 1) + rnd.randint(1, 3), person, network.now)

    copy(cursor, "network_pollvote", ("id", "option_id", "user_id", "created_at"), votes())

    for table in (
        "network_user network_community network_membership network_hashtag network_follow "
        "network_post network_post_hashtags network_reaction network_comment network_poll "
        "network_polloption network_pollvote"
    ).split():
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 -- our names
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    connection.commit() if not connection.get_autocommit() else None
    print(f"loaded in {time.perf_counter() - started:.0f} s; analyzing")
    cursor.execute("VACUUM ANALYZE")
    print("done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--communities", type=int, default=500)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--hashtags", type=int, default=2_000)
    parser.add_argument(
        "--engaged", type=float, default=0.3, help="share of posts with reactions/comments"
    )
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    generate(args)


if __name__ == "__main__":
    main()
