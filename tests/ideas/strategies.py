"""Hypothesis strategies for an idea's columns and a reader's seed."""

from datetime import UTC, datetime

from hypothesis import strategies as st

from ideas.ranking import personal_seed

# Anything a PositiveIntegerField holds: up votes, down votes, comments.
counts = st.integers(min_value=0, max_value=2**31 - 1)
# (up votes, down votes, comments)
engagements = st.tuples(counts, counts, counts)
# Aware datetimes, to the microsecond (Hypothesis takes its bounds naive).
moments = st.datetimes(
    min_value=datetime(2015, 1, 1),  # noqa: DTZ001
    max_value=datetime(2040, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
# Seeds as the API makes them: one person, one board.
seeds = st.builds(personal_seed, st.integers(1, 10**9), st.integers(1, 10**6))
