"""Search tests run on the real Elasticsearch, each under an index prefix of its own."""

import uuid

import pytest

from search.client import get_client
from search.indices import ensure_all


@pytest.fixture
def own_prefix(settings, elasticsearch_url):
    """A prefix of this test's own, so parallel runs sharing the cluster never meet;
    its indices are deleted afterwards."""
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bridge_test_{uuid.uuid4().hex[:8]}"
    yield settings.ELASTICSEARCH_INDEX_PREFIX
    client = get_client()
    # By name: the server refuses to delete by wildcard (action.destructive_requires_name).
    made = client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}_*")
    if made:
        client.indices.delete(index=",".join(made))


@pytest.fixture
def search_indices(own_prefix):
    """Empty indices for every kind, behind their aliases."""
    ensure_all()
    return own_prefix


@pytest.fixture(params=("elasticsearch", "database"))
def backend(request) -> str:
    """Each test runs once per backend; Elasticsearch's with indices of its own."""
    if request.param == "elasticsearch":
        request.getfixturevalue("search_indices")
    return request.param
