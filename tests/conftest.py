import os

import pytest
from axes.utils import reset
from hypothesis import settings

from network.personas import PERSONAS

pytest_plugins = [
    "tests.fixtures.personas",
    "tests.fixtures.content",
    "tests.fixtures.services",
    "tests.fixtures.processes",
    "tests.fixtures.live_stack",
    "tests.fixtures.ideas",
    "tests.fixtures.elasticsearch_server",
    "tests.fixtures.search",
    "tests.fixtures.webhooks",
]

# Property tests (Hypothesis) try the same examples on every run: a red build turns red
# again when run again, on CI or on a laptop, instead of being a draw a re-run hides.
# So no failing examples are kept between runs (database=None): the failure comes back
# by itself, and its example is printed. HYPOTHESIS_PROFILE=explore draws new examples,
# many more.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _forget_sign_in_failures():
    """Lockouts are counted in Redis, which outlives each test's database."""
    yield
    for username in PERSONAS:
        reset(ip="127.0.0.1", username=username)
