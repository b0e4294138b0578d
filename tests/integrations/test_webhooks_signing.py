"""The verification recipe of docs/webhooks.md, run as printed there, against real
deliveries: it accepts them, and refuses a changed body, another secret, another id
and a replay; the official Standard Webhooks library agrees."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from integrations.webhooks import signing
from network.services.posts import post_create
from tests.fixtures.personas import council
from tests.fixtures.webhooks import documented_verify
from tests.integrations.webhooks import subscribe

verify = documented_verify()


@pytest.fixture
def delivered(demo, receiver, beat):
    hook = subscribe(demo["carla"], receiver, "/carla", ["post.created"])
    post_create(actor=demo["linus"], community=council(), body="Signed, sealed, delivered")
    beat()
    [got] = receiver.events("/carla")
    return hook["secret"], got


def test_the_documented_recipe_accepts_a_delivery(delivered):
    secret, got = delivered
    assert verify(secret, got.headers, got.body)


def test_the_official_library_accepts_it_as_documented(delivered):
    secret, got = delivered
    event = Webhook(secret).verify(got.body, got.headers)
    assert event["type"] == "post.created"


def test_a_changed_body_another_secret_or_another_id_is_refused(delivered):
    secret, got = delivered
    assert not verify(secret, got.headers, got.body.replace(b"sealed", b"opened"))
    assert not verify(signing.new_secret(), got.headers, got.body)
    swapped = {**got.headers, "webhook-id": "00000000-0000-0000-0000-000000000000"}
    assert not verify(secret, swapped, got.body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(got.body.replace(b"sealed", b"opened"), got.headers)


def test_a_replay_more_than_five_minutes_later_is_refused(delivered):
    secret, got = delivered
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert not verify(secret, got.headers, got.body)
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(got.body, got.headers)


def test_secrets_are_32_random_bytes_in_the_standard_form():
    made = {signing.new_secret() for _ in range(20)}
    assert len(made) == 20
    for secret in made:
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
