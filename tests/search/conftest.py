"""Search tests run on the real Elasticsearch, each under an index prefix of its own
(tests/fixtures/search.py)."""

import pytest

from tests.search.engine import BACKENDS


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each test runs once per backend; Elasticsearch's with indices of its own."""
    if request.param == "elasticsearch":
        request.getfixturevalue("search_indices")
    return request.param
