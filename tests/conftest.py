import pytest
from axes.utils import reset

from network.personas import PERSONAS

pytest_plugins = [
    "tests.fixtures.personas",
    "tests.fixtures.content",
    "tests.fixtures.services",
    "tests.fixtures.processes",
    "tests.fixtures.live_stack",
]


@pytest.fixture(autouse=True)
def _forget_sign_in_failures():
    """Lockouts are counted in Redis, which outlives each test's database."""
    yield
    for username in PERSONAS:
        reset(ip="127.0.0.1", username=username)
