"""Rate limits: per token, and per person over all their tokens and their pages."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from integrations.models import ApiToken
from network.models import User
from tests.fixtures.personas import signed_in
from tests.integrations.tokens import bearer, issue

pytestmark = pytest.mark.django_db


def forget_counts(person: User) -> None:
    """The counts live in Redis, which outlives the test database and its ids."""
    keys = [f"throttle:token:{pk}" for pk in ApiToken.objects.values_list("pk", flat=True)]
    cache.delete_many([*keys, f"throttle:person:{person.pk}"])


@override_settings(API_RATE_LIMITS={"token": 3, "person": 5})
def test_each_token_has_its_limit_and_the_person_one_over_all(persona):
    ada = persona("ada")
    first, second = bearer(issue(ada, ["read"])), bearer(issue(ada, ["read"]))
    forget_counts(ada)
    assert [first.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/me/")
    assert refused.status_code == 429
    assert refused.json()["type"] == "throttled"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another token of hers has its own count, until she reaches hers: 5 calls in all
    # (the one her first token was refused counts: it was made).
    assert [second.get("/api/v1/me/").status_code for _ in range(2)] == [200, 429]
    # Her pages' API calls count towards the same limit.
    assert signed_in(ada).get("/api/v1/me/").status_code == 429
    # Others are not slowed down by her.
    linus = persona("linus")
    forget_counts(linus)
    assert signed_in(linus).get("/api/v1/me/").status_code == 200


@override_settings(API_RATE_LIMITS={"token": 2, "person": 100})
def test_refused_calls_do_not_write(persona):
    ada = persona("ada")
    client = bearer(issue(ada, ["write:profile"]))
    forget_counts(ada)
    for title in ("One", "Two", "Three"):
        client.patch("/api/v1/me/", {"title": title}, content_type="application/json")
    assert User.objects.get(pk=ada.pk).title == "Two"
