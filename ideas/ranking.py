"""How the ideas of a board are ordered: hot, top, new, most discussed, and a random
order of one's own. docs/ideas.md ("Ranking") gives the formulas and the reasons.

Every score exists twice: as a pure function, the reference (the API explains a
score with it, the tests state its properties), and as a database expression over
an idea's denormalized counts, so that a page is one ORDER BY ... LIMIT on
PostgreSQL and on SQLite. tests/ideas/test_ranking_sql.py holds the two to the same
numbers on both databases.

The orders that do not depend on the reader are kept in the idea's row: the
database computes ``top_score`` (wilson_expression) and ``hot_key``
(hot_key_expression) from the counts whenever they change (generated columns), and
an index per order hands out a page without reading the rest of the board: 10,000
ideas sorted by an expression took 13-19 ms a page, by the index well under one
(bench/ideas.py). The personal random order alone is computed for every idea.

Only these columns are read, never the Idea model itself: ``up_votes``,
``down_votes`` (0 on boards without down votes), ``comment_count``, ``created_at``,
``id``, and the two kept scores. Any queryset that has them can be ranked.
"""

import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import NormalDist
from types import MappingProxyType
from typing import TypeVar

from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Model,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Abs, Cast, Ln, Sign, Sqrt
from django.db.models.lookups import GreaterThan
from django.utils import timezone

# "top" ranks an idea by the share of up votes it can claim with 97.5% confidence:
# the lower end of the two-sided 95% Wilson interval, z = 1.95996...
Z_95 = NormalDist().inv_cdf(0.975)

# In "hot" a comment counts half a vote. A vote is one person's yes or no, given
# once; comments are unbounded per person and as often objections as support. They
# say an idea is alive, not that people want it.
COMMENT_WEIGHT = 0.5

# "hot" decays an idea's engagement by half every two days. Boards are read a few
# times a week, not by the minute: an idea voted on yesterday should still be on
# the first page, while a week-old one needs 2^(168/48) ≈ 11 times the engagement of
# a new one, so "hot" stays about this week and "top" keeps the best of all time.
HOT_HALF_LIFE_HOURS = 48.0
HOT_HALF_LIFE_SECONDS = HOT_HALF_LIFE_HOURS * 3600.0

# The personal order is a permutation of the residues modulo this prime: the
# largest prime below 2^31 with ORDER_PRIME % 3 == 2, which makes cubing a bijection
# (personal_order_key). Residues below 2^31 keep every product below 2^62: no
# overflow in PostgreSQL's bigint nor in SQLite's 64-bit integers.
ORDER_PRIME = 2_147_483_579
# Seeds name a (multiplier, offset) pair: 1..p-1 times 0..p-1.
SEED_SPACE = (ORDER_PRIME - 1) * ORDER_PRIME

# The annotation rank() adds: the idea's score in the sort asked for, higher first.
SCORE = "ranking_score"
# Every sort ends with these. Newest first among equals: the new idea is the one
# people have not seen yet (and "top" is full of ideas tied at no votes). Then the
# id, because timestamps tie too (ideas imported at once): only a total order makes
# LIMIT/OFFSET paging stable; with ties, PostgreSQL may return the tied rows in a
# different order for each page, and an idea shows up twice or never.
NEWEST_FIRST = ("-created_at", "-id")
# Sorts whose order tells how people voted: a board that hides vote counts until
# one has voted must not offer them (docs/ideas.md).
SORTS_REVEALING_VOTES = frozenset({"hot", "top"})

_LN_2 = math.log(2.0)


# The reference functions. The database expressions below do the same floating
# point operations in the same order, so the two agree to the last bit in practice.


def wilson_lower_bound(ups: int, downs: int, z: float = Z_95) -> float:
    """The lower bound of the Wilson score interval for the share of up votes:
    what "top" ranks by. 3 up votes of 3 score 0.44, 95 of 100 score 0.89.
    0.0 with no up votes (no votes, or only down votes)."""
    if ups < 0 or downs < 0:
        raise ValueError("Vote counts cannot be negative.")
    if ups == 0:
        return 0.0
    up, down = float(ups), float(downs)
    total = up + down
    # (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), multiplied through by n:
    # fewer divisions, and no 0/0 to guard against.
    return (up + z * z / 2 - z * math.sqrt(up * down / total + z * z / 4)) / (total + z * z)


def hot_key(ups: int, downs: int, comments: int, created_at: datetime) -> float:
    """What "hot" sorts by: sign(e)·log2(1 + |e|) + created_at / HOT_HALF_LIFE, where
    e = ups - downs + COMMENT_WEIGHT·comments and the time is in seconds since 1970.
    It does not depend on the clock, so the database keeps it in a column
    (Idea.hot_key) and an index serves the order; hot_score is this minus the same
    term for now."""
    if timezone.is_naive(created_at):
        raise ValueError("hot_key needs an aware datetime.")
    engagement = float(ups) - float(downs) + COMMENT_WEIGHT * float(comments)
    magnitude = math.log(1.0 + abs(engagement)) / _LN_2
    sign = (engagement > 0) - (engagement < 0)
    return sign * magnitude + created_at.timestamp() / HOT_HALF_LIFE_SECONDS


def hot_score(
    ups: int, downs: int, comments: int, created_at: datetime, *, now: datetime | None = None
) -> float:
    """sign(e)·log2(1 + |e|) - age / HOT_HALF_LIFE, where
    e = ups - downs + COMMENT_WEIGHT·comments: the engagement halved every
    HOT_HALF_LIFE_HOURS, on a logarithmic scale. A new idea with 3 up votes scores 2.0.

    The age is subtracted from every idea alike, so the order of two ideas never
    changes with the clock, only with their votes and comments: a reader's pages do
    not reshuffle as time passes, and the order can be kept in an index (hot_key).
    Ideas voted down sink further with age instead of rising towards zero, as they
    would under a multiplied decay.
    """
    now = timezone.now() if now is None else now
    if timezone.is_naive(now):
        raise ValueError("hot_score needs aware datetimes.")
    return hot_key(ups, downs, comments, created_at) - now.timestamp() / HOT_HALF_LIFE_SECONDS


def personal_seed(user_id: int, board_id: int) -> int:
    """The seed of one person's order of one board's ideas, in [0, SEED_SPACE).

    A hash, not Python's hash(): it must be the same in every process and release,
    or a person's order would change between two pages.
    """
    digest = hashlib.blake2b(
        f"{user_id}:{board_id}".encode(), digest_size=16, person=b"bridge-ideas"
    ).digest()
    return int.from_bytes(digest, "big") % SEED_SPACE


def _multiplier_and_offset(seed: int) -> tuple[int, int]:
    seed %= SEED_SPACE
    return 1 + seed % (ORDER_PRIME - 1), seed // (ORDER_PRIME - 1)


def personal_order_key(seed: int, idea_id: int) -> int:
    """Where an idea falls in the random order of ``seed`` (see personal_seed).

    y = (a·id + b) mod p, then y³ mod p, with a and b drawn from the seed. Both
    steps are bijections modulo p, so ids below ORDER_PRIME never share a key. The
    affine step alone would sort a board's ids in a visible stride (k, k+s, k+2s...:
    the three-gap theorem); cubing breaks it. Not cryptographic, and need not be.
    """
    multiplier, offset = _multiplier_and_offset(seed)
    y = (multiplier * (idea_id % ORDER_PRIME) + offset) % ORDER_PRIME
    return y * y % ORDER_PRIME * y % ORDER_PRIME


# The same in SQL. Each builder reads the idea's columns unless given other
# expressions, which lets the tests feed it literal values.


class EpochSeconds(Func):
    """A timestamp as seconds since 1970, to the microsecond, on PostgreSQL and
    SQLite (Django's Extract has no "epoch" on SQLite). Immutable, so that a generated
    column may use it: PostgreSQL's EXTRACT from a timestamp with time zone depends on
    the session's time zone for some fields, and is refused; from the UTC wall time it
    is not."""

    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s AT TIME ZONE 'UTC')) AS double precision)"
    output_field = FloatField()
    arity = 1

    def as_sqlite(self, compiler: object, connection: object, **extra_context: object) -> tuple:
        # Django keeps datetimes in SQLite as UTC text, 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
        # strftime() is given the whole seconds only: with a fraction it rounds to
        # the millisecond first and may land on the next second.
        sql, params = compiler.compile(self.source_expressions[0])
        seconds = f"CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER)"
        microseconds = f"CAST(substr({sql}, 21) AS INTEGER)"
        return f"(({seconds} * 1000000 + {microseconds}) / 1000000.0)", (*params, *params)


def _float(value: Combinable) -> Cast:
    # Counts are integers: without the cast, 3 / 3 is integer division.
    return Cast(value, FloatField())


def wilson_expression(
    *, ups: Combinable | None = None, downs: Combinable | None = None, z: float = Z_95
) -> Case:
    """wilson_lower_bound over the columns ``up_votes`` and ``down_votes``."""
    ups = F("up_votes") if ups is None else ups
    up, down = _float(ups), _float(F("down_votes") if downs is None else downs)
    total = up + down
    bound = (up + Value(z * z / 2) - Value(z) * Sqrt(up * down / total + Value(z * z / 4))) / (
        total + Value(z * z)
    )
    return Case(
        When(GreaterThan(ups, 0), then=bound), default=Value(0.0), output_field=FloatField()
    )


def hot_key_expression(
    *,
    ups: Combinable | None = None,
    downs: Combinable | None = None,
    comments: Combinable | None = None,
    created_at: Combinable | None = None,
) -> ExpressionWrapper:
    """hot_key over ``up_votes``, ``down_votes``, ``comment_count`` and ``created_at``:
    Idea.hot_key is this expression, kept by the database."""
    engagement = (
        _float(F("up_votes") if ups is None else ups)
        - _float(F("down_votes") if downs is None else downs)
        + Value(COMMENT_WEIGHT) * _float(F("comment_count") if comments is None else comments)
    )
    magnitude = Ln(Value(1.0) + Abs(engagement)) / Value(_LN_2)
    created_at = F("created_at") if created_at is None else created_at
    return ExpressionWrapper(
        Sign(engagement) * magnitude + EpochSeconds(created_at) / Value(HOT_HALF_LIFE_SECONDS),
        output_field=FloatField(),
    )


def hot_expression(now: datetime, *, key: Combinable | None = None) -> ExpressionWrapper:
    """hot_score at ``now``, from the stored ``hot_key`` (or ``key``). ``now``
    changes the scores, never their order."""
    if timezone.is_naive(now):
        raise ValueError("hot_expression needs an aware datetime.")
    return ExpressionWrapper(
        (F("hot_key") if key is None else key) - Value(now.timestamp() / HOT_HALF_LIFE_SECONDS),
        output_field=FloatField(),
    )


def personal_order_expression(seed: int, *, idea_id: Combinable | None = None) -> ExpressionWrapper:
    """personal_order_key over ``id``, in 64-bit integer arithmetic."""
    multiplier, offset = _multiplier_and_offset(seed)
    prime = Value(ORDER_PRIME)
    # bigint before multiplying: PostgreSQL multiplies two integers in 32 bits.
    residue = Cast(F("id") if idea_id is None else idea_id, BigIntegerField()) % prime
    y = (residue * Value(multiplier) + Value(offset)) % prime
    # % rather than Django's Mod: on SQLite MOD() is fmod(), a float.
    return ExpressionWrapper(y * y % prime * y % prime, output_field=BigIntegerField())


# The public sorts.


@dataclass(frozen=True)
class Ordering:
    """One public sort: the score rank() annotates (higher ranks first) and the
    ORDER BY that applies it; stored columns are sorted on directly so that an index
    can serve them."""

    score: Callable[[datetime, int], Combinable]  # (now, seed) -> expression
    order_by: tuple[str, ...]


ORDERINGS: Mapping[str, Ordering] = MappingProxyType(
    {
        "hot": Ordering(lambda now, _: hot_expression(now), ("-hot_key", *NEWEST_FIRST)),
        "top": Ordering(lambda _, __: F("top_score"), ("-top_score", *NEWEST_FIRST)),
        "new": Ordering(lambda _, __: EpochSeconds(F("created_at")), NEWEST_FIRST),
        "discussed": Ordering(lambda _, __: F("comment_count"), ("-comment_count", *NEWEST_FIRST)),
        "random": Ordering(
            lambda _, seed: personal_order_expression(seed), (f"-{SCORE}", *NEWEST_FIRST)
        ),
    }
)

M = TypeVar("M", bound=Model)


def rank(queryset: QuerySet[M], sort: str, *, now: datetime, seed: int) -> QuerySet[M]:
    """``queryset`` (ideas, or anything with their columns) in the order of ``sort``,
    each row annotated with its score as ``ranking_score``.

    ``now`` dates "hot" scores: one page and the next should share it. ``seed`` is
    personal_seed(reader, board), used by "random".
    """
    try:
        ordering = ORDERINGS[sort]
    except KeyError:
        raise ValueError(f"Unknown sort {sort!r}: use one of {', '.join(ORDERINGS)}.") from None
    return queryset.annotate(**{SCORE: ordering.score(now, seed)}).order_by(*ordering.order_by)


def default_sort(*, hides_vote_counts: bool) -> str:
    """The order a board opens in: one's own random order where vote counts stay
    hidden until one votes, so that the first ideas everyone reads are not the same
    few that then gather the votes; "hot" elsewhere."""
    return "random" if hides_vote_counts else "hot"
