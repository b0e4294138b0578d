"""Idempotency-Key on POSTs: a retry gets the first answer, and nothing twice."""

import json
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from integrations import idempotency
from integrations.models import ApiToken, IdempotentRequest
from network.models import Post
from tests.fixtures.personas import community, signed_in
from tests.integrations.tokens import bearer, issue

pytestmark = pytest.mark.django_db


def post_news(client: Client, key: str, body: str = "Launch day") -> object:
    engineering = community("engineering")
    return client.post(
        f"/api/v1/communities/{engineering.pk}/posts/",
        {"body": body},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


@pytest.fixture
def ada_token(demo) -> Client:
    return bearer(issue(demo["ada"], ["read", "write:posts"]))


def test_a_retry_is_answered_with_the_first_response_and_creates_nothing(ada_token):
    first = post_news(ada_token, "k-1")
    again = post_news(ada_token, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Post.objects.filter(body="Launch day").count() == 1


def test_the_same_key_with_another_request_is_a_conflict(ada_token):
    post_news(ada_token, "k-2", "One")
    response = post_news(ada_token, "k-2", "Two")
    assert response.status_code == 409
    assert response.json()["type"] == "idempotency_key_reused"
    assert not Post.objects.filter(body="Two").exists()


def test_keys_are_each_callers_own(demo, ada_token):
    linus = bearer(issue(demo["linus"], ["write:posts"]))
    assert post_news(ada_token, "shared").status_code == 201
    assert post_news(linus, "shared").status_code == 201
    assert post_news(signed_in(demo["ada"]), "shared").status_code == 201
    assert Post.objects.filter(body="Launch day").count() == 3


def test_a_signed_in_person_retrying_from_a_page_gets_the_first_answer(demo):
    ada = signed_in(demo["ada"])
    first, again = post_news(ada, "page-1"), post_news(ada, "page-1")
    assert again.content == first.content and again.status_code == 201
    assert Post.objects.filter(body="Launch day").count() == 1


def test_a_refused_request_is_replayed_as_refused(ada_token):
    first = post_news(ada_token, "k-3", body="")
    again = post_news(ada_token, "k-3", body="")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()
    assert again.json()["fields"]["body"]


def test_refused_credentials_are_not_kept_so_a_fixed_retry_runs(demo):
    ada = demo["ada"]
    reader = bearer(issue(ada, ["read"]))
    assert post_news(reader, "k-4").status_code == 403
    assert not IdempotentRequest.objects.exists()
    # The same person, signed in, may use the key now.
    assert post_news(signed_in(ada), "k-4").status_code == 201


def test_a_revoked_token_gets_no_replay(demo):
    secret = issue(demo["ada"], ["write:posts"])
    assert post_news(bearer(secret), "k-9").status_code == 201
    ApiToken.objects.update(revoked_at=timezone.now())
    assert post_news(bearer(secret), "k-9").status_code == 401


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
def test_a_malformed_key_is_a_400_and_nothing_runs(ada_token, key):
    response = post_news(ada_token, key)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "Idempotency-Key": ["1 to 255 printable ASCII characters."]
    }
    assert not Post.objects.exists()


@override_settings(IDEMPOTENCY_WAIT_SECONDS=0.2)
def test_a_retry_while_the_first_still_runs_is_told_to_come_back(demo, ada_token):
    first = post_news(ada_token, "k-5")
    IdempotentRequest.objects.filter(key="k-5").update(status=None)  # as if still running
    response = post_news(ada_token, "k-5")
    assert response.status_code == 409
    assert response.json()["type"] == "idempotency_key_in_use"
    assert response.headers["Retry-After"] == "1"
    assert first.status_code == 201 and Post.objects.count() == 1


def test_keys_are_kept_for_a_day(ada_token):
    post_news(ada_token, "k-6")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert post_news(ada_token, "k-6").status_code == 201
    assert Post.objects.filter(body="Launch day").count() == 2
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert idempotency.forget_old() == 1
    assert not IdempotentRequest.objects.exists()


def test_other_methods_and_pages_ignore_the_header(demo, ada_token):
    response = ada_token.get("/api/v1/me/", headers={"Idempotency-Key": "k-7"})
    assert response.status_code == 200
    assert not IdempotentRequest.objects.exists()


def test_the_replay_carries_the_first_body_byte_for_byte(ada_token):
    first = post_news(ada_token, "k-8")
    created = json.loads(first.content)
    assert json.loads(post_news(ada_token, "k-8").content)["id"] == created["id"]
