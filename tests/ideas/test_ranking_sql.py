"""The database ranks as the reference functions do, on PostgreSQL (the suite's
database) and on SQLite (the embedded default).

There is no Idea table yet, so ideas are played by rows of django_content_type that
carry an idea's columns as annotations (``as_ideas``): rank() reads them through the
same F() names it reads on the Idea model. SQLite is an in-memory database on
Django's own backend in this process, which registers on connecting the functions
the embedded default has (SIGN; SQRT, LN where SQLite lacks them). Each query is
compiled by Django for the database it runs on.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection as postgresql_connection
from django.db.models import Case, DateTimeField, PositiveIntegerField, Value, When
from django.db.utils import ConnectionHandler
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ideas.ranking import (
    SCORE,
    hot_expression,
    hot_key,
    hot_key_expression,
    hot_score,
    personal_order_expression,
    personal_order_key,
    personal_seed,
    rank,
    wilson_expression,
    wilson_lower_bound,
)
from tests.ideas.strategies import counts, engagements, moments, seeds

pytestmark = pytest.mark.django_db

# The rows that play ideas: ids spread out, as a board's are among other boards'.
ROW_IDS = tuple(1_000_003 + 7_919 * number for number in range(40))

# The examples only read the rows a test inserted once; slow CI machines may take
# longer than Hypothesis's 200 ms for one.
database_examples = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Few votes often, so that ideas tie; any number sometimes.
board_counts = st.integers(min_value=0, max_value=3) | counts
NOW = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
# Often the same moment, so that ideas tie on age too.
board_moments = st.sampled_from([NOW, NOW - timedelta(hours=48)]) | moments


def add_rows(connection) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO django_content_type (id, app_label, model) VALUES (%s, %s, %s)",
            [(row_id, "ranking_test", f"idea{row_id}") for row_id in ROW_IDS],
        )


@pytest.fixture(scope="module")
def sqlite(django_db_blocker):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(ContentType)
        add_rows(connection)
    yield connection
    with django_db_blocker.unblock():
        connection.close()


@pytest.fixture
def postgresql(db):
    add_rows(postgresql_connection)
    return postgresql_connection


@pytest.fixture(params=["postgresql", "sqlite"])
def database(request):
    connection = request.getfixturevalue(request.param)
    assert connection.vendor == request.param
    return connection


def run(connection, queryset) -> list[tuple]:
    """``queryset``'s rows, compiled for and read from ``connection``."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def evaluate(connection, expression) -> float | int:
    """``expression`` computed by the database, once."""
    one_row = ContentType.objects.filter(pk=ROW_IDS[0]).annotate(value=expression)
    [(value,)] = run(connection, one_row.values_list("value"))
    return value


def same_number(database_value: float, python_value: float) -> bool:
    # The database does the same IEEE operations in the same order as Python and agrees
    # to the bit in practice. The absolute bound is for hot scores near zero: there the
    # score is the difference of two terms of a few units each.
    return math.isclose(database_value, python_value, rel_tol=1e-9, abs_tol=1e-12)


@database_examples
@given(ups=counts, downs=counts)
def test_wilson_in_the_database(database, ups, downs):
    in_database = evaluate(database, wilson_expression(ups=Value(ups), downs=Value(downs)))
    assert same_number(in_database, wilson_lower_bound(ups, downs))


@database_examples
@given(engagement=engagements, created_at=moments, now=moments)
# SQLite's strftime() rounds this to the millisecond, hence to the next second.
@example(engagement=(0, 0, 0), created_at=datetime(2026, 3, 1, 12, 0, 59, 999_600, UTC), now=NOW)
def test_hot_in_the_database(database, engagement, created_at, now):
    ups, downs, comments = engagement
    key = hot_key_expression(
        ups=Value(ups),
        downs=Value(downs),
        comments=Value(comments),
        created_at=Value(created_at, output_field=DateTimeField()),
    )
    assert same_number(evaluate(database, key), hot_key(*engagement, created_at))
    in_database = evaluate(database, hot_expression(now, key=key))
    assert same_number(in_database, hot_score(*engagement, created_at, now=now))


@database_examples
@given(seed=seeds, idea_id=st.integers(min_value=1, max_value=2**63 - 1))  # a BigAutoField
def test_the_personal_order_in_the_database(database, seed, idea_id):
    in_database = evaluate(database, personal_order_expression(seed, idea_id=Value(idea_id)))
    assert in_database == personal_order_key(seed, idea_id)


@dataclass(frozen=True)
class Idea:
    id: int
    up_votes: int
    down_votes: int
    comment_count: int
    created_at: datetime


def as_ideas(ideas: list[Idea]):
    """Content types dressed as ``ideas``: each row carries its idea's columns, and the
    scores the database keeps from them (as Idea's generated columns do)."""

    def column(name: str, field):
        whens = [When(pk=idea.id, then=Value(getattr(idea, name))) for idea in ideas]
        return Case(*whens, output_field=field)

    return (
        ContentType.objects.filter(pk__in=[idea.id for idea in ideas])
        .annotate(
            up_votes=column("up_votes", PositiveIntegerField()),
            down_votes=column("down_votes", PositiveIntegerField()),
            comment_count=column("comment_count", PositiveIntegerField()),
            created_at=column("created_at", DateTimeField()),
        )
        .annotate(top_score=wilson_expression(), hot_key=hot_key_expression())
    )


def reference_score(sort: str, idea: Idea, *, now: datetime, seed: int) -> float | int:
    if sort == "hot":
        engagement = (idea.up_votes, idea.down_votes, idea.comment_count)
        return hot_score(*engagement, idea.created_at, now=now)
    if sort == "top":
        return wilson_lower_bound(idea.up_votes, idea.down_votes)
    if sort == "new":
        return idea.created_at.timestamp()
    if sort == "discussed":
        return idea.comment_count
    return personal_order_key(seed, idea.id)


def reference_order(ideas: list[Idea], sort: str, *, now: datetime, seed: int) -> list[int]:
    """The ids in the order the reference functions give: score, newest, id; all
    descending."""

    def key(idea: Idea) -> tuple:
        return reference_score(sort, idea, now=now, seed=seed), idea.created_at, idea.id

    return [idea.id for idea in sorted(ideas, key=key, reverse=True)]


@st.composite
def boards(draw) -> list[Idea]:
    ids = draw(st.lists(st.sampled_from(ROW_IDS), min_size=1, max_size=12, unique=True))
    return [
        Idea(
            id=idea_id,
            up_votes=draw(board_counts),
            down_votes=draw(board_counts),
            comment_count=draw(board_counts),
            created_at=draw(board_moments),
        )
        for idea_id in ids
    ]


@database_examples
@given(
    ideas=boards(),
    sort=st.sampled_from(["hot", "top", "new", "discussed", "random"]),
    now=st.just(NOW) | moments,
    seed=seeds,
)
def test_rank_orders_as_the_reference_functions(database, ideas, sort, now, seed):
    ranked = rank(as_ideas(ideas), sort, now=now, seed=seed).values_list("pk", SCORE)

    rows = run(database, ranked)

    assert [row_id for row_id, _ in rows] == reference_order(ideas, sort, now=now, seed=seed)
    by_id = {idea.id: idea for idea in ideas}
    for row_id, score in rows:
        assert same_number(score, reference_score(sort, by_id[row_id], now=now, seed=seed))


@pytest.mark.parametrize("sort", ["hot", "top", "new", "discussed", "random"])
def test_pages_neither_repeat_nor_skip_when_everything_ties(database, sort):
    """Same votes, same comments, same moment: the id alone decides, and the pages
    of any sort cut one order."""
    ideas = [Idea(row_id, 0, 0, 0, NOW) for row_id in ROW_IDS]
    ranked = rank(as_ideas(ideas), sort, now=NOW, seed=personal_seed(5, 9)).values_list("pk")

    pages = [run(database, ranked[start : start + 7]) for start in range(0, len(ROW_IDS), 7)]

    paged = [row_id for page in pages for (row_id,) in page]
    assert paged == reference_order(ideas, sort, now=NOW, seed=personal_seed(5, 9))
    if sort != "random":
        assert paged == sorted(ROW_IDS, reverse=True)
