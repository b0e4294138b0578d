"""ETags on API reads: a client revalidates and gets 304 while nothing changed."""

import pytest

from tests.integrations.tokens import bearer, issue

pytestmark = pytest.mark.django_db


def test_reads_carry_an_etag_and_an_unchanged_one_answers_304(persona):
    ada = persona("ada")
    client = bearer(issue(ada, ["read", "write:profile"]))
    first = client.get("/api/v1/me/")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Authorization" in first.headers["Vary"]
    unchanged = client.get("/api/v1/me/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    client.patch("/api/v1/me/", {"title": "Lead"}, content_type="application/json")
    changed = client.get("/api/v1/me/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
