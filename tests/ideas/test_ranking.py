"""What "top", "hot" and the personal order promise, stated as properties of the
reference functions. tests/ideas/test_ranking_sql.py holds the database to them."""

import itertools
import math
from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ideas.ranking import (
    HOT_HALF_LIFE_HOURS,
    NEWEST_FIRST,
    ORDER_PRIME,
    ORDERINGS,
    SEED_SPACE,
    default_sort,
    hot_score,
    personal_order_key,
    personal_seed,
    rank,
    wilson_lower_bound,
)
from tests.ideas.strategies import counts, engagements, moments, seeds

# Up to more votes than a company has people. Far beyond, around 10^8 votes, what one
# vote changes in the Wilson bound (~1/n²) drops below float rounding.
realistic_counts = st.integers(min_value=0, max_value=10**6)
# At least a second apart: hot scores are compared, not equal, at 1 µs.
gaps = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3650))
idea_ids = st.integers(min_value=1, max_value=10**7 - 1)


def textbook_wilson(ups: int, downs: int, z: float = 1.959963984540054) -> float:
    """Wilson's lower bound as printed: (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    n = ups + downs
    p = ups / n
    return (p + z**2 / (2 * n) - z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))) / (
        1 + z**2 / n
    )


# Wilson ("top")


def test_no_up_votes_score_zero():
    assert wilson_lower_bound(0, 0) == 0.0
    assert wilson_lower_bound(0, 12) == 0.0


def test_three_of_three_does_not_beat_ninety_five_of_a_hundred():
    assert wilson_lower_bound(3, 0) == pytest.approx(0.4385, abs=1e-4)
    assert wilson_lower_bound(95, 5) == pytest.approx(0.8882, abs=1e-4)
    assert wilson_lower_bound(3, 0) < wilson_lower_bound(95, 5)


@given(ups=counts, downs=counts)
def test_wilson_is_the_textbook_formula(ups, downs):
    if ups + downs == 0:
        return
    assert math.isclose(wilson_lower_bound(ups, downs), textbook_wilson(ups, downs), abs_tol=1e-12)


@given(ups=counts, downs=counts)
def test_wilson_lies_in_zero_to_one(ups, downs):
    assert 0.0 <= wilson_lower_bound(ups, downs) < 1.0


@given(ups=realistic_counts, downs=realistic_counts)
def test_an_up_vote_raises_the_bound_and_a_down_vote_never_does(ups, downs):
    before = wilson_lower_bound(ups, downs)

    assert wilson_lower_bound(ups + 1, downs) > before
    if ups == 0:
        assert wilson_lower_bound(ups, downs + 1) == before == 0.0
    else:
        assert wilson_lower_bound(ups, downs + 1) < before


@given(
    ups=st.integers(min_value=1, max_value=1000),
    downs=st.integers(min_value=0, max_value=1000),
    factor=st.integers(min_value=2, max_value=100),
)
def test_at_the_same_share_more_votes_rank_higher(ups, downs, factor):
    assert wilson_lower_bound(ups * factor, downs * factor) > wilson_lower_bound(ups, downs)


@given(ups=counts, downs=counts)
def test_the_up_and_down_bounds_mirror_each_other(ups, downs):
    if ups + downs == 0:
        return
    up_share, down_share = wilson_lower_bound(ups, downs), wilson_lower_bound(downs, ups)

    # Each bound is at most the share it bounds, so the two leave room between them.
    assert up_share <= ups / (ups + downs)
    assert down_share <= downs / (ups + downs)
    assert up_share + down_share < 1.0
    if ups == downs:
        assert up_share == down_share < 0.5


def test_on_boards_without_down_votes_top_means_most_votes():
    bounds = [wilson_lower_bound(ups, 0) for ups in range(200)]
    assert bounds == sorted(bounds)
    assert len(set(bounds)) == 200


# Hot


@given(engagement=engagements, created_at=moments, gap=gaps, now=moments)
def test_at_equal_votes_the_newer_idea_is_hotter(engagement, created_at, gap, now):
    newer = hot_score(*engagement, created_at, now=now)
    older = hot_score(*engagement, created_at - gap, now=now)
    assert newer > older


@given(engagement=engagements, created_at=moments, now=moments)
def test_at_equal_age_votes_and_comments_move_an_idea(engagement, created_at, now):
    ups, downs, comments = engagement

    def hot(ups: int, downs: int, comments: int) -> float:
        return hot_score(ups, downs, comments, created_at, now=now)

    assert hot(ups + 1, downs, comments) > hot(ups, downs, comments)
    assert hot(ups, downs + 1, comments) < hot(ups, downs, comments)
    assert hot(ups, downs, comments + 1) > hot(ups, downs, comments)
    # COMMENT_WEIGHT: two comments count as one vote.
    assert hot(ups, downs, comments + 2) == hot(ups + 1, downs, comments)


@given(ups=counts, created_at=moments, now=moments)
def test_engagement_halves_every_half_life(ups, created_at, now):
    """An idea one half-life older holds its place with twice the (1 + engagement)."""
    younger = hot_score(ups, 0, 0, created_at, now=now)
    older = hot_score(2 * ups + 1, 0, 0, created_at - timedelta(hours=HOT_HALF_LIFE_HOURS), now=now)
    assert math.isclose(younger, older, abs_tol=1e-9)


@given(
    first=st.tuples(counts, counts, counts, moments),  # votes, comments, created_at
    second=st.tuples(counts, counts, counts, moments),
    now=moments,
    later=gaps,
)
def test_the_clock_never_reorders_two_ideas(first, second, now, later):
    def lead(at: datetime) -> float:
        return hot_score(*first, now=at) - hot_score(*second, now=at)

    assert math.isclose(lead(now), lead(now + later), abs_tol=1e-9)


def test_a_new_idea_scores_its_engagement_in_doublings():
    assert hot_score(3, 0, 0, timezone.now()) == pytest.approx(2.0, abs=1e-6)
    assert hot_score(0, 3, 0, timezone.now()) == pytest.approx(-2.0, abs=1e-6)


def test_hot_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        hot_score(1, 0, 0, datetime(2026, 1, 1))  # noqa: DTZ001 -- naive on purpose


# The personal order


def test_the_personal_order_is_pinned():
    """Changing the formula reshuffles every board for everyone, mid-page too: it must
    be done on purpose, with this test."""
    assert personal_seed(1, 1) == 1_491_692_027_380_493_444
    assert personal_order_key(1_491_692_027_380_493_444, 1234) == 900_418_831


@given(user=st.integers(1, 10**9), board=st.integers(1, 10**6))
def test_a_seed_depends_on_the_person_and_the_board(user, board):
    assert 0 <= personal_seed(user, board) < SEED_SPACE
    assert personal_seed(user, board) != personal_seed(user + 1, board)
    assert personal_seed(user, board) != personal_seed(user, board + 1)


@given(seed=seeds, first=idea_ids, second=idea_ids)
def test_two_ideas_never_share_a_key(seed, first, second):
    if first != second:
        assert personal_order_key(seed, first) != personal_order_key(seed, second)


def test_a_seed_permutes_a_long_run_of_ids():
    for seed in (0, 1, personal_seed(7, 3), SEED_SPACE - 1):
        keys = {personal_order_key(seed, idea_id) for idea_id in range(10**6, 10**6 + 100_000)}
        assert len(keys) == 100_000
        assert min(keys) >= 0
        assert max(keys) < ORDER_PRIME


def test_the_arithmetic_fits_in_a_signed_64_bit_integer():
    # The largest product computed, in Python as in SQL: (p-1)·(p-1) + (p-1).
    assert (ORDER_PRIME - 1) * (ORDER_PRIME - 1) + ORDER_PRIME - 1 < 2**63


@given(
    people=st.lists(st.integers(1, 10**6), min_size=2, max_size=2, unique=True),
    board=st.integers(1, 10**6),
    first_id=idea_ids,
)
def test_two_people_see_different_orders(people, board, first_id):
    ideas = range(first_id, first_id + 20)
    orders = [
        sorted(ideas, key=lambda idea: personal_order_key(personal_seed(person, board), idea))
        for person in people
    ]
    assert orders[0] != orders[1]


def test_every_idea_gets_its_share_of_first_pages():
    """The point of the random order: across 1,000 people, each of a board's 100 ideas
    is on about 100 first pages of 10 (binomial: ±9.5 for one standard deviation)."""
    ideas = range(52_000, 52_100)
    on_first_page = dict.fromkeys(ideas, 0)
    for person in range(1, 1001):
        seed = personal_seed(person, 7)
        for idea in sorted(ideas, key=lambda idea: personal_order_key(seed, idea))[:10]:
            on_first_page[idea] += 1
    assert 55 <= min(on_first_page.values())
    assert max(on_first_page.values()) <= 145


def test_the_order_does_not_walk_the_ids_in_a_stride():
    """Ids of one board run close together; a multiplication alone would sort them as
    k, k+s, k+2s... with at most three gap sizes (the three-gap theorem)."""
    ideas = range(52_000, 52_100)
    for person in range(1, 101):
        seed = personal_seed(person, 7)
        order = sorted(ideas, key=lambda idea: personal_order_key(seed, idea))
        gaps = {later - earlier for earlier, later in itertools.pairwise(order)}
        assert len(gaps) > 30


# The public sorts


def test_every_sort_breaks_ties_newest_first_then_by_id():
    assert set(ORDERINGS) == {"hot", "top", "new", "discussed", "random"}
    for ordering in ORDERINGS.values():
        assert ordering.order_by[-2:] == NEWEST_FIRST


def test_an_unknown_sort_is_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match=r"'best'.*hot, top, new, discussed, random"):
        rank(ContentType.objects.all(), "best", now=timezone.now(), seed=1)


def test_boards_that_hide_votes_open_in_a_random_order():
    assert default_sort(hides_vote_counts=True) == "random"
    assert default_sort(hides_vote_counts=False) == "hot"
